"""Staff flows in a real browser: a lead closes a flag; a worker corrects a theme and approves a quote."""
import time

import pytest
from tests.e2e.conftest import choose, make_user, open_page, scalar, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def eventually(db_url: str, sql: str, expected: int, seconds: float = 20) -> int:
    """The value once the app has stored it: a tap's rerun may still be running."""
    deadline = time.monotonic() + seconds
    while (value := scalar(db_url, sql)) != expected and time.monotonic() < deadline:
        time.sleep(0.3)
    return value


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_lead_records_a_decision_and_the_flag_leaves_the_queue(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-lead", "safeguarding_lead")
    open_before = scalar(db_url, "SELECT count(*) FROM safeguardingflag WHERE status != 'closed'")
    sign_in(desk, url, "e2e-lead")
    assert desk.get_by_text("waiting for a decision").is_visible()
    open_page(desk, "Safeguarding queue")
    form = desk.locator("[data-testid='stForm']").first
    choose(desk, "What was done", "Referred to MASH", scope=form)
    form.get_by_text("A real concern").click()
    form.get_by_role("button", name="Record decision and close").click()
    wait_idle(desk)
    assert eventually(db_url, "SELECT count(*) FROM safeguardingflag WHERE status != 'closed'",
                      open_before - 1) == open_before - 1
    assert scalar(db_url, "SELECT count(*) FROM safeguardingflag WHERE action = 'Referred to MASH'") == 1


def test_worker_corrects_a_theme_and_approves_a_quote(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-worker", "worker")
    sign_in(desk, url, "e2e-worker")
    open_page(desk, "What children wrote")
    words = desk.get_by_role("textbox", name="Words")
    words.fill("fish tank")
    words.press("Enter")
    wait_idle(desk)
    grid = desk.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    desk.mouse.click(box["x"] + 18, box["y"] + 54)  # the first row's selection box
    desk.get_by_role("button", name="Save coding").wait_for()
    wait_idle(desk)
    # The coding form by its button: "This worries me" is a form on the same panel.
    form = desk.locator("[data-testid='stForm']").filter(has=desk.get_by_role("button", name="Save coding"))
    form.get_by_text("negative", exact=True).click()
    form.get_by_role("button", name="Save coding").click()
    desk.get_by_text("Your coding is kept").wait_for()
    assert eventually(db_url, "SELECT count(*) FROM correction", 1) == 1
    desk.get_by_role("button", name="Approve quote").click()
    assert eventually(db_url, "SELECT count(*) FROM commentcode WHERE quote_status = 'approved' "
                              "AND quote_text LIKE '%fish tank%'", 1) == 1
