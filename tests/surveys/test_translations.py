"""The built-in surveys and the kiosk's own words in every language a child can choose:
nothing falls back to English, and the numbers to call for help stay as they are. Easy Read
English ("en-easy") is one of the choices; an age band's words may fall back to the language's."""
from __future__ import annotations

import re

import pytest

from surveys import SurveyFileError, builtin_survey_files, load_survey_file, parse_survey
from voice_app import kiosk_words

LANGUAGES = ["en", "en-easy", "pl", "ro", "uk", "ar", "cy"]
TRANSLATED = LANGUAGES[2:]
# The translated surveys; those in English and Easy Read only are checked in test_more_surveys.py.
SURVEYS = {path.stem: path for path in builtin_survey_files() if path.stem in ("camhs-wellbeing", "camhs-remote")}


def wordings(survey) -> dict[str, object]:
    """Every wording a child reads, by where it is."""
    texts = {"title": survey.title, "intro": survey.intro, "thanks": survey.thanks}
    texts.update({f"after_concern.{k}": getattr(survey.after_concern, k)
                  for k in ("message", "help", "talk_button", "talk_done")})
    for q in survey.questions:
        texts[f"{q.id}.text"], texts[f"{q.id}.help"] = q.text, q.help
        texts.update({f"{q.id}.{o.id}": o.label for o in q.options})
    return {where: text for where, text in texts.items() if text is not None}


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_every_wording_is_in_every_language(name):
    survey = load_survey_file(SURVEYS[name])
    # Easy Read, where a survey offers it, is second (tests/surveys/test_age_versions.py: both
    # CAMHS surveys do); every language offered has every wording.
    assert [lang for lang in survey.languages if lang != "en-easy"] == [lang for lang in LANGUAGES if lang != "en-easy"]
    assert "en-easy" not in survey.languages or survey.languages[1] == "en-easy"
    assert survey.after_concern is not None  # written out, so it can be translated
    missing = []
    for where, text in wordings(survey).items():
        assert isinstance(text, dict), f"{where}: one string for every language"
        bands = {key.partition(":")[2] for key in text}
        for lang in survey.languages:
            for band in bands:
                # An age band's words ("pl:under_11") fall back to the language's own ("pl").
                keys = [f"{lang}:{band}", lang] if band else [lang]
                if not any((text.get(key) or "").strip() for key in keys):
                    missing.append(f"{where} [{keys[0]}]")
    assert not missing, missing


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_the_translations_are_marked_for_a_native_speakers_review(name):
    assert load_survey_file(SURVEYS[name]).needs_review == TRANSLATED


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_the_numbers_for_help_stay_in_every_language(name):
    survey = load_survey_file(SURVEYS[name])
    for key, words in survey.after_concern.help.items():
        assert "0800 1111" in words and "999" in words, key


def test_a_language_to_review_must_be_one_the_survey_offers():
    survey = {"id": "s", "title": "T", "languages": ["en", "pl"],
              "questions": [{"id": "q", "type": "text", "text": "Q"}]}
    assert parse_survey({**survey, "needs_review": ["pl"]}).needs_review == ["pl"]
    with pytest.raises(SurveyFileError, match="needs_review.*'ro'"):
        parse_survey({**survey, "needs_review": ["ro"]})


def test_a_survey_without_the_review_mark_keeps_its_version():
    survey = {"id": "s", "title": "T", "questions": [{"id": "q", "type": "text", "text": "Q"}]}
    assert "needs_review" not in parse_survey(survey).canonical_json()


@pytest.mark.parametrize("name", kiosk_words.ALL)
def test_the_kiosks_own_words_are_in_every_language(name):
    english = getattr(kiosk_words, name)
    placeholders = sorted(re.findall(r"\{\w+\}", english))
    for lang in TRANSLATED:
        words = kiosk_words.word(name, lang)
        assert words.strip() and words != english, (name, lang)
        assert sorted(re.findall(r"\{\w+\}", words)) == placeholders, (name, lang)
        for number in re.findall(r"\d[\d ]*\d", english):
            assert number in words, (name, lang, number)


def test_each_language_is_offered_by_its_own_name():
    assert [kiosk_words.LANGUAGE_NAMES[code] for code in LANGUAGES] == [
        "English", "Easy Read", "Polski", "Română", "Українська", "العربية", "Cymraeg"]
    assert kiosk_words.direction("ar") == "rtl" and kiosk_words.direction("pl") == "ltr"


def test_a_word_in_a_language_without_it_is_in_english():
    assert kiosk_words.word("SAVING", "xx") == kiosk_words.SAVING
