"""The surveys added in issue 12 at a kiosk link: in English or Easy Read, age first and the rest
in that age's words, a warning before the text box, and the thank-you with help."""
import pytest
from streamlit.testing.v1 import AppTest

from surveys import builtin_survey_files, load_survey_file
from surveys.schema import pick
from tests.pages.test_pages import demo, kiosk  # noqa: F401  (the demo fixture)

SITES = {"how-was-today": "riverside-waiting-room", "camhs-experience": "northgate-clinic",
         "your-views": "hillside-youth-hub", "my-life-in-care": "hillside-youth-hub"}
FILES = {path.stem: path for path in builtin_survey_files()}


def tap(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def language_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("kiosk_lang_")]


@pytest.mark.parametrize("key", sorted(SITES))
def test_the_kiosk_opens_each_new_survey_in_english_and_easy_read(demo, key):
    survey = load_survey_file(FILES[key])
    first = survey.questions[0]
    at = kiosk(survey=key, site=SITES[key])
    assert not at.exception
    assert at.title[0].value == pick(survey.title)
    assert language_buttons(at) == ["English", "Easy Read"]
    tap(at, "kiosk_start")
    assert at.header[0].value == "How old are you?"
    tap(at, "kiosk_opt_age_band_under_11")
    assert at.header[0].value == survey.questions[0].text["en:under_11"]
    for option in first.options:  # every answer a face
        assert option.emoji in at.button(key=f"kiosk_opt_{first.id}_{option.id}").label

    easy = kiosk(survey=key, site=SITES[key])
    tap(easy, "kiosk_lang_en-easy")
    tap(easy, "kiosk_start")
    tap(easy, "kiosk_opt_age_band_11_to_15")
    assert easy.header[0].value == first.text["en-easy"]


@pytest.mark.parametrize("key", sorted(SITES))
def test_a_child_is_warned_before_writing_and_thanked_with_help(demo, key):
    survey = load_survey_file(FILES[key])
    at = kiosk(survey=key, site=SITES[key])
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_16_plus")
    for q in survey.questions:
        if q.id == "age_band":
            continue
        if q.type == "text":
            assert "grown-up may need to act" in at.info[0].value
            tap(at, f"kiosk_skip_{q.id}")
        else:
            tap(at, f"kiosk_opt_{q.id}_{q.options[1].id}")
    tap(at, "kiosk_send")
    assert at.title[0].value.startswith("Thank you")
    assert any("0800 1111" in m.value for m in at.markdown)
