"""Versions by age: an under-11 sees at most six questions, each in under-11 words, with a face
or a picture on every option; Easy Read English covers every word of the built-in surveys."""
import pytest

from surveys import SurveyFileError, builtin_survey_files, load_survey_file, parse_survey
from surveys.schema import MAX_YOUNG_QUESTIONS, YOUNG, pick

SURVEYS = {path.stem: path for path in builtin_survey_files() if path.stem.startswith("camhs-")}


def scale(qid: str, ages: list[str] | None = None, emoji: bool = True) -> dict:
    q = {"id": qid, "type": "single", "text": {"en": "How was it?", "en:under_11": "Was it fun?"},
         "options": [{"id": o, "label": o.title(), **({"emoji": "🙂"} if emoji else {})} for o in ("yes", "no")]}
    return {**q, "ages": ages} if ages is not None else q


def load(tmp_path, questions: list[dict]):
    import yaml
    path = tmp_path / "club.yaml"
    path.write_text(yaml.safe_dump({"id": "club", "title": "Club", "questions": questions}))
    return load_survey_file(path)


def test_a_question_can_be_asked_of_some_age_bands_only(tmp_path):
    survey = load(tmp_path, [scale("a"), scale("b", ["11_to_15", "16_plus"])])
    assert [q.id for q in survey.asked_of(YOUNG)] == ["a"]
    assert [q.id for q in survey.asked_of("16_plus")] == ["a", "b"]
    assert [q.id for q in survey.asked_of(None)] == ["a", "b"]  # age not known: everything


def test_an_age_band_that_does_not_exist_is_refused():
    with pytest.raises(SurveyFileError, match="question 'a'.*ages.*'under_10'"):
        parse_survey({"id": "s", "title": "S", "questions": [scale("a", ["under_10"])]}, "club.yaml")
    with pytest.raises(SurveyFileError, match="question 'a'.*ages"):
        parse_survey({"id": "s", "title": "S", "questions": [scale("a", [])]}, "club.yaml")


def test_more_than_six_questions_for_under_11s_is_refused_with_a_clear_error(tmp_path):
    with pytest.raises(SurveyFileError) as err:
        load(tmp_path, [scale(f"q{n}") for n in range(7)])
    assert str(err.value) == ("club.yaml: under-11s would see 7 questions (q0, q1, q2, q3, q4, q5, q6); "
                              f"at most {MAX_YOUNG_QUESTIONS}. Give the others 'ages: [11_to_15, 16_plus]'")
    survey = load(tmp_path, [scale(f"q{n}") for n in range(6)] + [scale("q6", ["11_to_15", "16_plus"])])
    assert len(survey.asked_of(YOUNG)) == 6


def test_a_survey_with_no_under_11_version_may_be_long(tmp_path):
    plain = [{"id": f"q{n}", "type": "text", "text": "Tell us"} for n in range(8)]
    assert len(load(tmp_path, plain).questions) == 8


def test_every_option_an_under_11_sees_has_a_face_or_picture(tmp_path):
    with pytest.raises(SurveyFileError, match="question 'a', option 'yes'.*face or a picture"):
        load(tmp_path, [scale("a", emoji=False)])
    load(tmp_path, [scale("a"), scale("b", ["16_plus"], emoji=False)])  # older children only: fine


def test_a_survey_without_ages_keeps_its_version_hash():
    survey = parse_survey({"id": "s", "title": "S", "questions": [scale("a")]})
    assert '"ages"' not in survey.canonical_json()


def test_an_under_11_in_easy_read_reads_the_under_11_words():
    text = {"en": "How do you feel?", "en:under_11": "Are you happy?", "en-easy": "How do you feel? Tell us."}
    assert pick(text, "en-easy", YOUNG) == "Are you happy?"
    assert pick(text, "en-easy") == "How do you feel? Tell us."


def young_wordings(survey) -> dict[str, object]:
    texts = {"title": survey.title, "intro": survey.intro, "thanks": survey.thanks}
    for q in survey.asked_of(YOUNG):
        texts[f"{q.id}.text"], texts[f"{q.id}.help"] = q.text, q.help
        texts.update({f"{q.id}.{o.id}": o.label for o in q.options})
    return {where: text for where, text in texts.items() if text is not None}


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_the_built_in_surveys_have_a_complete_under_11_version(name):
    survey = load_survey_file(SURVEYS[name])
    young = survey.asked_of(YOUNG)
    assert 4 <= len(young) <= MAX_YOUNG_QUESTIONS
    missing = [where for where, text in young_wordings(survey).items()
               if not (isinstance(text, dict) and text.get(f"en:{YOUNG}", "").strip())]
    assert not missing, missing
    assert all(o.emoji or o.image for q in young for o in q.options)


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_the_built_in_surveys_are_in_easy_read(name):
    survey = load_survey_file(SURVEYS[name])
    assert "en-easy" in survey.languages and "en-easy" not in survey.needs_review
    texts = [survey.title, survey.intro, survey.thanks, *(getattr(survey.after_concern, k) for k in
                                                          ("message", "help", "talk_button", "talk_done"))]
    for q in survey.questions:
        texts += [q.text, q.help, *(o.label for o in q.options)]
    missing = [t for t in texts if t is not None and not (isinstance(t, dict) and t.get("en-easy", "").strip())]
    assert not missing, missing
