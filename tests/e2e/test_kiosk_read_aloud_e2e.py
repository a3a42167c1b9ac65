"""The kiosk read aloud and made for children, in Chromium: the speaker reads a screen in the
survey's language, "Read everything to me" reads each new screen without a tap, a tapped tile
shows a tick at once, and every screen fits a landscape tablet, a portrait tablet and a phone.

The browser's speech synthesis is replaced by a recorder before the page loads (init scripts
run in every frame), so the test hears what a child would hear and needs no voice installed.
VOICE_SCREENSHOTS=1 also saves the README's pictures to docs/screenshots/kiosk-*.png."""
import os
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, wait_idle
from tests.e2e.test_kiosk_e2e import LINK, heading, read_first, tap, tap_option

pytestmark = pytest.mark.e2e

RECORD_SPEECH = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  class Utterance { constructor(text) { this.text = text; this.lang = ""; } }
  Object.defineProperty(window, "SpeechSynthesisUtterance", {value: Utterance, configurable: true, writable: true});
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    speak: (u) => spoken.push({text: u.text, lang: u.lang}), cancel: () => {}, getVoices: () => [],
    speaking: false, pending: false}});
})();
"""


def spoken(page) -> list[dict]:
    return page.evaluate("() => window.__spoken")


def wait_spoken(page, count: int) -> dict:
    page.wait_for_function("n => window.__spoken.length >= n", arg=count, timeout=20_000)
    return spoken(page)[count - 1]


def test_the_speaker_reads_the_question_and_its_answers_in_the_surveys_language(app_server, tablet):
    url, _ = app_server
    tablet.add_init_script(RECORD_SPEECH)
    tablet.goto(url + LINK + "&lang=pl")
    wait_idle(tablet)
    tap(tablet, "Zaczynamy")
    assert heading(tablet) == "Ile masz lat?"
    read_first()
    assert spoken(tablet) == []  # nothing aloud unasked
    speaker = tablet.get_by_role("button", name="Przeczytaj mi")
    assert speaker.bounding_box()["height"] >= 44
    speaker.tap()
    said = wait_spoken(tablet, 1)
    assert said["lang"] == "pl"
    assert said["text"].startswith("Ile masz lat?")
    assert "Od 11 do 15." in said["text"]
    assert "🔊" not in said["text"]
    tap_option(tablet, "Od 11 do 15")
    read_first()
    assert len(spoken(tablet)) == 1  # the next screen waits for a tap, as asked


def test_read_everything_reads_each_new_screen_without_a_tap(app_server, tablet):
    url, _ = app_server
    tablet.add_init_script(RECORD_SPEECH)
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tablet.get_by_text("Read everything to me").click()
    said = wait_spoken(tablet, 1)  # switched on: the first screen is read at once
    assert said["text"].startswith("Tell us about CAMHS. A few quick questions") and said["lang"] == "en"
    tap(tablet, "Start")
    said = wait_spoken(tablet, 2)
    assert said["text"].startswith("How old are you?") and said["lang"] == "en"
    tap_option(tablet, "11 to 15")
    said = wait_spoken(tablet, 3)
    assert said["text"].startswith(heading(tablet))
    assert "Very happy." in said["text"]


def test_a_tapped_tile_shows_a_tick_at_once(app_server, tablet):
    url, _ = app_server
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tap(tablet, "Start")
    read_first()
    tile = tablet.locator("button").filter(has_text="11 to 15").first
    tile.dispatch_event("pointerdown")
    tick = tile.evaluate("b => b.hasAttribute('data-tapped') && getComputedStyle(b, '::after').content")
    assert tick == '"✓"'


SIZES = {"landscape": (1024, 768), "portrait": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_without_sideways_scrolling(app_server, browser, size, tmp_path):
    url, _ = app_server
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    page = context.new_page()
    folder = ROOT / "docs" / "screenshots" if os.environ.get("VOICE_SCREENSHOTS") else tmp_path
    try:
        page.goto(url + LINK)
        wait_idle(page)
        shoot(page, folder / f"kiosk-{size}-start.png")
        tap(page, "Start")
        tap_option(page, "11 to 15")
        shoot(page, folder / f"kiosk-{size}-question.png")
        for _ in range(6):
            tap(page, "I'd rather not say")
        tap(page, "I'd rather not say")
        tap(page, "I'd rather not say")
        tap(page, "Send my answers")
        shoot(page, folder / f"kiosk-{size}-thanks.png")
        if size == "landscape":  # and a question right to left, for the README's languages
            tap(page, "Next person")
            tap(page, "العربية")
            tap(page, "ابدأ")
            tap_option(page, "من 11 إلى 15")
            shoot(page, folder / "kiosk-arabic.png")
    finally:
        context.close()


def shoot(page, path: Path) -> None:
    wait_idle(page)
    page.wait_for_timeout(1000)  # the thank-you's friend has risen into place
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), path.name
    page.screenshot(path=str(path))


def test_a_browser_without_speech_shows_no_speaker_or_switch_and_the_survey_goes_on(app_server, tablet):
    url, _ = app_server
    tablet.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});")
    tablet.goto(url + LINK)
    wait_idle(tablet)
    assert tablet.locator(".kiosk-speaker").is_hidden()
    assert tablet.get_by_text("Read everything to me").is_hidden()
    tap(tablet, "Start")
    assert heading(tablet) == "How old are you?"
    assert tablet.locator(".kiosk-speaker").is_hidden()
