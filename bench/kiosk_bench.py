"""Benchmark for the kiosk in a real browser: N children answering at once, tap times and memory.

Run from the repo:  .venv/bin/python bench/kiosk_bench.py [--sizes 1 10 30] [--min-sends 5]
                    [--think 1 3] [--seed 1] [--browsers-shares N]

Prints figures and a table; asserts nothing about time. Everything stays on 127.0.0.1 and stops
itself:
  1. a demo database in a temporary SQLite file (python -m voice_app demo);
  2. `streamlit run streamlit_app.py` on a free port of 127.0.0.1, in its own process group;
  3. for each size N: one Chromium (Debian's /usr/bin/chromium), N touch contexts at 1024x768
     that all answer the camhs-wellbeing survey AT ONCE, each like a child: a random think time
     (1-3 s) before every tap, a random age and random faces, a few words typed in the text
     questions or skipped, then "Send my answers" and "Next person"; each tablet does
     ceil(min-sends / N) surveys in a row so that every size has at least min-sends Sends;
  4. measured:
     - tap -> next screen: in the page, from the touchstart to the frame where the progress line
       or heading has changed (every tap that moves the screen: Start, answers, Next, Send, Next
       person);
     - Send -> saved: from the touchstart on Send (the page's wall clock) to the moment a reader
       polling the database every 10 ms, in a process of its own, first sees the response
       committed with `submitted_at` set (so it includes the coding and the commit; resolution
       10 ms); split into the page's own share (the touchstart to the first websocket message the
       page sends after it) and sent -> saved (the network and the server);
     - Send -> "Thank you!": in the page, until the thank-you heading is drawn;
     - server memory: VmRSS of the server process and its children at idle, and the highest
       sampled (every 0.5 s) while each size runs; CPU seconds used during each size by the
       server and by the browsers (Chromium and Playwright's driver), and the load average after;
  5. the browser is closed and the server's process group killed, whatever happened.
The browser runs on the same machine as the server, so at 30 tablets Chromium takes much of the
CPU that real tablets would not: the times are an upper bound for the server on this machine.
With --browsers-shares N (root, a cpu cgroup controller) Chromium runs in a cgroup of its own
with N CPU shares against the server's 1024, so the server is served first, as it would be with
the tablets on devices of their own; the pages still share what is left among themselves.
Chromium is /usr/bin/chromium (override with VOICE_CHROMIUM); never `playwright install`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import random
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# One way to start a server and a browser, shared with the end-to-end tests.
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.conftest import _free_port as free_port  # noqa: E402
from voice_app.servers import wait_healthy  # noqa: E402

LINK = "/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room"
DEADLINE_S = 1800  # the whole run stops itself after this
WORDS = ["My worker listens to me", "The waiting room is boring", "I like the drawings on the wall",
         "More toys please", "It is ok"]

# What shows where the child is: the progress line and the screen's heading; a tap has moved
# the screen on when this changes. Taps are stamped in the page itself (no Playwright round trip).
WHERE = ("() => [\"[data-testid='stProgress']\", 'h1', 'h2']"
         ".map(s => document.querySelector(s)?.innerText ?? '').join('|')")
STAMP_TAPS = ("document.addEventListener('touchstart', () => {"
              " window.__tapAt = performance.now(); window.__tapWall = Date.now(); window.__sentWall = null; }, true);"
              # when the page's first message after the tap left for the server (the tablet's own share)
              " const send = WebSocket.prototype.send;"
              " WebSocket.prototype.send = function (data) {"
              " if (window.__tapWall && window.__sentWall === null) window.__sentWall = Date.now();"
              " return send.call(this, data); };")
SEND, OPTIONS = ".st-key-kiosk_send button", "[class*='st-key-kiosk_opt_'] button"
# Resolves at the first DOM change that moves the screen on: a MutationObserver, not a check on
# every animation frame (30 pages polling at 60 frames a second took CPU from the server).
MOVED = (f"b => new Promise(resolve => {{ const where = {WHERE};"
         " const check = () => { if (where() !== b) { seen.disconnect();"
         " resolve(Math.max(performance.now() - window.__tapAt, 0.001)); } };"
         " const seen = new MutationObserver(check);"
         " seen.observe(document.body, {childList: true, subtree: true, characterData: true}); check(); })")


class Overrun(Exception):
    pass


def _alarm(_sig, _frame):
    raise Overrun(f"benchmark took longer than {DEADLINE_S} s")


# --- the server's process tree: memory and CPU ---------------------------------------------------

def _tree(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(entry.name))
    todo, found = [pid], []
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(kids.get(p, []))
    return found


def rss_mb(pid: int) -> float:
    """VmRSS of pid and all its descendants, in MB (psutil is not in the venv)."""
    total = 0
    for p in _tree(pid):
        try:
            total += next(int(line.split()[1]) for line in Path(f"/proc/{p}/status").read_text().splitlines()
                          if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return round(total / 1024, 1)


def cpu_s(pid: int, skip: int | None = None) -> float:
    """User + system CPU seconds of pid and its descendants (and of their children that have
    ended, such as a closed tab's renderer), leaving out the tree of `skip`."""
    left_out = set(_tree(skip)) if skip else set()
    ticks = 0
    for p in _tree(pid):
        if p in left_out or p == os.getpid():
            continue
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(int(f) for f in fields[11:15])
        except (OSError, IndexError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    ram_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{os.cpu_count()} cores, {cpu}, {ram_kb / 1024 / 1024:.1f} GB RAM, load average at start {load}"


# --- who is watching the database and the server -------------------------------------------------

def poll_saved(db_path: str, keys, found, stop) -> None:
    """In a process of its own (not sharing a GIL with the 30 pages' Playwright traffic, which
    could keep a thread from looking for tens of milliseconds): every 10 ms, the responses
    awaited that are now committed with submitted_at, each with the wall time it was first seen."""
    conn = sqlite3.connect(db_path, timeout=10)
    pending: set[str] = set()
    try:
        while not stop.wait(0.01):
            while not keys.empty():
                pending.add(keys.get())
            if pending:
                marks = ",".join("?" * len(pending))
                rows = conn.execute(f"SELECT client_key FROM response WHERE submitted_at IS NOT NULL "
                                    f"AND client_key IN ({marks})", list(pending)).fetchall()
                now = time.time()
                for (key,) in rows:
                    found.put((key, now))
                    pending.discard(key)
    finally:
        conn.close()


class Watcher(threading.Thread):
    """Hears which Sends are committed (from poll_saved's process), and samples the server's memory."""

    def __init__(self, db_path: str, server_pid: int):
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.saved_at: dict[str, float] = {}
        self.peak_rss = 0.0
        self.stop = multiprocessing.Event()
        self.keys, self.found = multiprocessing.Queue(), multiprocessing.Queue()
        self.poller = multiprocessing.Process(target=poll_saved, args=(db_path, self.keys, self.found, self.stop),
                                              daemon=True)
        self.poller.start()

    def expect(self, key: str) -> None:
        self.keys.put(key)

    def run(self) -> None:
        last_rss = 0.0
        while not self.stop.wait(0.05):
            while not self.found.empty():
                key, when = self.found.get()
                self.saved_at[key] = when
            if time.monotonic() - last_rss >= 0.5:
                last_rss = time.monotonic()
                self.peak_rss = max(self.peak_rss, rss_mb(self.server_pid))


# --- a child at a tablet -------------------------------------------------------------------------

async def wait_idle(page) -> None:
    """Streamlit's own e2e waits: connected, and the script has stopped running."""
    await page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60000)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60000)


