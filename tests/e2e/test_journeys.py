"""One journey per role, in Chromium at 1024×768, on a partnership with known figures
(tests/e2e/journey_town.py): what each person sees, in numbers, words and order.

Each journey stands alone: what one adds (a kiosk response, a flag, a quote, a site) is at a
place the others do not count, so they pass in any order.
"""
from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.e2e import journey_town as town
from tests.e2e.conftest import choose, open_page, serve, sign_in, wait_idle
from tests.e2e.test_kiosk_e2e import heading, read_first, tap, tap_option

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def town_server(tmp_path_factory):
    yield from serve(tmp_path_factory, data="tests.e2e.journey_town")


@pytest.fixture
def desk(browser):
    """A staff member's laptop or tablet: 1024×768, its own cookies."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    yield context.new_page()
    context.close()


def staff(page, url: str, username: str) -> None:
    sign_in(page, url, username, town.PASSWORD)


def metric(page, label: str):
    """The value of the figure headed `label`, as a locator (expect() waits for reruns)."""
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']").get_by_text(label, exact=True))
    return box.locator("[data-testid='stMetricValue']")


def grid(page, *columns: str) -> list[list[str]]:
    """The rows on screen of the first table whose columns start with `columns`, as a person
    reads them (the grid is drawn on a canvas, and keeps its visible cells as an accessible
    table too). Waits for the table: the page may still be drawing what comes before it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        tables = page.locator("[data-testid='stDataFrame']")
        for i in range(tables.count()):
            table = tables.nth(i)
            if not table.is_visible():
                continue  # e.g. in a tab not shown, or a table the last run is taking away
            table.scroll_into_view_if_needed()
            table.locator("tbody tr").first.wait_for(state="attached")
            if table.locator("th").all_inner_texts()[:len(columns)] == list(columns):
                return [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
        page.wait_for_timeout(200)
    raise AssertionError(f"no table with the columns {columns}")


def rows_until(page, columns: tuple[str, ...], check) -> list[list[str]]:
    """The table's rows once `check(rows)` holds: a table is redrawn a moment after a choice."""
    deadline = time.monotonic() + 30
    while not check(rows := grid(page, *columns)):
        if time.monotonic() > deadline:
            raise AssertionError(f"not as expected: {rows}")
        page.wait_for_timeout(300)
    return rows


def assert_row(page, row: list[str], *columns: str) -> None:
    """`row` (from its first cell) is on screen in the table whose columns start with `columns`."""
    rows_until(page, columns, lambda rows: row in [r[:len(row)] for r in rows])


def block(page, has_text: str | None = None, has=None):
    """The innermost container around `has_text` (or the element `has`): one item, one card."""
    return page.locator("[data-testid='stVerticalBlock']").filter(has_text=has_text, has=has).last


def pick_first_row(page) -> None:
    """Tick the first row of the (selectable) comments table."""
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 54)
    wait_idle(page)


def kiosk(page, url: str, site: str) -> None:
    page.goto(f"{url}/kiosk?survey={town.SURVEY}&site={site}")
    wait_idle(page)
    tap(page, "Start")


def skip(page) -> None:
    """Tap "I'd rather not say" and wait for the next question's own words: every question's
    words differ, so a tap that went astray fails here rather than answering one too few."""
    shown = heading(page)
    read_first()
    page.get_by_role("button", name="I'd rather not say").first.tap()
    expect(page.locator("h2").first).not_to_have_text(shown, timeout=30000)
    wait_idle(page)


# --- a young person ------------------------------------------------------------------------------

# An under-11 is asked six questions in all (the age first): four of faces and one to write.
UNDER_11 = ["Is the clinic an OK place to get to?", "Did you feel OK in the waiting room?",
            "Did the people here listen to you and help you?", "All in all, how do you feel about CAMHS?"]


def test_child_answers_every_question_and_the_worker_counts_it(town_server, tablet, desk):
    url, _ = town_server
    kiosk(tablet, url, "hillside-youth-hub")
    assert heading(tablet) == "How old are you?"  # first: the rest is in an under-11's words
    assert tablet.get_by_role("button", name="I'd rather not say").count() == 1
    tap_option(tablet, "Under 11")
    for question, face in zip(UNDER_11, ["Very happy", "Happy", "Very happy", "Happy"]):
        assert heading(tablet) == question
        tap_option(tablet, face)
    assert heading(tablet) == "What would make it better?"
    tablet.get_by_role("textbox").fill("More art things to do and a pool table like the youth workers have")
    tap(tablet, "Next")
    assert heading(tablet) == "That's everything. Ready to send your answers?"
    tap(tablet, "Send my answers")
    expect(tablet.get_by_role("heading", name="Thank you! 🎉")).to_be_visible()
    expect(tablet.get_by_text("0800 1111")).to_be_visible()

    # The hub's worker: 20 imported, and this child's: 21 of the 30 invited there.
    staff(desk, url, "e2e-hillside-worker")
    open_page(desk, "Results")
    choose(desk, "Sites", "Hillside youth hub")
    expect(metric(desk, "Responses")).to_have_text("21")
    expect(metric(desk, "Invited")).to_have_text("30")
    expect(metric(desk, "Response rate")).to_have_text("70%")
    open_page(desk, "What children wrote")
    words = desk.get_by_role("textbox", name="Words")
    words.fill("pool")
    words.press("Enter")
    expect(desk.get_by_text("1 comment", exact=True)).to_be_visible()


