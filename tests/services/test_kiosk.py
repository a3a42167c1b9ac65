import pytest

from voice_app.services import kiosk
from voice_app.services.answers import AnswerError
from voice_app.services.results import round_report


@pytest.fixture
def k(demo_site):
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


def test_answers_are_saved_as_given_and_resume_after_a_reload(k):
    kiosk.save_answer(k, "child-1", "clinic_location", "happy", 1)
    kiosk.save_answer(k, "child-1", "waiting_room", "okay", 2)
    kiosk.save_answer(k, "child-1", "clinic_location", "very_happy", 2)  # went back and changed it
    p = kiosk.progress("child-1")
    assert p.position == 2 and not p.submitted
    assert p.answers == {"clinic_location": "very_happy", "waiting_room": "okay"}


def test_submitting_twice_stores_one_response(k):
    kiosk.save_answer(k, "child-2", "privacy", "happy", 1)
    assert kiosk.submit(k, "child-2") is True
    assert kiosk.submit(k, "child-2") is False
    kiosk.save_answer(k, "child-2", "privacy", "unhappy", 1)  # a late tap changes nothing
    report = round_report("camhs-wellbeing", k_round_name(k))
    assert report.responses == 1
    assert report.questions["privacy"].counts["happy"] == 1


def k_round_name(k):
    from voice_app.services.organisations import list_rounds
    return next(r.name for r in list_rounds("camhs-wellbeing") if r.id == k.round_id)


def test_a_child_who_walks_away_keeps_their_answers(k):
    kiosk.save_answer(k, "child-3", "staff_listened", "very_happy", 5)
    kiosk.abandon("child-3")
    report = round_report("camhs-wellbeing", k_round_name(k))
    assert report.responses == 1
    assert kiosk.progress("child-3").submitted


def test_an_empty_walk_away_leaves_nothing(k):
    kiosk.move_to(k, "child-4", 1)
    kiosk.abandon("child-4")
    assert round_report("camhs-wellbeing", k_round_name(k)).responses == 0


def test_invalid_answers_are_refused(k):
    with pytest.raises(AnswerError, match="not an option"):
        kiosk.save_answer(k, "child-5", "privacy", "brilliant", 1)
    with pytest.raises(AnswerError, match="limit is 1000"):
        kiosk.save_answer(k, "child-5", "what_was_good", "x" * 1001, 1)


def test_free_text_is_kept_exactly(k):
    text = "  <script>alert(1)</script> =SUM(A1)  😊 "
    kiosk.save_answer(k, "child-6", "what_was_good", text, 7)
    assert kiosk.progress("child-6").answers["what_was_good"] == text


def test_multiple_choice_exclusive_option(demo_site):
    r = kiosk.open_kiosk("camhs-remote", demo_site)
    kiosk.save_answer(r, "child-7", "remote_used", ["video", "telephone"], 1)
    with pytest.raises(AnswerError, match="cannot be chosen together"):
        kiosk.save_answer(r, "child-7", "remote_used", ["video", "neither"], 1)
    assert kiosk.progress("child-7").answers["remote_used"] == ["video", "telephone"]


def test_a_wrong_link_says_so(database):
    with pytest.raises(kiosk.KioskError):
        kiosk.open_kiosk("camhs-wellbeing", "nowhere")
    with pytest.raises(kiosk.KioskError):
        kiosk.open_kiosk("no-such-survey", "nowhere")


def test_a_response_records_the_language_it_was_answered_in(k):
    from voice_app.store import queries
    from voice_app.store.db import session_scope

    kiosk.save_answer(k, "child-pl", "clinic_location", "happy", 1, lang="pl")
    kiosk.submit(k, "child-ar", lang="ar")  # Send before any answer: the response starts here
    kiosk.save_answer(k, "child-xx", "clinic_location", "happy", 1, lang="xx")  # not one of the survey's
    kiosk.save_answer(k, "child-en", "clinic_location", "happy", 1)
    assert kiosk.progress("child-pl").lang == "pl"  # a reload carries on in Polish
    with session_scope() as session:
        assert {key: queries.response_by_key(session, key).lang
                for key in ["child-pl", "child-ar", "child-xx", "child-en"]} == {
            "child-pl": "pl", "child-ar": "ar", "child-xx": "en", "child-en": "en"}


def test_the_text_models_are_loaded_before_the_first_child_writes():
    """The kiosk warms them when a tablet first opens (voice_app/kiosk_visit.py): the first words a
    child writes after a server starts wait for no model to load."""
    from analysis.text import screen_model, sentiment_model
    from analysis.text.codebook import default_codebook
    from voice_app.services.coding import warm_up

    loaded = (default_codebook, screen_model.shipped_model, sentiment_model.shipped_model)
    for cached in loaded:
        cached.cache_clear()
    warm_up()
    assert [cached.cache_info().currsize for cached in loaded] == [1, 1, 1]