class Child:
    def __init__(self, page, rng: random.Random, think: tuple[float, float], taps: list, sends: list):
        self.page, self.rng, self.think = page, rng, think
        self.taps, self.sends = taps, sends

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))

    async def tap(self, button) -> float:
        """Think, tap, and wait for the next screen; the seconds from the touch to that screen."""
        await self.pause()
        await button.wait_for(state="visible", timeout=60000)
        before = await self.page.evaluate(WHERE)
        moved = asyncio.create_task(self.page.evaluate(MOVED, before))  # watching before the touch
        await button.tap(timeout=60000)
        seconds = await asyncio.wait_for(moved, 60) / 1000
        self.taps.append(seconds)
        await wait_idle(self.page)
        return seconds

    async def survey(self, watcher: Watcher) -> None:
        page = self.page
        await self.tap(page.locator(".st-key-kiosk_start button"))
        while True:
            # A question's answers, its text box, or Send: whichever this screen has drawn.
            await page.locator(f"{SEND}, {OPTIONS}, textarea").first.wait_for(state="visible", timeout=60000)
            if await page.locator(SEND).count():
                break
            box = page.locator("textarea")
            if await box.count():
                if self.rng.random() < 0.5:
                    await self.pause()
                    await box.fill(self.rng.choice(WORDS))
                    await self.tap(page.locator("[class*='st-key-kiosk_next_'] button"))
                else:
                    await self.tap(page.locator("[class*='st-key-kiosk_skip_'] button"))
                continue
            options = page.locator(OPTIONS)
            await self.tap(options.nth(self.rng.randrange(await options.count())))
        key = parse_qs(urlparse(page.url).query)["r"][0]
        watcher.expect(key)
        to_thanks = await self.tap(page.locator(SEND))
        await page.get_by_role("heading", name="Thank you!").wait_for(timeout=60000)
        tapped, sent = (v / 1000 for v in await page.evaluate("[window.__tapWall, window.__sentWall]"))
        for _ in range(3000):
            if key in watcher.saved_at:
                break
            await asyncio.sleep(0.01)
        self.sends.append((watcher.saved_at[key] - tapped, to_thanks, sent - tapped))
        await self.tap(page.locator(".st-key-kiosk_next_person button"))


