"""The version a child did (standard, under-11, Easy Read) follows from what is stored, and the
figures count every version together: the question and option ids are the same."""
import pytest

from surveys.schema import MAX_YOUNG_QUESTIONS, pick
from voice_app.services import kiosk
from voice_app.services.results import round_report
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.services.versions import version_of


@pytest.fixture
def k(demo_site):
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def round_name(k) -> str:
    from voice_app.services.organisations import list_rounds
    return next(r.name for r in list_rounds("camhs-wellbeing") if r.id == k.round_id)


def stored_version(key: str) -> str:
    """The version from the stored response alone: its language and its age band answer."""
    with session_scope() as session:
        response = queries.response_by_key(session, key)
        age = next((a.option_id for a in queries.answers_for(session, response.id) if a.question_id == "age_band"),
                   None)
        return version_of(response.lang, age)


def test_an_under_11_is_asked_their_age_first_then_at_most_six_questions_in_all(k):
    assert ids(kiosk.question_order(k.survey))[0] == "age_band"
    assert len(kiosk.question_order(k.survey)) == 9  # age not known yet: every question
    young = kiosk.question_order(k.survey, answers={"age_band": "under_11"})
    assert ids(young) == ["age_band", "clinic_location", "waiting_room", "staff_listened",
                          "overall_satisfaction", "what_could_be_better"]
    assert len(young) <= MAX_YOUNG_QUESTIONS
    assert len(kiosk.question_order(k.survey, answers={"age_band": "prefer_not_to_say"})) == 9


def test_a_link_that_fixes_the_age_asks_no_age_and_records_it(k):
    young = kiosk.question_order(k.survey, link_age="under_11")
    assert "age_band" not in ids(young) and len(young) == 5
    kiosk.save_answer(k, "linked-child", "clinic_location", "happy", 1, link_age="under_11")
    assert kiosk.progress("linked-child").answers == {"age_band": "under_11", "clinic_location": "happy"}
    assert stored_version("linked-child") == "under_11"


def test_a_link_with_an_age_that_is_no_band_changes_nothing(k):
    assert len(kiosk.question_order(k.survey, link_age="seven")) == 9
    kiosk.save_answer(k, "odd-link", "clinic_location", "happy", 1, link_age="seven")
    assert kiosk.progress("odd-link").answers == {"clinic_location": "happy"}


def test_the_version_follows_the_age_band_and_the_language():
    assert version_of("en", "under_11") == "under_11"
    assert version_of("pl", "under_11") == "under_11"
    assert version_of("en-easy", "under_11") == "under_11"  # the under-11 words win
    assert version_of("en-easy", "16_plus") == "easy_read"
    assert version_of("en-easy", None) == "easy_read"
    assert version_of("en", "prefer_not_to_say") == "standard"
    assert version_of("cy", None) == "standard"


def test_easy_read_is_recorded_as_en_easy(k):
    kiosk.save_answer(k, "easy-child", "age_band", "16_plus", 1, lang="en-easy")
    kiosk.submit(k, "easy-child", lang="en-easy")
    assert stored_version("easy-child") == "easy_read"
    assert pick(k.survey.question("privacy").text, "en-easy", "16_plus").startswith("Other people cannot hear")


def test_an_under_11_and_a_standard_answer_to_the_same_question_count_together(k):
    kiosk.save_answer(k, "young", "age_band", "under_11", 1)
    kiosk.save_answer(k, "young", "waiting_room", "very_happy", 2)
    kiosk.submit(k, "young")
    kiosk.save_answer(k, "older", "age_band", "16_plus", 1, lang="en-easy")
    kiosk.save_answer(k, "older", "waiting_room", "very_happy", 2, lang="en-easy")
    kiosk.submit(k, "older", lang="en-easy")
    assert {stored_version("young"), stored_version("older")} == {"under_11", "easy_read"}
    report = round_report("camhs-wellbeing", round_name(k))
    assert report.responses == 2
    assert report.questions["waiting_room"].counts["very_happy"] == 2


def test_a_survey_without_an_age_question_shows_its_under_11_version_through_the_link(demo_site):
    remote = kiosk.open_kiosk("camhs-remote", demo_site).survey
    assert len(kiosk.question_order(remote)) == 7
    young = kiosk.question_order(remote, link_age="under_11")
    assert ids(young) == ["remote_used", "preferred_format", "relationship_effect", "future_remote", "other_comments"]
    assert pick(young[2].text, "en", kiosk.wording_age("under_11", {})) == (
        "Was it different talking to your worker on video or on the phone?")
    assert all(o.emoji for q in young for o in q.options)