# --- a participation worker ----------------------------------------------------------------------

def test_worker_reads_the_figures_quotes_a_child_and_publishes_what_we_did(town_server, desk):
    url, _ = town_server
    staff(desk, url, "e2e-worker")
    open_page(desk, "Results")
    # Riverside's two sites: 40 + 3 responses of 50 + 10 invited.
    expect(metric(desk, "Responses")).to_have_text("43")
    expect(metric(desk, "Invited")).to_have_text("60")
    expect(metric(desk, "Response rate")).to_have_text("72%")
    # Staff listening: 30 of the 40 who answered (Northgate's three left it blank).
    expect(desk.get_by_text("75% (n=40)")).to_be_visible()
    # The figures table opens at the first question: 40 of Riverside's 43 happy with the place.
    assert_row(desk, ["Clinic location", "Positive (top two)", "40", "93%", "43"], "Question", "Answer")

    open_page(desk, "What children wrote")
    choose(desk, "Theme", "Waiting times")
    expect(desk.get_by_text("5 comments")).to_be_visible()
    # The five about waiting, newest first.
    rows_until(desk, ("Comment",), lambda rows: [r[0] for r in rows] == town.WAITING[::-1])
    pick_first_row(desk)
    panel = block(desk, has=desk.get_by_role("heading", name="Comment"))
    said = panel.locator("[data-testid='stText']").first.inner_text()
    assert said == town.WAITING[-1]  # the newest, in full
    quote = desk.get_by_label("Quote wording")
    expect(quote).to_have_value(said)
    panel.get_by_role("button", name="Approve quote").click()
    expect(panel.get_by_text("Approved as a quote: this wording can be published.")).to_be_visible()

    desk.get_by_role("link", name="Make a \"You said… We did…\" item from the theme Waiting times").click()
    wait_idle(desk)
    desk.get_by_role("button", name="Create from this theme").click()
    wait_idle(desk)
    draft = desk.get_by_label("You said (in children's words)")
    expect(draft).to_have_value(f"You told us you had to wait too long. One of you said: “{said}”")
    expect(desk.get_by_text("Not published · We are planning this · from: Waiting times (5 comments)")).to_be_visible()
    desk.get_by_label("We did / we are doing").fill("Reception now tells you if your appointment is running late.")
    desk.get_by_label("Named role (who is doing it)").fill("Clinic manager")
    desk.get_by_role("button", name="Save").click()
    wait_idle(desk)
    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_role("button", name="Take off the notice board")).to_be_visible()
    expect(desk.get_by_text(re.compile(r"^Published · We are planning this"))).to_be_visible()

    desk.goto(f"{url}/you-said?org=riverside-camhs")
    wait_idle(desk)
    item = block(desk, said)
    expect(item.get_by_text("Reception now tells you if your appointment is running late.")).to_be_visible()
    expect(item.get_by_text("Who: Clinic manager")).to_be_visible()


# --- a safeguarding lead -------------------------------------------------------------------------

DISCLOSURE = "My stepdad hits me when he gets drunk and I am scared to go home"


