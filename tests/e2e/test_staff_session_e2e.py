"""Staff links survive a reload and a bookmark; sign-out sticks; no table offers its own download."""
import pytest

from tests.e2e.conftest import make_user, open_page, sign_in, wait_idle

pytestmark = pytest.mark.e2e
SIGN_IN = "voice_app: staff sign in"


def title(page) -> str:
    return page.locator("h1").first.inner_text()


def test_a_leads_bookmark_reload_and_sign_out(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-bookmark-lead", "safeguarding_lead")
    # The link in an alert email, opened signed out: the sign-in form, not "Page not found".
    desk.goto(f"{url}/safeguarding")
    wait_idle(desk)
    assert title(desk) == SIGN_IN
    assert not desk.get_by_text("Page not found").count()
    sign_in(desk, None, "e2e-bookmark-lead", landing="Safeguarding queue")
    assert desk.url.rstrip("/").endswith("/safeguarding") and "Safeguarding queue" in title(desk)
    [cookie] = [c for c in desk.context.cookies() if c["name"] == "voice_staff_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]

    desk.reload()  # F5: still signed in, on the same page
    wait_idle(desk)
    assert desk.url.rstrip("/").endswith("/safeguarding") and "Safeguarding queue" in title(desk)

    desk.goto(f"{url}/results")  # a pasted link to another page
    wait_idle(desk)
    assert title(desk) == "📊 Results"

    open_page(desk, "Sign out")
    desk.wait_for_load_state()
    desk.get_by_text(SIGN_IN).wait_for()
    wait_idle(desk)
    assert not [c for c in desk.context.cookies() if c["name"] == "voice_staff_session"]
    desk.reload()
    wait_idle(desk)
    assert title(desk) == SIGN_IN
    desk.goto(f"{url}/safeguarding")
    wait_idle(desk)
    assert title(desk) == SIGN_IN


def test_a_worker_who_asks_for_the_leads_page_lands_on_home(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-bookmark-worker", "worker")
    desk.goto(f"{url}/safeguarding")
    sign_in(desk, None, "e2e-bookmark-worker")
    assert title(desk) == "Hello, e2e-bookmark-worker"
    assert not desk.get_by_text("Page not found").count()


def test_the_comments_table_has_no_download_of_its_own(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-table-worker", "worker")
    sign_in(desk, url, "e2e-table-worker")
    open_page(desk, "What children wrote")
    table = desk.locator("[data-testid='stDataFrame']").first
    table.hover()
    toolbar = desk.locator("[data-testid='stElementToolbar']").first
    toolbar.wait_for()  # the toolbar is there (search, full screen) ...
    assert toolbar.get_by_role("button").count() >= 1
    assert not desk.get_by_role("button", name="Download as CSV").count()  # ... without a download


ARABIC = "غرفة الانتظار مملة جدا والموظفون لطيفون"


def add_comment(db_url: str, text: str) -> None:
    import os
    import subprocess
    import sys

    from tests.e2e.conftest import ROOT

    code = ("import sys; from voice_app.services import kiosk; "
            "k = kiosk.open_kiosk('camhs-wellbeing', 'riverside-waiting-room'); "
            "kiosk.save_answer(k, 'child-ar', 'what_could_be_better', sys.argv[1], 7); "
            "kiosk.submit(k, 'child-ar'); "
            # Nothing here reads Arabic, so the lead reads it first; found no concern, workers see it.
            "from voice_app.services import accounts, safeguarding; "
            "lead = accounts.create_user('e2e-ar-lead', 'a long e2e password', 'safeguarding_lead', ['riverside-camhs']); "
            "q = safeguarding.queue(lead); "
            "safeguarding.close(lead, int(q[q.text == sys.argv[1]].id.iloc[0]), 'Read with an interpreter', 'no_concern')")
    subprocess.run([sys.executable, "-c", code, text], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "VOICE_DATABASE_URL": db_url, "VOICE_SWEEP_INTERVAL_SECONDS": "0"})


def test_a_comment_in_arabic_is_readable_at_1024_px(app_server, desk):
    url, db_url = app_server
    add_comment(db_url, ARABIC)
    make_user(db_url, "e2e-arabic-worker", "worker")
    sign_in(desk, url, "e2e-arabic-worker")
    open_page(desk, "What children wrote")
    desk.get_by_role("textbox", name="Words").fill("الانتظار")
    desk.keyboard.press("Enter")
    wait_idle(desk)
    desk.get_by_text("1 comment", exact=True).wait_for()
    table = desk.locator("[data-testid='stDataFrame']").first
    box = table.bounding_box()
    # The comment column ("large", 400 px) and the row picker fit inside the table, so text drawn
    # from the cell's right edge (right to left) is on screen.
    assert box["width"] >= 440
    desk.mouse.click(box["x"] + 17, box["y"] + 35 + 17)  # the first row's picker
    wait_idle(desk)
    shown = desk.locator("[data-testid='stText']").filter(has_text=ARABIC).first
    shown.wait_for()
    assert shown.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    caption = desk.locator("[data-testid='stCaptionContainer']").filter(has_text="Not coded: Arabic. The tool reads English only")
    assert caption.first.is_visible()


@pytest.fixture(scope="module")
def watched_server(tmp_path_factory):
    """A server whose open staff pages check their session every 2 seconds (20 by default)."""
    from tests.e2e.conftest import serve

    yield from serve(tmp_path_factory, VOICE_STAFF_SESSION_CHECK_SECONDS="2")


def test_a_screen_left_open_clears_when_its_session_ends(watched_server, desk):
    import sqlite3

    url, db_url = watched_server
    make_user(db_url, "e2e-expiry-lead", "safeguarding_lead")
    sign_in(desk, f"{url}/safeguarding", "e2e-expiry-lead", landing="Safeguarding queue")
    assert "Safeguarding queue" in title(desk)
    # The shift's absolute limit passes while nobody touches the page.
    with sqlite3.connect(db_url.split("///", 1)[1]) as db:
        db.execute("UPDATE staffsession SET created_at = '2000-01-01 00:00:00.000000' "
                   "WHERE user_id = (SELECT id FROM user WHERE username = 'e2e-expiry-lead')")
    desk.get_by_text(SIGN_IN).wait_for(timeout=20000)  # no click, no reload
    wait_idle(desk)
    assert title(desk) == SIGN_IN
    assert not desk.get_by_text("Safeguarding queue").count()
