"""The kiosk under real fingers, in Chromium at 1024×768: a double tap, typing then walking
away, and help a child can read."""
import re
import time

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import wait_idle
from tests.e2e.test_kiosk_e2e import LINK, heading, read_first, tap, tap_option

pytestmark = pytest.mark.e2e


def answers_of_latest(db_url: str) -> dict[str, str | None]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT question_id, coalesce(option_id, text) FROM answer WHERE response_id = "
            "(SELECT max(id) FROM response WHERE source = 'kiosk') AND superseded = false")).all()
    engine.dispose()
    return dict(rows)


def start(page, url: str) -> None:
    page.goto(url + LINK)
    wait_idle(page)
    tap(page, "Start")


def test_a_double_tap_answers_one_question_only(app_server, tablet):
    url, db_url = app_server
    start(tablet, url)
    tap_option(tablet, "16 or over")
    tap_option(tablet, "Happy")
    assert "waiting room" in heading(tablet)
    okay = tablet.locator("button").filter(has_text=re.compile(r"(^|\s)Okay$")).first
    read_first()  # the child reads the question, then double-taps an answer
    box = okay.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tablet.touchscreen.tap(x, y)
    time.sleep(0.12)  # a child's double tap: the second lands before the first has moved on
    tablet.touchscreen.tap(x, y)
    time.sleep(1.5)
    wait_idle(tablet)
    assert "rooms where you have your sessions" in heading(tablet)  # Q3, not Q4
    answers = answers_of_latest(db_url)
    assert answers.get("waiting_room") == "okay"
    assert "treatment_rooms" not in answers  # never seen, so never answered


def to_text_box(page) -> None:
    tap_option(page, "I'd rather not say")
    for _ in range(6):
        tap(page, "I'd rather not say")
    assert "What was good" in heading(page)


def test_words_typed_and_left_are_saved_without_a_tap(app_server, tablet):
    url, db_url = app_server
    start(tablet, url)
    to_text_box(tablet)
    box = tablet.get_by_role("textbox")
    box.click()
    box.press_sequentially("my mums boyfriend hits me", delay=30)
    # No Next, no tap elsewhere: the child walks away with the keyboard still up.
    deadline = time.monotonic() + 20
    while answers_of_latest(db_url).get("what_was_good") != "my mums boyfriend hits me":
        assert time.monotonic() < deadline, answers_of_latest(db_url)
        time.sleep(0.5)
    assert box.evaluate("el => el === document.activeElement")  # the keyboard was not taken away
    assert tablet.get_by_test_id("InputInstructions").count() == 0 or \
        not tablet.get_by_test_id("InputInstructions").first.is_visible()  # no "Press Ctrl+Enter"
    assert not tablet.get_by_text(re.compile(r"\d+/1000")).count()


def test_a_long_paste_is_kept_up_to_the_limit_with_a_friendly_word(app_server, tablet):
    url, db_url = app_server
    start(tablet, url)
    to_text_box(tablet)
    box = tablet.get_by_role("textbox")
    box.fill("My worker is kind. " * 80)
    tablet.get_by_text("That's the most you can write here.").wait_for(timeout=20000)
    wait_idle(tablet)
    assert len(box.input_value()) == 1000
    assert len(answers_of_latest(db_url)["what_was_good"]) == 1000


def px(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def test_help_lines_are_large_and_dark(app_server, tablet):
    url, _ = app_server
    start(tablet, url)
    tap_option(tablet, "16 or over")
    line = tablet.get_by_text("Think about getting here, like the bus, the car or walking.")
    assert float(px(line, "fontSize").removesuffix("px")) >= 20
    red, green, blue = map(int, re.findall(r"\d+", px(line, "color"))[:3])
    assert max(red, green, blue) < 100  # text colour, not light grey
