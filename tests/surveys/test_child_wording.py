"""Words a 9-year-old understands: every child-facing string of the built-in surveys, measured.

Flesch reading ease (higher is easier; 70 and over is "fairly easy", read by 12-year-olds and
most younger children) or the Flesch-Kincaid grade (US school years: grade 4 is age 9 to 10).
Under-11 and Easy Read wording must reach grade 4, the rest grade 6. The formulas need sentences: a label
of one to three words ("Unhappy" scores grade 20) is measured instead against the Dale-Chall
list of words most 9-year-olds know (textstat's difficult words), so "Dissatisfied" and
"privacy" fail and "Very unhappy" passes."""
from __future__ import annotations

import pytest
import textstat

from surveys.schema import builtin_survey_files, load_survey_file
from voice_app import kiosk_words

HARD_WORDS = ("dissatisfied", "satisfied", "overhear", "privacy", "overall", "comfortable", "confidential")


def locales(text) -> list[tuple[str, str]]:
    if text is None:
        return []
    if isinstance(text, str):
        return [("en", text)]
    return [(k, v) for k, v in text.items() if k.split(":")[0] in ("en", "en-easy")]


def child_facing() -> list[tuple[str, str, str]]:
    """(where, locale, words) for every English string a child reads."""
    found = []
    for path in builtin_survey_files():
        survey = load_survey_file(path)
        texts = {"title": survey.title, "intro": survey.intro, "thanks": survey.thanks}
        wording = survey.concern_wording
        texts.update({f"after_concern.{k}": getattr(wording, k) for k in ("message", "help", "talk_button", "talk_done")})
        for q in survey.questions:
            texts[f"{q.id}.text"], texts[f"{q.id}.help"] = q.text, q.help
            texts.update({f"{q.id}.{o.id}": o.label for o in q.options})
        found += [(f"{survey.id}: {where}", locale, words)
                  for where, text in texts.items() for locale, words in locales(text)]
    return found


def easy_enough(words: str, grade: float) -> bool:
    words = words.replace("*", "")
    if len(words.split()) < 4:
        return textstat.difficult_words(words) == 0
    return textstat.flesch_reading_ease(words) >= 70 or textstat.flesch_kincaid_grade(words) <= grade


@pytest.mark.parametrize("where,locale,words", child_facing(), ids=lambda v: str(v)[:60])
def test_a_child_can_read_it(where, locale, words):
    grade = 4 if locale.endswith(":under_11") or locale.startswith("en-easy") else 6
    assert easy_enough(words, grade), (
        f"{where} [{locale}]: reading ease {textstat.flesch_reading_ease(words)}, "
        f"grade {textstat.flesch_kincaid_grade(words)}: {words!r}")


@pytest.mark.parametrize("where,locale,words", child_facing(), ids=lambda v: str(v)[:60])
def test_no_grown_up_words(where, locale, words):
    assert not [w for w in HARD_WORDS if w in words.lower()], f"{where}: {words!r}"


@pytest.mark.parametrize("name", kiosk_words.ALL)
def test_the_kiosk_screens_own_words_are_easy(name):
    words = getattr(kiosk_words, name)
    assert easy_enough(words, 4), f"{name}: {words!r}"


def test_the_measure_tells_hard_from_easy():
    assert not easy_enough("Overall, how satisfied are you with the confidentiality arrangements?", 6)
    assert not easy_enough("Very dissatisfied", 6) and easy_enough("Very unhappy", 4)
    assert easy_enough("Did the people here listen to you and help you?", 4)


def test_one_scale_of_faces_from_start_to_end():
    survey = load_survey_file(next(p for p in builtin_survey_files() if p.stem == "camhs-wellbeing"))
    scales = [q for q in survey.questions if q.type == "scale"]
    faces = {tuple((o.emoji, o.label if isinstance(o.label, str) else o.label["en"]) for o in q.options)
             for q in scales}
    assert len(faces) == 1, faces
    assert [o.id for o in survey.question("overall_satisfaction").options] == [
        "very_dissatisfied", "dissatisfied", "neither", "satisfied", "very_satisfied"]  # the ids stay
