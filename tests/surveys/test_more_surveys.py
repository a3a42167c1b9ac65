"""The built-in surveys in English and Easy Read (issue 12): a short "How was today?" in the style
of the Friends and Family Test, CAMHS experience, "Your views" for a youth organisation, and
"My life in care". Their ids are a contract (README, "Built-in surveys"); every wording a child
reads is there in English, Easy Read and for under-11s, and easy enough to read."""
from __future__ import annotations

import pytest

from surveys import builtin_survey_files, load_survey_file
from surveys.schema import pick
from tests.surveys.test_child_wording import easy_enough
from tests.surveys.test_translations import wordings

AGE = ["under_11", "11_to_15", "16_plus", "prefer_not_to_say"]
HOW_OFTEN = ["never", "hardly_ever", "sometimes", "mostly", "always"]
HAPPY = ["very_unhappy", "unhappy", "okay", "happy", "very_happy"]
CONTRACT = {
    "how-was-today": {
        "today_rating": ["very_good", "good", "neither", "poor", "very_poor", "dont_know"],
        "what_was_good": [], "what_could_be_better": [], "age_band": AGE,
    },
    "camhs-experience": {
        "listened_to": HOW_OFTEN, "taken_seriously": HOW_OFTEN,
        "helped": ["not_at_all", "not_much", "a_bit", "quite_a_lot", "a_lot"],
        "easy_to_get_to": ["very_hard", "hard", "okay", "easy", "very_easy"],
        "place": HAPPY, "overall": HAPPY, "what_could_be_better": [], "age_band": AGE,
    },
    "your-views": {
        "feel_safe": HOW_OFTEN, "listened_to": HOW_OFTEN, "school": HAPPY, "friends": HAPPY,
        "adults_should_change": [], "age_band": AGE,
    },
    "my-life-in-care": {
        "my_carers": HOW_OFTEN, "my_worker": HOW_OFTEN, "feeling_settled": HOW_OFTEN,
        "having_a_say": HOW_OFTEN, "what_could_be_better": [], "age_band": AGE,
    },
}
LOCALES = ["en", "en-easy", "en:under_11"]
FILES = {path.stem: path for path in builtin_survey_files()}


def survey(name: str):
    return load_survey_file(FILES[name])


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_each_survey_validates_and_keeps_its_ids(name):
    loaded = survey(name)
    assert loaded.id == name and loaded.languages == ["en", "en-easy"]
    assert {q.id: [o.id for o in q.options] for q in loaded.questions} == CONTRACT[name]
    assert loaded.question("age_band").optional
    assert [q for q in loaded.questions if q.type == "text"], "comments for the coder to theme"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_wording_is_in_english_easy_read_and_for_under_11s(name):
    missing = [f"{where} [{locale}]" for where, text in wordings(survey(name)).items()
               for locale in LOCALES if not isinstance(text, dict) or not (text.get(locale) or "").strip()]
    assert not missing, missing


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_easy_read_is_as_easy_as_the_under_11_words(name):
    hard = [(where, text["en-easy"]) for where, text in wordings(survey(name)).items()
            if not easy_enough(text["en-easy"], 4)]
    assert not hard, hard


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_answer_has_a_face_or_picture(name):
    bare = [f"{q.id}.{o.id}" for q in survey(name).questions for o in q.options if not (o.emoji or o.image)]
    assert not bare, bare


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_a_child_who_tells_us_something_is_thanked_and_told_where_to_get_help(name):
    wording = survey(name).after_concern
    assert wording is not None
    for locale in LOCALES:
        assert "not in trouble" in pick(wording.message, locale.split(":")[0], locale.partition(":")[2] or None)
        assert "0800 1111" in wording.help[locale] and "999" in wording.help[locale]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_no_more_than_six_questions_where_the_topics_allow(name):
    # camhs-experience asks about six things, then what would make it better and the age
    assert len(survey(name).questions) <= (8 if name == "camhs-experience" else 6)


def test_how_was_today_is_reported_like_the_friends_and_family_test():
    rating = survey("how-was-today").question("today_rating")
    assert rating.type == "single" and len(rating.options) == 6
    assert rating.meta()["positive"] == ["very_good", "good"]
