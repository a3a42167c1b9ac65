"""Browser tests against a real `streamlit run` on 127.0.0.1, in Debian's Chromium at tablet size.

Outside CI a missing Chromium skips these tests; in CI (CI=true) it fails them.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from voice_app.servers import wait_healthy

# expect() waits this long for what a person should see: a loaded CI machine can take more than
# Playwright's default 5 s to hash a new user's password or rerun a page (a CI run failed so).
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("VOICE_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """A demo database and a streamlit server on a free port; yields (base_url, database_url)."""
    yield from serve(tmp_path_factory)


def serve(tmp_path_factory, data: str = "voice_app demo", **settings):
    """A server on a database filled by `python -m DATA` (the demo data unless told)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'voice.db'}"
    env = {**os.environ, "VOICE_DATABASE_URL": db_url, **settings}
    subprocess.run([sys.executable, "-m", *data.split()], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--server.port", str(port), "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, db_url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if IN_CI:
            pytest.fail(f"Chromium is needed in CI and is not at {CHROMIUM}")
        pytest.skip("Chromium not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        launch_context = b.new_context

        def new_context(**options):
            context = launch_context(**options)
            context.add_init_script(WATCH_RUNS)
            return context

        b.new_context = new_context  # every page a test opens watches its reruns (wait_idle)
        yield b
        b.close()


@pytest.fixture
def tablet(browser):
    """A touch tablet in landscape, 1024×768."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


# A tap or a key asks Streamlit for a rerun, which starts only when the server answers: until
# then the page still says "notRunning" from the run before. A multiselect sends its choice when
# its list closes, hundreds of milliseconds later (seen with Chromium 156: a count was read before
# the filter applied, in CI). So each page notes when a person last tapped or pressed a key and
# when a run last began; wait_idle waits for a run begun after the last tap. A tap that starts no
# run (a form's field, a tab) costs NO_RUN_MS and nothing else.
WATCH_RUNS = """
(() => {
  const seen = window.__voiceRuns = {lastRun: 0, lastInput: 0, state: null};
  const tapped = () => { seen.lastInput = performance.now(); };
  document.addEventListener('pointerup', tapped, true);
  document.addEventListener('keyup', tapped, true);
  new MutationObserver(changes => {
    for (const change of changes) {
      const state = change.target.getAttribute('data-test-script-state');
      if (state === 'running' && seen.state !== 'running') seen.lastRun = performance.now();
      seen.state = state;
    }
  }).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
})();
"""
NO_RUN_MS = 8000


def wait_idle(page) -> None:
    """Streamlit's own e2e waits, after any rerun a tap has asked for: the app is connected and
    the script has stopped running. A board page's first opening plans the disclosure control of
    every round it shows (seconds a round; the demo has twelve): speed is for bench/, so this
    waits as long as that takes."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    page.wait_for_function(
        """([quiet]) => { const seen = window.__voiceRuns;
             return !seen || seen.lastRun >= seen.lastInput || performance.now() - seen.lastInput > quiet; }""",
        arg=[NO_RUN_MS], timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=180_000)


def scalar(db_url: str, sql: str):
    """One value read straight from the app's database."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


def make_user(db_url: str, username: str, role: str, org: str = "riverside-camhs",
              password: str = "a long e2e password") -> None:
    env = {**os.environ, "VOICE_DATABASE_URL": db_url}
    subprocess.run([sys.executable, "-m", "voice_app", "create-user", username, "--role", role, "--org", org],
                   cwd=ROOT, env=env, input=password + "\n", check=True, capture_output=True, text=True)


def sign_in(page, url: str, username: str, password: str = "a long e2e password",
            landing: str | None = None) -> None:
    """Signs in at `url` (or stays on the sign-in form already open when url is None); waits
    until the browser has fetched its session cookie and the landing page has loaded."""
    if url is not None:
        page.goto(url)
    wait_idle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    with page.expect_response(lambda r: "/api/session/start" in r.url, timeout=30000):
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.get_by_text(landing or f"Hello, {username}").first.wait_for()
    wait_idle(page)


def choose(page, label: str, option: str, scope=None) -> None:
    """Pick `option` in the select box or multiselect labelled `label` (within `scope`), and see
    that it was taken: on a loaded machine the page can still move under the pointer (a picture
    or a table drawn late), and a tap meant for the option lands beside it."""
    box = (scope or page).get_by_role("combobox", name=label, exact=True).first
    wanted = page.get_by_role("option", name=option, exact=True)
    widget = box.locator("xpath=ancestor::*[@data-testid='stSelectbox' or @data-testid='stMultiSelect'][1]")
    multi = widget.get_attribute("data-testid") == "stMultiSelect"
    for attempt in range(3):
        if not page.get_by_role("listbox").count():
            box.click()
        try:
            wanted.click(timeout=5000)
        except PlaywrightTimeout:  # a rerun redrew the box and closed its list: open it again
            if attempt == 2:
                raise
            wait_idle(page)
            continue
        if _taken(page, box, widget, option, multi):
            break
    else:
        raise AssertionError(f"{label}: {option!r} was not taken")
    # A multiselect stays open for more, and sends its choice when Escape closes it. Asked of the
    # box, not of an open list: a select box's list may still be closing on a loaded machine, and
    # Escape there would take the choice back.
    if multi:
        page.keyboard.press("Escape")
    if not box.evaluate("box => !!box.closest(\"[data-testid='stForm']\")"):  # a form's field: no rerun
        wait_idle(page)


def _taken(page, box, widget, option: str, multi: bool, seconds: float = 3) -> bool:
    """The choice shows: a multiselect's tag, or the select box's value (its input's)."""
    for _ in range(int(seconds * 10)):
        if (option in widget.inner_text().splitlines()) if multi else box.input_value() == option:
            return True
        page.wait_for_timeout(100)
    return False


def open_page(page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()
    wait_idle(page)


@pytest.fixture
def desk(browser):
    """A staff browser at 1024×768 (a file may define its own, e.g. with touch)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    yield page
    context.close()
