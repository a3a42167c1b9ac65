"""The human safety net in a real browser, at tablet size: a worker sends an ordinary-looking
comment to the safeguarding lead with "This worries me"; the lead finds it in the queue with
the worker's reason."""
import pytest

from tests.e2e.conftest import make_user, open_page, sign_in, wait_idle
from tests.e2e.test_review_e2e import eventually

pytestmark = pytest.mark.e2e
REASON = "Third worker this year, and she told me she doesn't want to go home"


@pytest.fixture
def second_tablet(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_worker_sends_a_comment_and_the_lead_sees_why(app_server, tablet, second_tablet):
    url, db_url = app_server
    make_user(db_url, "e2e-net-worker", "worker")
    make_user(db_url, "e2e-net-lead", "safeguarding_lead")

    sign_in(tablet, url, "e2e-net-worker")
    open_page(tablet, "What children wrote")
    words = tablet.get_by_role("textbox", name="Words")
    words.fill("changing workers")
    words.press("Enter")
    wait_idle(tablet)
    box = tablet.locator("[data-testid='stDataFrame']").first.bounding_box()
    tablet.mouse.click(box["x"] + 18, box["y"] + 54)  # the first row's selection box
    worry = tablet.get_by_text("This worries me — send to the safeguarding lead")
    worry.wait_for()
    wait_idle(tablet)
    worry.click()
    tablet.get_by_label("Why does this worry you?").fill(REASON)
    tablet.get_by_role("button", name="Send to the safeguarding lead").click()
    tablet.get_by_text("Sent to the safeguarding lead. Thank you.").wait_for()
    assert eventually(db_url, "SELECT count(*) FROM safeguardingflag WHERE source = 'worker' "
                              "AND status = 'open'", 1) == 1

    sign_in(second_tablet, url, "e2e-net-lead")
    open_page(second_tablet, "Safeguarding queue")
    second_tablet.get_by_text(f"Sent by e2e-net-worker. Why: {REASON}").wait_for()
    card = second_tablet.locator("[data-testid='stVerticalBlock']").filter(has_text=REASON).last
    assert "changing workers all the time" in card.inner_text()
