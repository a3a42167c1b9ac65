"""Benchmark for the kiosk in a real browser: server memory per tablet and time to submit.

Run from the repo:  .venv/bin/python bench/kiosk_bench.py [--contexts 10] [--submits 5]

Prints figures; asserts nothing about time. Everything stays on 127.0.0.1 and stops itself:
  1. a demo database in a temporary SQLite file (python -m voice_app demo);
  2. `streamlit run streamlit_app.py --server.headless true --server.address 127.0.0.1
     --server.port <free>` in its own process group;
  3. server RSS (VmRSS from /proc, the process and its children) at idle, after one tablet and
     after N tablets (one Chromium, N contexts at 1024x768, each tapping Start and answering one
     question);
  4. with those tablets still open, a full submit in a fresh context, tapping "I'd rather not say"
     through to "Send my answers": time from the tap on Send until the "Thank you!" heading is
     visible, median of 5;
  5. the browser is closed and the server's process group killed, whatever happened.
Chromium is Debian's /usr/bin/chromium (override with VOICE_CHROMIUM); never `playwright install`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# One way to start a server and a browser, shared with the end-to-end tests.
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.conftest import _free_port as free_port  # noqa: E402
from tests.e2e.conftest import _wait_healthy as wait_healthy  # noqa: E402

LINK = "/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room"
QUESTIONS = 9  # camhs-wellbeing
DEADLINE_S = 900  # the whole run stops itself after this


class Overrun(Exception):
    pass


def _alarm(_sig, _frame):
    raise Overrun(f"benchmark took longer than {DEADLINE_S} s")


# --- memory -------------------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> float:
    """VmRSS of pid and all its descendants, in MB (psutil is not in the venv)."""
    kids, todo, total = _children(), [pid], 0
    while todo:
        p = todo.pop()
        total += _status_kb(p, "VmRSS")
        todo.extend(kids.get(p, []))
    return round(total / 1024, 1)


def settled_rss(pid: int, wait: float = 3.0) -> float:
    time.sleep(wait)  # let the reruns finish and the allocator settle
    return rss_mb(pid)


# --- the kiosk in a browser ----------------------------------------------------------------------

def wait_idle(page) -> None:
    """Streamlit's own e2e waits: connected, and the script has stopped running."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)


def progress(page) -> str:
    bar = page.locator("[data-testid='stProgress']")
    return bar.inner_text() if bar.count() else ""


def _moved_on(page, before: str) -> None:
    page.wait_for_function(
        "b => (document.querySelector(\"[data-testid='stProgress']\")?.innerText ?? '') !== b",
        arg=before, timeout=30000)
    wait_idle(page)


def tap(page, name: str) -> None:
    before = progress(page)
    page.get_by_role("button", name=name, exact=False).filter(has_text=name).first.tap()
    _moved_on(page, before)


def tap_option(page, label: str) -> None:
    before = progress(page)
    words = re.compile(rf"(^|\s){re.escape(label)}$")  # the face emoji may come first
    page.locator("button").filter(has_text=words).first.tap()
    _moved_on(page, before)


def open_tablet(browser, url: str):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    page.goto(url + LINK)
    wait_idle(page)
    return context, page


def start_and_answer_one(browser, url: str):
    context, page = open_tablet(browser, url)
    tap(page, "Start")
    tap_option(page, "Very happy")
    return context


def timed_submit(browser, url: str) -> float:
    context, page = open_tablet(browser, url)
    try:
        tap(page, "Start")
        for _ in range(QUESTIONS):
            tap(page, "I'd rather not say")
        send = page.get_by_role("button", name="Send my answers")
        thanks = page.get_by_role("heading", name="Thank you!")
        send.wait_for(state="visible")
        start = time.perf_counter()
        send.tap()
        thanks.wait_for(state="visible", timeout=30000)
        return time.perf_counter() - start
    finally:
        context.close()


def submitted_kiosk_responses(db_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM response WHERE source = 'kiosk' "
                                     "AND submitted_at IS NOT NULL")).scalar_one()
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, default=10)
    parser.add_argument("--submits", type=int, default=5)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured")
        return 1
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(DEADLINE_S)

    tmp = tempfile.mkdtemp(prefix="voice_kiosk_bench_", dir="/tmp")
    db_url = f"sqlite:///{tmp}/voice.db"
    env = {**os.environ, "VOICE_DATABASE_URL": db_url}
    py = sys.executable
    proc = None
    result: dict = {"contexts": args.contexts, "cpus": os.cpu_count()}
    try:
        subprocess.run([py, "-m", "voice_app", "demo"], cwd=REPO, env=env, check=True,
                       capture_output=True, timeout=300)
        port = free_port()
        cmd = [py, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port)]
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # its own process group, killed at the end
        url = f"http://127.0.0.1:{port}"
        t0 = time.perf_counter()
        wait_healthy(url, proc)
        result["server_start_s"] = round(time.perf_counter() - t0, 2)
        result["rss_idle_mb"] = settled_rss(proc.pid)
        print(f"server up in {result['server_start_s']} s; RSS at idle {result['rss_idle_mb']} MB", flush=True)

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                contexts = []
                t0 = time.perf_counter()
                contexts.append(start_and_answer_one(browser, url))
                result["first_tablet_s"] = round(time.perf_counter() - t0, 2)
                result["rss_1_tablet_mb"] = settled_rss(proc.pid)
                print(f"1 tablet (Start + one answer, {result['first_tablet_s']} s): "
                      f"RSS {result['rss_1_tablet_mb']} MB", flush=True)
                per = []
                for _ in range(args.contexts - 1):
                    t0 = time.perf_counter()
                    contexts.append(start_and_answer_one(browser, url))
                    per.append(time.perf_counter() - t0)
                result["later_tablet_median_s"] = round(statistics.median(per), 2) if per else None
                result[f"rss_{args.contexts}_tablets_mb"] = settled_rss(proc.pid)
                extra = result[f"rss_{args.contexts}_tablets_mb"] - result["rss_1_tablet_mb"]
                result["rss_per_extra_tablet_mb"] = round(extra / max(1, args.contexts - 1), 1)
                print(f"{args.contexts} tablets: RSS {result[f'rss_{args.contexts}_tablets_mb']} MB "
                      f"(+{result['rss_per_extra_tablet_mb']} MB per tablet after the first; "
                      f"Start + one answer median {result['later_tablet_median_s']} s)", flush=True)

                before = submitted_kiosk_responses(db_url)
                submits = [timed_submit(browser, url) for _ in range(args.submits)]
                after = submitted_kiosk_responses(db_url)
                result["submit_runs_s"] = [round(s, 3) for s in submits]
                result["submit_median_s"] = round(statistics.median(submits), 3)
                result["submitted_rows"] = after - before
                result["rss_after_submits_mb"] = settled_rss(proc.pid, wait=1.0)
                print(f"submit (tap Send -> 'Thank you!' visible), {args.contexts} tablets open: median "
                      f"{result['submit_median_s']:.3f} s over {args.submits} "
                      f"(runs {result['submit_runs_s']}); {result['submitted_rows']} responses stored; "
                      f"RSS now {result['rss_after_submits_mb']} MB", flush=True)
                for c in contexts:
                    c.close()
            finally:
                browser.close()
    finally:
        signal.alarm(0)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the group we started, by its id
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("JSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