def test_lead_sees_a_childs_disclosure_in_order_and_closes_it(town_server, tablet, desk):
    url, _ = town_server
    kiosk(tablet, url, "hillside-school-dropin")
    for _ in range(8):  # the age, six faces and what was good
        skip(tablet)
    assert heading(tablet) == "What could we do better?"
    tablet.get_by_role("textbox").fill(DISCLOSURE)
    tap(tablet, "Next")
    assert heading(tablet) == "That's everything. Ready to send your answers?"
    tap(tablet, "Send my answers")
    expect(tablet.get_by_text("You did the right thing.", exact=False)).to_be_visible()
    expect(tablet.get_by_role("button", name="I'd like someone here to talk to me")).to_be_visible()

    staff(desk, url, "e2e-lead")
    expect(desk.get_by_text("3 flagged comment(s) waiting for a decision.")).to_be_visible()
    open_page(desk, "Safeguarding queue")
    expect(metric(desk, "Open flags")).to_have_text("3")
    cards = desk.locator("[class*='st-key-flag_']")
    expect(cards).to_have_count(3)
    texts = cards.all_inner_texts()
    # Concerns first, the one waiting longest first; then the lower-priority check.
    assert [t for t in (town.HILLSIDE_CONCERN, DISCLOSURE, town.HILLSIDE_CHECK) for c in texts if t in c] == \
        [town.HILLSIDE_CONCERN, DISCLOSURE, town.HILLSIDE_CHECK]
    assert [c.split("\n")[0] for c in texts] == ["Concern: look at this now · Physical abuse · open"] * 2 + \
        ["Check: lower priority · Not feeling safe · open"]
    card = cards.nth(1)
    assert "Hillside school drop-in · camhs-wellbeing" in texts[1]
    expect(card.get_by_text(re.compile(r"^Waiting for a decision for less than an hour"))).to_be_visible()

    card.get_by_role("button", name="Acknowledge: I'm looking at this").click()
    wait_idle(desk)
    card = desk.locator("[class*='st-key-flag_']").filter(has_text=DISCLOSURE)
    today = datetime.now(UTC).strftime("%d %b %Y")
    expect(card.get_by_text(re.compile(rf"^Acknowledged by e2e-lead on {today} \d\d:\d\d$"))).to_be_visible()
    expect(card.get_by_role("button", name="Acknowledge: I'm looking at this")).to_have_count(0)
    choose(desk, "What was done", "Referred to MASH", scope=card)
    card.get_by_text("A real concern").click()
    card.get_by_label("Notes").fill("Spoke to the drop-in worker; MASH ref 4471.")
    card.get_by_role("button", name="Record decision and close").click()
    expect(metric(desk, "Open flags")).to_have_text("2")
    expect(desk.locator("[class*='st-key-flag_']").filter(has_text=DISCLOSURE)).to_have_count(0)

    desk.get_by_role("radio", name="Closed").click()
    wait_idle(desk)
    card = desk.locator("[class*='st-key-flag_']").filter(has_text=DISCLOSURE)
    expect(card.get_by_text("Closed: Referred to MASH — A real concern")).to_be_visible()
    expect(card.get_by_text(re.compile(rf"^Closed by e2e-lead on {today} \d\d:\d\d$"))).to_be_visible()
    expect(card.get_by_text("Notes: Spoke to the drop-in worker; MASH ref 4471.")).to_be_visible()


# --- a board member ------------------------------------------------------------------------------

NEVER_ON_A_BOARD = [town.HILLSIDE_CONCERN, town.HILLSIDE_CHECK, *town.GOOD, *town.OTHER_BETTER]


def test_board_member_sees_suppressed_and_exact_figures_and_no_comments(town_server, desk):
    url, _ = town_server
    staff(desk, url, "e2e-board")
    open_page(desk, "Board summary")
    # Two or three flags in the whole partnership: a small number, said as such.
    expect(metric(desk, "Passed to a safeguarding lead")).to_have_text("<5")
    choose(desk, "Organisation", "Riverside CAMHS")
    expect(desk.get_by_text("Responses: 43 · response rate 72%")).to_be_visible()
    # Which other figures are withheld is decided over everything a board can see at once
    # (services/disclosure.py), so a figure shows exactly or as a marker, never as 1 to 4.
    expect(metric(desk, "Comments screened for safeguarding")).to_have_text(re.compile(r"^(11|\[c\]|<5)$"))
    tables = [grid(desk, *cols) for cols in (("Question", "Round"), ("Question", "n"), ("Theme", "Comments"))]
    assert [r[0] for r in tables[1]][:2] == ["How do you feel about where the clinic is?",
                                             "How did you feel in the waiting room?"]
    assert "Waiting times" in [r[0] for r in tables[2]]
    assert not [cell for rows in tables for row in rows for cell in row if cell.strip() in {"1", "2", "3", "4"}]
    for rows in tables:  # a share only beside a count that is shown
        assert not [row for row in rows if any(c.endswith("%") for c in row) and
                    any(c.strip() in ("[c]", "<5") for c in row)]
    page_text = desk.content()
    assert not [c for c in NEVER_ON_A_BOARD if c in page_text]

    open_page(desk, "Results")
    expect(desk.get_by_text("Board view: counts under 5 are shown as <5", exact=False)).to_be_visible()
    choose(desk, "Show", "Northgate clinic")
    expect(metric(desk, "Responses")).to_have_text("<5")
    expect(metric(desk, "Response rate")).to_have_text("–")
    # Northgate's 3 children: every count exact only at 0 or as a marker, and no shares at all
    # (read once the table has been redrawn for the choice).
    rows_until(desk, ("Question", "Answer"), lambda rows: rows and not [
        cell for row in rows for cell in row if cell.strip() in {"1", "2", "3", "4"} or cell.endswith("%")])
    expect(desk.get_by_text("[c] marks a number held back so that a small one cannot be worked out",
                            exact=False)).to_be_visible()  # the board is told what [c] means
    assert not [c for c in NEVER_ON_A_BOARD if c in desk.content()]
    assert not desk.get_by_role("link", name="What children wrote").count()


