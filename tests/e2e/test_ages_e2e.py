"""A seven-year-old taps the under-11 picture and answers by tapping faces: six questions at most,
every one in under-11 words; a child who wants Easy Read chooses it on the first screen."""
import re

import pytest
from tests.e2e.accessibility import check
from tests.e2e.conftest import scalar, wait_idle
from tests.e2e.test_kiosk_e2e import LINK, heading, tap, tap_option
from tests.e2e.test_languages_e2e import last_submitted_language

pytestmark = pytest.mark.e2e
YOUNG = ["Is the clinic an OK place to get to?", "Did you feel OK in the waiting room?",
         "Did the people here listen to you and help you?", "All in all, how do you feel about CAMHS?",
         "What would make it better?"]


def progress(page) -> str:
    return page.locator("[data-testid='stProgress']").first.inner_text()


def test_a_seven_year_old_does_the_under_11_version_by_tapping_pictures(app_server, tablet):
    url, db_url = app_server
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tap(tablet, "Start")
    assert heading(tablet) == "How old are you?"
    young = tablet.locator("button").filter(has_text=re.compile(r"Under 11$")).first
    assert young.inner_text().startswith("🧒")  # a picture above the words
    box = young.bounding_box()
    assert box["height"] >= 120 and box["width"] >= 300  # big enough for a small finger
    problems: list[str] = []
    check(tablet, "How old are you? picture buttons", problems)
    assert not problems, "\n".join(problems)
    tap_option(tablet, "Under 11")
    seen = []
    # The path in words a child understands: six questions in all, the age was the first.
    for face, left in zip(["Very happy", "Happy", "OK", "Very happy"], [5, 4, 3, 2]):
        seen.append(heading(tablet))
        assert progress(tablet) == f"{left} more to go"
        tap_option(tablet, face)
    seen.append(heading(tablet))
    assert progress(tablet) == "Last one!"
    tap(tablet, "I'd rather not say")  # the one question to write in: skipped
    assert seen == YOUNG  # only under-11 words, and six questions with the age
    tap(tablet, "Send my answers")
    assert tablet.get_by_role("heading", name="Thank you!").is_visible()
    answers = scalar(db_url, "SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id "
                             "WHERE r.source = 'kiosk' AND r.submitted_at IS NOT NULL AND r.id = "
                             "(SELECT max(id) FROM response WHERE submitted_at IS NOT NULL)")
    assert answers == 5  # the age and four faces


def test_easy_read_is_chosen_on_the_first_screen(app_server, tablet):
    url, db_url = app_server
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tablet.get_by_role("button", name="Easy Read").tap()  # the title is the same words: wait for the intro
    tablet.get_by_text("We want to know what you think about CAMHS.").wait_for(timeout=20000)
    wait_idle(tablet)
    tap(tablet, "Start")
    tap_option(tablet, "16 or over")
    assert heading(tablet) == "Is the clinic in a good place for you?"
    for _ in range(6):
        tap_option(tablet, "Happy")
    tap(tablet, "I'd rather not say")
    tap(tablet, "I'd rather not say")
    tap(tablet, "Send my answers")
    assert tablet.get_by_role("heading", name="Thank you!").is_visible()
    assert last_submitted_language(db_url) == "en-easy"
