import pytest

from surveys import SurveyFileError, builtin_survey_files, load_survey_file, parse_survey
from surveys.schema import pick

CONTRACT = {
    "camhs-wellbeing": {
        "clinic_location": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
        "waiting_room": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
        "treatment_rooms": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
        "privacy": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
        "staff_listened": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
        "overall_satisfaction": ["very_dissatisfied", "dissatisfied", "neither", "satisfied", "very_satisfied"],
        "what_was_good": [], "what_could_be_better": [],
        "age_band": ["under_11", "11_to_15", "16_plus", "prefer_not_to_say"],
    },
    "camhs-remote": {
        "remote_used": ["video", "telephone", "neither"],
        "preferred_format": ["face_to_face", "video", "telephone", "no_preference"],
        "relationship_effect": ["no_difference", "better", "worse", "not_sure"],
        "future_remote": ["yes", "no", "not_sure"],
        "liked_remote": [], "disliked_remote": [], "other_comments": [],
    },
}


def test_builtin_surveys_keep_the_id_contract():
    loaded = {s.id: s for s in map(load_survey_file, builtin_survey_files())}
    for survey_id, questions in CONTRACT.items():
        survey = loaded[survey_id]
        assert {q.id: [o.id for o in q.options] for q in survey.questions} == questions
    assert loaded["camhs-wellbeing"].question("age_band").optional


def bad(question: dict) -> str:
    with pytest.raises(SurveyFileError) as err:
        parse_survey({"id": "s", "title": "T", "questions": [question]}, "mine.yaml")
    return str(err.value)


def test_errors_name_file_question_and_problem():
    msg = bad({"id": "mood", "type": "scale", "text": "How?", "options": [{"id": "a", "label": "A"}]})
    assert msg.startswith("mine.yaml: question 'mood'") and "exactly 5 options" in msg
    assert "question 'q'" in bad({"id": "q", "type": "dropdown", "text": "?"})
    assert "no options" in bad({"id": "t", "type": "text", "text": "?", "options": [{"id": "a", "label": "A"}]})
    assert "blank" in bad({"id": "c", "type": "single", "text": "?",
                           "options": [{"id": "a", "label": " "}, {"id": "b", "label": "B"}]})


def test_not_yaml_or_not_a_mapping(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed")
    with pytest.raises(SurveyFileError, match="broken.yaml: not valid YAML"):
        load_survey_file(path)
    path.write_text("- just a list")
    with pytest.raises(SurveyFileError, match="broken.yaml"):
        load_survey_file(path)


def test_wording_by_language_and_age_band():
    text = {"en": "How do you feel?", "en:under_11": "Are you happy?", "pl": "Jak się czujesz?"}
    assert pick(text, "en", "under_11") == "Are you happy?"
    assert pick(text, "en", "16_plus") == "How do you feel?"
    assert pick(text, "pl", "under_11") == "Jak się czujesz?"
    assert pick(text, "en-easy") == "How do you feel?"
    assert pick("plain") == "plain"


def test_editing_a_survey_changes_its_version_hash():
    survey = load_survey_file(builtin_survey_files()[0])
    edited = survey.model_copy(update={"title": "Changed"})
    assert edited.content_hash() != survey.content_hash()


MINIMAL = {"id": "s", "title": "S", "questions": [{"id": "q", "type": "text", "text": "Q"}]}


def test_after_concern_wording_defaults_from_the_schema_and_can_be_adapted():
    plain = parse_survey(MINIMAL)
    wording = plain.concern_wording
    assert "0800 1111" in pick(wording.help) and "not in trouble" in pick(wording.message)
    # No promise of secrecy, and never a word about being "flagged".
    for text in (wording.message, wording.help, wording.talk_button, wording.talk_done):
        assert not any(w in pick(text).lower() for w in ("secret", "confidential", "flag", "private"))
    adapted = parse_survey({**MINIMAL, "after_concern": {
        "message": {"en": "We will read this.", "pl": "Przeczytamy to."}}})
    assert pick(adapted.concern_wording.message, "pl") == "Przeczytamy to."
    assert adapted.concern_wording.talk_button == wording.talk_button  # the rest from the schema
    with pytest.raises(SurveyFileError, match="after_concern"):
        parse_survey({**MINIMAL, "after_concern": {"message": " "}})


def test_a_survey_without_the_block_keeps_its_version_hash():
    import hashlib
    import json

    plain = parse_survey(MINIMAL)
    # as the file was dumped before any of these fields existed
    fields = {"after_concern": True, "needs_review": True, "questions": {"__all__": {"ages", "positive"}}}
    before = json.dumps(plain.model_dump(mode="json", exclude=fields), sort_keys=True, ensure_ascii=False)
    assert plain.content_hash() == hashlib.sha256(before.encode()).hexdigest()[:16]


def test_builtin_surveys_carry_their_after_concern_wording():
    for path in builtin_survey_files():
        assert load_survey_file(path).after_concern is not None, path.name


FRIENDS_AND_FAMILY = {"id": "today", "type": "single", "text": "How was today?",
                      "positive": ["very_good", "good"],
                      "options": [{"id": o, "label": o} for o in
                                  ("very_good", "good", "neither", "poor", "very_poor", "dont_know")]}


def test_a_single_choice_question_can_name_its_positive_options():
    """The Friends and Family Test's six answers (very good … very poor, don't know) are reported
    as % positive: "very good" and "good" over everyone who answered, "don't know" included."""
    question = parse_survey({"id": "s", "title": "T", "questions": [FRIENDS_AND_FAMILY]}).questions[0]
    assert question.meta()["positive"] == ["very_good", "good"]
    assert "unknown option 'great'" in bad({**FRIENDS_AND_FAMILY, "positive": ["great"]})
    assert "only a single choice" in bad({"id": "q", "type": "text", "text": "Q", "positive": ["x"]})


def test_a_scale_is_still_positive_in_its_top_two():
    scale = {"id": "q", "type": "scale", "text": "Q", "options": [{"id": f"o{i}", "label": "x"} for i in range(5)]}
    survey = parse_survey({**MINIMAL, "questions": [scale]})
    assert survey.questions[0].meta()["positive"] == ["o3", "o4"]