async def tablet(browser, url: str, child_no: int, surveys: int, args, taps, sends, watcher, failures) -> None:
    context = await browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        await context.add_init_script(STAMP_TAPS)
        page = await context.new_page()
        child = Child(page, random.Random(args.seed * 1000 + child_no), tuple(args.think), taps, sends)
        await asyncio.sleep(child.rng.uniform(0, args.think[1]))  # children do not all arrive at once
        await page.goto(url + LINK, timeout=120000)
        await wait_idle(page)
        for _ in range(surveys):
            await child.survey(watcher)
    except Exception as err:  # one tablet that fails is counted, and the others carry on
        failures.append(f"tablet {child_no}: {type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        await context.close()


async def run_size(url: str, n: int, args, watcher: Watcher, server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    taps: list[float] = []
    sends: list[tuple[float, float]] = []
    failures: list[str] = []
    surveys = math.ceil(args.min_sends / n)
    watcher.peak_rss = 0.0
    cpu0, t0 = cpu_s(server_pid), time.perf_counter()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(tablet(browser, url, i, surveys, args, taps, sends, watcher, failures)
                                   for i in range(n)))
            browser_cpu = cpu_s(os.getpid(), skip=server_pid)  # the driver and Chromium, this size only
        finally:
            await browser.close()
    wall = time.perf_counter() - t0
    return {"tablets": n, "surveys_each": surveys, "taps": taps, "sends": sends, "failures": failures,
            "peak_rss_mb": watcher.peak_rss, "server_cpu_s": round(cpu_s(server_pid) - cpu0, 1),
            "browser_cpu_s": round(browser_cpu, 1), "load_after": Path("/proc/loadavg").read_text().split()[0],
            "wall_s": round(wall, 1)}


# --- figures ---------------------------------------------------------------------------------------

def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method: never above the largest value seen)."""
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def table(idle_rss: float, sizes: list[dict]) -> str:
    """One row per size: median / p95 in milliseconds."""
    rows = [("tablets", "taps", "tap->next screen", "Sends", "Send->saved", "of which in the page", "sent->saved",
             "Send->'Thank you!'", "RSS MB peak", "CPU s: server / browsers / wall", "load"),
            ("idle", "", "", "", "", "", "", "", f"{idle_rss}", "", "")]
    for s in sizes:
        saved, thanks, page = ([send[i] for send in s["sends"]] for i in range(3))
        rows.append((str(s["tablets"]), str(len(s["taps"])), both(s["taps"]), str(len(saved)), both(saved),
                     both(page), both([a - b for a, b in zip(saved, page)]), both(thanks), f"{s['peak_rss_mb']}", f"{s['server_cpu_s']} / {s['browser_cpu_s']} / {s['wall_s']}",
                     s["load_after"]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(["times in ms, median / p95"] + lines)


def both(values: list[float]) -> str:
    return f"{ms(statistics.median(values))} / {ms(p95(values))}" if values else "-"


CGROUP_V1, CGROUP_V2 = Path("/sys/fs/cgroup/cpu"), Path("/sys/fs/cgroup")


def weighted(executable: str, shares: int, folder: Path) -> str:
    """A launcher that starts the browser, and so every page's process, in a CPU cgroup of its own
    with these shares (the server keeps the default 1024): when the server wants the CPU it gets
    it first, as it would with the tablets on devices of their own. (Niceness is no use: Chromium
    raises its own threads' priority again.) Needs root and the cpu controller."""
    if (CGROUP_V1 / "cpu.shares").exists():
        group, knob, value = CGROUP_V1 / folder.name, "cpu.shares", shares
    elif "cpu" in (CGROUP_V2 / "cgroup.controllers").read_text().split():
        group, knob, value = CGROUP_V2 / folder.name, "cpu.weight", max(1, shares * 100 // 1024)
    else:
        raise SystemExit("no cpu cgroup controller here: --browsers-shares cannot be used")
    group.mkdir(exist_ok=True)
    (group / knob).write_text(str(value))
    launcher = folder / "chromium-weighted"
    launcher.write_text(f'#!/bin/sh\necho $$ > {shlex.quote(str(group / "cgroup.procs"))}\n'
                        f'exec {shlex.quote(executable)} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return str(launcher)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 30], help="tablets at once, each size in turn")
    parser.add_argument("--min-sends", type=int, default=5, help="at least this many Sends per size")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"),
                        help="a child's think time before each tap, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--browsers-shares", type=int, default=0, metavar="N",
                        help="run Chromium in a CPU cgroup with these shares (the server has 1024): the server "
                             "comes first for the CPU, as it would with the tablets on devices of their own")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured")
        return 1
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(DEADLINE_S)
    print("machine:", machine(), flush=True)

    tmp = tempfile.mkdtemp(prefix="voice_kiosk_bench_", dir="/tmp")
    args.chromium = weighted(CHROMIUM, args.browsers_shares, Path(tmp)) if args.browsers_shares else CHROMIUM
    if args.browsers_shares:
        print(f"browsers in a cgroup with cpu shares {args.browsers_shares} (the server: 1024)", flush=True)
    db_path = f"{tmp}/voice.db"
    env = {**os.environ, "VOICE_DATABASE_URL": f"sqlite:///{db_path}"}
    py = sys.executable
    proc = watcher = None
    sizes: list[dict] = []
    try:
        subprocess.run([py, "-m", "voice_app", "demo"], cwd=REPO, env=env, check=True,
                       capture_output=True, timeout=300)
        port = free_port()
        cmd = [py, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none"]
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # its own process group, killed at the end
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        time.sleep(3)  # let the allocator settle
        idle_rss = rss_mb(proc.pid)
        print(f"server up; RSS at idle {idle_rss} MB", flush=True)
        watcher = Watcher(db_path, proc.pid)
        watcher.start()
        for n in args.sizes:
            size = asyncio.run(run_size(url, n, args, watcher, proc.pid))
            sizes.append(size)
            print(f"{n} tablets: done in {size['wall_s']} s", *size["failures"], sep="\n  ", flush=True)
        print("\nmachine:", machine())
        print(table(idle_rss, sizes))
        print("JSON " + json.dumps({"idle_rss_mb": idle_rss, "sizes": [
            {**s, "taps": [round(t, 4) for t in s["taps"]], "sends": [[round(v, 4) for v in send] for send in s["sends"]]}
            for s in sizes]}))
    finally:
        signal.alarm(0)
        if watcher is not None:
            watcher.stop.set()
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the group we started, by its id
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
        for group in (CGROUP_V1 / Path(tmp).name, CGROUP_V2 / Path(tmp).name):
            if group.is_dir():
                group.rmdir()  # (empty once the browser has gone)
    return 0


if __name__ == "__main__":
    sys.exit(main())
