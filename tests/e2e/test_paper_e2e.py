"""A worker types two paper forms in with the keyboard; the results page counts them as Paper."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import choose, make_user, open_page, scalar, sign_in, wait_idle
from tests.e2e.test_journeys import grid, metric
from tests.e2e.test_review_e2e import desk  # noqa: F401  (a staff desk, 1280×900)

pytestmark = pytest.mark.e2e


def type_row(page, *cells: str) -> None:
    """Type a row's cells from the selected one, as fast as a person can: Tab after each, Enter
    after the last (the table is in a form: nothing waits for the page until Save)."""
    for i, value in enumerate(cells):
        page.keyboard.type(value, delay=80)
        page.wait_for_timeout(150)  # a quick typist's pace: the cell's editor opens on the first key
        page.keyboard.press("Enter" if i == len(cells) - 1 else "Tab")
        page.wait_for_timeout(150)


def test_a_worker_types_in_two_paper_forms_and_results_count_them_as_paper(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-paper-worker", "worker")
    sign_in(desk, url, "e2e-paper-worker")
    open_page(desk, "Paper surveys")
    desk.get_by_role("tab", name="⌨️ Type in").click()
    wait_idle(desk)
    round_name = desk.get_by_role("combobox", name="Round", exact=True).input_value() or None
    table = desk.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    table.scroll_into_view_if_needed()  # what comes above it can push it below the fold
    box = table.bounding_box()
    desk.mouse.click(box["x"] + 32 + 40, box["y"] + 35 + 17)  # row 1's form number: the grid has the keyboard now
    desk.keyboard.press("ArrowRight")
    # Form 1: 11 to 15, very happy with where the clinic is, happy in the waiting room
    type_row(desk, "2", "5", "4")
    desk.keyboard.press("ArrowLeft")
    desk.keyboard.press("ArrowLeft")
    # Form 2: under 11, unhappy with where the clinic is, okay in the waiting room
    type_row(desk, "1", "2", "3")
    desk.get_by_role("button", name="Save these forms").click()
    wait_idle(desk)
    expect(desk.get_by_text("Saved 2 paper form(s): 1, 2.")).to_be_visible()
    assert scalar(db_url, "SELECT count(*) FROM response WHERE source = 'paper'") == 2
    assert scalar(db_url, "SELECT count(*) FROM answer JOIN response ON response.id = answer.response_id "
                          "WHERE source = 'paper' AND option_id IN ('11_to_15', 'under_11')") == 2
    # every typed box landed: three answers a form (what the grid showed is not read back: its
    # accessible table shows only the columns scrolled into view, which varies from run to run)
    assert scalar(db_url, "SELECT count(*) FROM answer JOIN response ON response.id = answer.response_id "
                          "WHERE source = 'paper' AND option_id IS NOT NULL") == 6

    open_page(desk, "Results")
    if round_name:
        choose(desk, "Round", round_name)
    choose(desk, "Mode", "Paper")
    expect(metric(desk, "Responses")).to_have_text("2")
    choose(desk, "Mode", "All modes")
    choose(desk, "Break down by", "Mode")
    rows = grid(desk, "Mode")
    paper = next(r for r in rows if r[0] == "Paper")
    assert paper[1] == "2"  # n: the two paper forms, beside the tablet's answers
    assert [r[0] for r in rows][:2] == ["Tablet", "Paper"]