# --- an administrator ----------------------------------------------------------------------------

def test_admin_adds_a_worker_a_contact_and_a_site_with_its_kiosk_link(town_server, desk, tablet, browser):
    url, _ = town_server
    staff(desk, url, "e2e-admin")
    open_page(desk, "Staff users")
    form = desk.locator("[data-testid='stForm']").filter(has_text="Add a staff user")
    form.get_by_label("Username").fill("amira.khan")
    form.get_by_role("button", name="Add user").click()
    expect(desk.get_by_text("choose a role for the new user")).to_be_visible()  # no role by default
    form.get_by_label("Username").fill("amira.khan")
    choose(desk, "Role", "participation worker", form)
    choose(desk, "Organisations", "Riverside CAMHS", form)
    form.get_by_role("button", name="Add user").click()
    expect(desk.get_by_text("Password for amira.khan: give it to them privately", exact=False)).to_be_visible()
    password = desk.locator("[data-testid='stCode']").first.inner_text().strip()
    assert len(password) >= 12

    open_page(desk, "Organisations, sites and rounds")
    choose(desk, "Add or change", "Riverside CAMHS")
    # The form of the organisation chosen (the blank form's boxes can linger a moment).
    riverside = desk.locator("[data-testid='stForm']").filter(has=desk.locator("input[value='Riverside CAMHS']"))
    second = riverside.get_by_label("Second contact's email: told when no lead has acknowledged a concern in time")
    expect(second).to_have_count(1, timeout=30_000)  # the last run's form is gone
    second.fill("duty-manager@riverside.example.org")
    riverside.get_by_role("button", name="Save organisation").click()
    expect(desk.get_by_text("Saved Riverside CAMHS.")).to_be_visible()
    desk.reload()
    wait_idle(desk)
    choose(desk, "Add or change", "Riverside CAMHS")
    expect(second).to_have_value("duty-manager@riverside.example.org", timeout=30000)

    desk.get_by_role("tab", name="Sites").click()
    sites = desk.get_by_role("tabpanel", name="Sites")
    sites.get_by_label("Name, e.g. Riverside clinic waiting room").fill("Eastfield school nurse room")
    sites.get_by_label("Staff contact's email: told when a child here asks for someone to talk to") \
        .fill("school-nurse@eastfield.example.org")
    sites.get_by_role("button", name="Save site").click()
    expect(desk.get_by_text("Saved Eastfield school nurse room.")).to_be_visible()

    open_page(desk, "Kiosk links and QR codes")
    choose(desk, "Survey", "Tell us about CAMHS (camhs-wellbeing)")
    choose(desk, "Site", "Eastfield school nurse room")
    link = desk.locator("[data-testid='stCode']").first
    expect(link).to_have_text(re.compile(r"/kiosk\?survey=camhs-wellbeing&site=eastfield-school-nurse-room\s*$"))
    expect(desk.get_by_role("switch", name="Link switched on")).to_be_checked()

    # The link on the new site's tablet opens the survey; the new worker signs in.
    tablet.goto(f"{url}/kiosk?survey=camhs-wellbeing&site=eastfield-school-nurse-room")
    wait_idle(tablet)
    expect(tablet.get_by_role("button", name="Start")).to_be_visible()
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        newcomer = context.new_page()
        sign_in(newcomer, url, "amira.khan", password)
        expect(newcomer.get_by_text("Signed in as participation worker.")).to_be_visible()
    finally:
        context.close()


# --- the public ----------------------------------------------------------------------------------

def test_a_family_reads_what_was_done_and_no_draft(town_server, tablet):
    url, _ = town_server
    tablet.goto(f"{url}/you-said?org=hillside-youth")
    wait_idle(tablet)
    expect(tablet.get_by_role("heading", name="Hillside Youth Service")).to_be_visible()
    item = block(tablet, town.PUBLISHED["you_said"])
    expect(item.get_by_role("heading", name="✅ We did")).to_be_visible()
    expect(item.get_by_text(town.PUBLISHED["we_did"])).to_be_visible()
    done = datetime.now(UTC).strftime("%-d %B %Y")
    expect(item.get_by_text(f"Who: {town.PUBLISHED['owner_role']} · Done: {done}")).to_be_visible()
    assert town.DRAFT not in tablet.content()
    expect(tablet.get_by_text("0800 1111", exact=False)).to_be_visible()

    tablet.goto(f"{url}/you-said?org=nowhere")
    wait_idle(tablet)
    expect(tablet.get_by_text("We couldn't find that place. Please check the link on the poster.")).to_be_visible()
