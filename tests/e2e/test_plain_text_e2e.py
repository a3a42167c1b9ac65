"""In a real browser: markdown and HTML in a survey's wording and in names load nothing and link
nowhere on the kiosk and on the public page; the words show as typed."""
import pytest

from tests.e2e.conftest import serve, wait_idle
from tests.pages.test_plain_text_pages import INTRO, ORG, QUESTION, SAID, SITE, TITLE, staff_everywhere

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nasty_server(tmp_path_factory):
    from tests.conftest import use_database

    server = serve(tmp_path_factory)
    url, db_url = next(server)
    mp = pytest.MonkeyPatch()
    use_database(mp, db_url)
    staff_everywhere()
    mp.undo()
    yield url
    next(server, None)


def visit(browser, address: str) -> tuple[str, list[str], list[str]]:
    """The words on the page, every address the browser asked for, and every picture and link."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(address)
    wait_idle(page)
    page.wait_for_timeout(500)  # anything a picture would fetch has been asked for by now
    words = page.inner_text("body").replace("\u2060", "")
    found = page.eval_on_selector_all(
        "img, a, iframe, script[src]", "els => els.map(e => e.outerHTML)")
    context.close()
    return words, asked, found


def assert_nothing_from_staff_text(asked: list[str], found: list[str]) -> None:
    assert not [a for a in asked if "e.vil" in a]
    assert not [f for f in found if "e.vil" in f or "javascript:" in f]


def test_the_kiosk_fetches_nothing_a_survey_names(nasty_server, browser):
    words, asked, found = visit(browser, f"{nasty_server}/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room")
    assert_nothing_from_staff_text(asked, found)
    for text in (TITLE, INTRO, SITE):
        assert " ".join(text.split()) in " ".join(words.split())


def test_the_public_page_fetches_nothing_staff_wrote(nasty_server, browser):
    words, asked, found = visit(browser, f"{nasty_server}/you-said?org=riverside-camhs")
    assert_nothing_from_staff_text(asked, found)
    for text in (ORG, SAID):
        assert " ".join(text.split()) in " ".join(words.split())


def test_the_question_screen_fetches_nothing(nasty_server, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{nasty_server}/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room")
    wait_idle(page)
    page.get_by_role("button", name="Start").click()
    page.get_by_text(QUESTION.split(" ")[0]).first.wait_for()
    wait_idle(page)
    page.wait_for_timeout(500)
    found = page.eval_on_selector_all("img, a", "els => els.map(e => e.outerHTML)")
    words = page.inner_text("body").replace("\u2060", "")
    context.close()
    assert_nothing_from_staff_text(asked, found)
    assert " ".join(QUESTION.split()) in " ".join(words.split())
