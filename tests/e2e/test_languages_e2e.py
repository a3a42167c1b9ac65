"""A Polish speaker completes the survey in Polish; an Arabic speaker reads it right to left."""
import pytest
from tests.e2e.accessibility import check
from tests.e2e.conftest import scalar, wait_idle
from tests.e2e.test_kiosk_e2e import LINK, heading, tap, tap_option

pytestmark = pytest.mark.e2e


def last_submitted_language(db_url: str) -> str:
    return scalar(db_url, "SELECT lang FROM response WHERE source = 'kiosk' AND submitted_at IS NOT NULL "
                          "ORDER BY submitted_at DESC LIMIT 1")


def direction(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).direction")


def test_a_polish_speaker_completes_the_survey_in_polish(app_server, tablet):
    url, db_url = app_server
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tap(tablet, "Polski")
    assert tablet.locator("h1").first.inner_text() == "Opowiedz nam o CAMHS"
    tap(tablet, "Zaczynamy")
    assert heading(tablet) == "Ile masz lat?"
    tap_option(tablet, "Od 11 do 15")
    assert heading(tablet) == "Co myślisz o tym, gdzie jest przychodnia?"
    for face in ["Bardzo dobrze", "Dobrze", "Tak sobie", "Dobrze", "Bardzo dobrze", "Bardzo dobrze"]:
        tap_option(tablet, face)
    assert heading(tablet) == "Co było dobrego w przychodzeniu tutaj?"
    tablet.get_by_role("textbox", name="Napisz tutaj swoją odpowiedź").fill("Miła pani w recepcji")
    tap(tablet, "Dalej")
    tap(tablet, "Wolę nie mówić")
    tap(tablet, "Wyślij moje odpowiedzi")
    assert tablet.get_by_role("heading", name="Dziękujemy!").is_visible()
    assert tablet.get_by_text("0800 1111").is_visible()
    assert last_submitted_language(db_url) == "pl"
    assert direction(tablet, "h1") == "ltr"


def test_an_arabic_speaker_reads_right_to_left(app_server, tablet):
    url, _ = app_server
    tablet.goto(url + LINK)
    wait_idle(tablet)
    assert direction(tablet, "h1") == "ltr"
    tap(tablet, "العربية")
    title = tablet.locator("h1").first
    assert title.inner_text() == "أخبرنا عن CAMHS" and direction(tablet, "h1") == "rtl"
    tap(tablet, "ابدأ")
    assert heading(tablet) == "كم عمرك؟" and direction(tablet, "h2") == "rtl"
    words, line = (tablet.locator(s).first.bounding_box() for s in ["h2 span", "h2"])
    assert words["x"] + words["width"] > line["x"] + line["width"] - 40  # the question starts at the right
    # Right to left: the answers' words start at the right of the screen, and Back sits on the right.
    tap_option(tablet, "16 أو أكثر")
    faces = [tablet.locator("button").filter(has_text=label).first.bounding_box()["x"]
             for label in ["سيئ جدًا", "جيد جدًا"]]
    assert faces[0] > faces[1]  # the first face ("very unhappy") is on the right
    problems: list[str] = []  # right to left, axe finds nothing serious either
    check(tablet, "Arabic question screen", problems)
    assert not problems, "\n".join(problems)
