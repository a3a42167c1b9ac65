"""A form's header is its question's wording however the tool or a person wrote it: case,
punctuation, spacing, numbering and "(optional)" do not matter, in any language or version."""
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import builtin_survey_files, load_survey_file
from voice_app.services.forms_wording import (choices_for, label_index, normalise_header, option_for,
                                               wording_index)

SURVEYS = [load_survey_file(p) for p in builtin_survey_files()]
WORDINGS = [(survey, q.id, words) for survey in SURVEYS for q in survey.questions
            for words in ([q.text] if isinstance(q.text, str) else q.text.values())]
INDEXES = {survey.id: wording_index(survey) for survey in SURVEYS}


@st.composite
def as_a_form_writes_it(draw, words: str) -> str:
    tokens = words.split()
    cased = ["".join(c.upper() if draw(st.booleans()) else c.lower() for c in t) for t in tokens]
    if draw(st.booleans()):  # the question mark dropped, or shouted
        cased[-1] = cased[-1].rstrip("?؟") + draw(st.sampled_from(["", "?!", " ?", "…", ":"]))
    gaps = [draw(st.sampled_from([" ", "  ", "\t", " - ", ", ", " / ", " \u00a0"])) for _ in cased[1:]]
    text = cased[0] + "".join(g + t for g, t in zip(gaps, cased[1:]))
    text = text.replace("'", draw(st.sampled_from(["'", "\u2019", ""])))
    number = draw(st.sampled_from(["", "1. ", "12) ", "Q3. ", "Question 4: ", "  7.", "2 . "]))
    optional = draw(st.sampled_from(["", " (optional)", " (Optional)", "(OPTIONAL)", " [optional]"]))
    return f"{draw(st.sampled_from(['', ' ', '*']))}{number}{text}{optional}{draw(st.sampled_from(['', ' ', '*']))}"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_header_matches_its_question_however_it_is_written(data):
    survey, question_id, words = data.draw(st.sampled_from(WORDINGS))
    header = data.draw(as_a_form_writes_it(words))
    assert question_id in INDEXES[survey.id].get(normalise_header(header), {}), (header, words)


def test_no_two_questions_of_a_built_in_survey_share_a_wording():
    for survey in SURVEYS:
        shared = {words: ids for words, ids in INDEXES[survey.id].items() if len(ids) > 1}
        assert shared == {}, survey.id


def test_labels_in_any_version_and_the_tools_ways_of_joining_choices():
    remote = next(s for s in SURVEYS if s.id == "camhs-remote").question("remote_used")
    index = label_index(remote)
    assert [option_for(remote, index, label) for label in ("VIDEO CALL", "Rozmowa wideo", "I did not do these",
                                                           "neither of these!", "telephone")] == [
        "video", "video", "neither", "neither", "telephone"]
    assert [o for _, o in choices_for(remote, index, "Video call;Phone call;")] == ["video", "telephone"]
    assert [o for _, o in choices_for(remote, index, "Video call, Phone call")] == ["video", "telephone"]
    assert [o for _, o in choices_for(remote, index, "Rozmowa wideo;Rozmowa telefoniczna")] == [
        "video", "telephone"]


def test_a_label_holding_a_comma_is_one_label():
    from surveys import parse_survey

    survey = parse_survey({"id": "t", "title": "t", "questions": [{
        "id": "where", "type": "multi", "text": "Where?",
        "options": [{"id": "home", "label": "At home, with family"}, {"id": "school", "label": "School"},
                    {"id": "with", "label": "With family"}]}]})
    question = survey.question("where")
    assert [o for _, o in choices_for(question, label_index(question), "At home, with family, School")] == [
        "home", "school"]
