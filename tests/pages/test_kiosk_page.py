"""The kiosk as a child meets it: age first, a text box without keyboard hints, help that stays,
and a database that does not answer for a moment."""
import time

from sqlalchemy import event

from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import demo, kiosk  # noqa: F401  (the demo fixture)
from voice_app.kiosk_words import SAVING, TOO_LONG
from voice_app.services import kiosk as service
from voice_app.store import queries
from voice_app.kiosk_screens import idle_check_in
from voice_app.store.db import get_engine, session_scope

LINK = {"survey": "camhs-wellbeing", "site": "riverside-waiting-room"}


def started(**params) -> AppTest:
    at = kiosk(**LINK, **params)
    at.button[0].click().run()
    return at


def tap(at: AppTest, question_id: str, option_id: str) -> None:
    at.button(key=f"kiosk_opt_{question_id}_{option_id}").click().run()
    assert not at.exception, at.exception


def skip(at: AppTest, question_id: str) -> None:
    at.button(key=f"kiosk_skip_{question_id}").click().run()
    assert not at.exception, at.exception


def rather_not_say(at: AppTest) -> list:
    return [b for b in at.button if "rather not say" in b.label]


def test_age_is_asked_first_and_the_rest_is_in_that_ages_words(demo):
    at = started()
    assert at.header[0].value == "How old are you?"
    assert len(rather_not_say(at)) == 1  # the question's own option, no second button
    tap(at, "age_band", "under_11")
    assert at.header[0].value == "Is the clinic an OK place to get to?"
    tap(at, "clinic_location", "happy")
    assert at.header[0].value == "Did you feel OK in the waiting room?"
    assert service.progress(at.query_params["r"]).answers == {"age_band": "under_11", "clinic_location": "happy"}


def test_a_child_who_would_rather_not_say_their_age_reads_the_usual_words(demo):
    at = started()
    tap(at, "age_band", "prefer_not_to_say")
    assert at.header[0].value == "How do you feel about where the clinic is?"


def test_a_link_that_fixes_the_age_starts_with_the_questions(demo):
    at = started(age="under_11")
    assert at.header[0].value == "Is the clinic an OK place to get to?"


def to_first_text_box(at: AppTest) -> None:
    tap(at, "age_band", "11_to_15")
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
              "overall_satisfaction"]:
        skip(at, q)


def test_the_text_box_has_a_plain_label_and_no_counter(demo):
    at = started()
    to_first_text_box(at)
    box = at.text_area[0]
    assert box.label == "Write your answer here"
    assert box.proto.max_chars == 0  # Streamlit's own "60/1000" counter is not shown
    assert not at.warning


def test_a_paste_over_the_limit_is_kept_up_to_the_limit_with_a_friendly_word(demo):
    at = started()
    to_first_text_box(at)
    at.text_area[0].input("My worker is kind. " * 80).run()  # 1,520 characters; the limit is 1,000
    assert not at.exception
    assert len(at.text_area[0].value) == 1000 and at.text_area[0].value.startswith("My worker is kind.")
    assert [w.value for w in at.warning] == [TOO_LONG]
    at.button(key="kiosk_next_what_was_good").click().run()
    assert service.progress(at.query_params["r"]).answers["what_was_good"].startswith("My worker is kind.")


def test_words_typed_and_left_are_saved_without_next(demo):
    at = started()
    to_first_text_box(at)
    at.text_area[0].input("my mums boyfriend hits me").run()  # then the child walks away
    key = at.query_params["r"]
    assert service.progress(key).answers["what_was_good"] == "my mums boyfriend hits me"
    assert at.header[0].value == "What was good about coming here?"  # still on the same question


def test_a_nul_byte_in_the_text_box_does_not_crash_the_page(demo):
    at = started()
    to_first_text_box(at)
    at.text_area[0].input("good\x00 staff").run()
    assert not at.exception
    assert service.progress(at.query_params["r"]).answers["what_was_good"] == "good staff"


def test_an_over_long_or_odd_key_is_a_fresh_start(demo):
    for key in ["x" * 65, "not a key!"]:
        at = kiosk(**LINK, r=key)
        assert not at.exception
        assert at.title[0].value == "Tell us about CAMHS" and "r" not in at.query_params


def to_send(at: AppTest) -> None:
    tap(at, "age_band", "16_plus")
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened"]:
        tap(at, q, "happy")
    tap(at, "overall_satisfaction", "satisfied")
    skip(at, "what_was_good")
    skip(at, "what_could_be_better")


def test_a_database_locked_at_send_asks_the_child_to_wait_and_keeps_every_answer(demo, monkeypatch):
    at = started()
    to_send(at)
    real, calls = queries.mark_submitted, []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE response", {}, Exception("could not connect to 10.0.0.5:5432"))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "mark_submitted", locked_once)
    at.button(key="kiosk_send").click().run()
    assert not at.exception
    assert at.header[0].value == SAVING
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.header, *at.text, *at.error))
    assert "5432" not in shown and "OperationalError" not in shown
    at.run()  # the screen's own retry
    assert at.title[0].value.startswith("Thank you")
    progress = service.progress(at.query_params["r"])
    assert progress.submitted


def test_an_answer_that_could_not_be_saved_is_saved_at_send(demo, monkeypatch):
    at = started()
    real, calls = queries.replace_answer, []

    def down_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "replace_answer", down_once)
    tap(at, "age_band", "16_plus")  # the database was down for this tap
    assert not at.exception and at.header[0].value == "How do you feel about where the clinic is?"
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened"]:
        tap(at, q, "happy")
    tap(at, "overall_satisfaction", "satisfied")
    skip(at, "what_was_good")
    skip(at, "what_could_be_better")
    key = at.query_params["r"]
    at.button(key="kiosk_send").click().run()
    assert at.title[0].value.startswith("Thank you")
    with session_scope() as session:
        response = queries.response_by_key(session, key)
        answers = {a.question_id: a.option_id for a in queries.answers_for(session, response.id)}
    assert answers["age_band"] == "16_plus" and len(answers) == 7


def test_the_thank_you_and_its_help_stay_until_the_next_child(demo, monkeypatch):
    at = started()
    to_send(at)
    at.button(key="kiosk_send").click().run()
    assert at.title[0].value.startswith("Thank you")
    help_now = " ".join(m.value for m in at.markdown)
    assert "0800 1111" in help_now and "999" in help_now
    at.session_state["kiosk_active"] = time.time() - 3600  # nobody has touched it for an hour
    at.run()
    assert at.title[0].value.startswith("Thank you") and "r" in at.query_params
    at.button(key="kiosk_next_person").click().run()
    assert at.title[0].value == "Tell us about CAMHS" and "r" not in at.query_params


def test_a_child_who_walks_away_mid_survey_is_still_cleared_from_the_screen(demo):
    at = started()
    tap(at, "age_band", "16_plus")
    at.session_state["kiosk_active"] = time.time() - 3600
    at.run()
    assert at.title[0].value == "Tell us about CAMHS" and "r" not in at.query_params
    assert not at.header  # nothing of the last child's survey on screen


def test_a_tap_straight_after_the_screen_moved_on_is_the_second_of_a_double_tap(demo, monkeypatch):
    at = started()
    tap(at, "age_band", "16_plus")
    tap(at, "clinic_location", "okay")  # the first tap moves on
    monkeypatch.setattr(service, "MOVE_SETTLE_SECONDS", 60.0)  # and the second comes at once:
    tap(at, "waiting_room", "okay")  # it lands on the next screen, unread: ignored
    assert at.header[0].value == "How did you feel in the waiting room?"
    assert at.button(key="kiosk_opt_waiting_room_okay").proto.type == "secondary"
    assert "waiting_room" not in service.progress(at.query_params["r"]).answers
    at.button(key="kiosk_back").click().run()  # nor does a double tap on Back go back twice
    assert at.header[0].value == "How did you feel in the waiting room?"
    monkeypatch.setattr(service, "MOVE_SETTLE_SECONDS", 0.0)  # a child who has read the question
    tap(at, "waiting_room", "okay")
    assert service.progress(at.query_params["r"]).answers["waiting_room"] == "okay"


def test_a_double_tap_on_a_busy_server_still_answers_one_question(demo, monkeypatch):
    """The first tap's rerun is slow (a busy database while saving and moving on), so by the server's clock
    the second tap comes long after the first was handled; it still lands on the new screen
    straight after it was drawn, so it is the second of a double tap."""
    now = [1000.0]
    monkeypatch.setattr(service, "clock", lambda: now[0])
    monkeypatch.setattr(service, "MOVE_SETTLE_SECONDS", 0.7)
    at = started()
    now[0] += 5
    tap(at, "age_band", "16_plus")
    save_answer = service.save_answer  # the answer and the move to the next screen, saved together

    def slow_save(*args, **kwargs):
        now[0] += 3.0  # the save took three seconds
        return save_answer(*args, **kwargs)

    monkeypatch.setattr(service, "save_answer", slow_save)
    now[0] += 5
    tap(at, "clinic_location", "okay")  # the first tap moves on, slowly
    now[0] += 0.1
    tap(at, "waiting_room", "okay")  # the second, a moment after the new screen was drawn
    assert at.header[0].value == "How did you feel in the waiting room?"
    assert "waiting_room" not in service.progress(at.query_params["r"]).answers
    now[0] += 2
    tap(at, "waiting_room", "okay")  # read, then tapped
    assert service.progress(at.query_params["r"]).answers["waiting_room"] == "okay"


def test_a_tap_saves_the_answer_and_the_next_screen_in_one_commit(demo):
    """One write per tap (not the answer, then where the child is): half the commits on a busy server."""
    at = started()
    commits = []
    count = commits.append
    event.listen(get_engine(), "commit", count)
    try:
        tap(at, "age_band", "16_plus")
    finally:
        event.remove(get_engine(), "commit", count)
    assert at.header[0].value == "How do you feel about where the clinic is?"
    assert len(commits) == 1
    saved = service.progress(at.query_params["r"])  # a reload carries on at the next question
    assert saved.answers == {"age_band": "16_plus"} and saved.position == 1


def test_the_walk_away_check_is_due_just_after_the_limit_from_the_last_touch():
    """Once per quiet spell, just after it ends (every touch sets the timer again), not every few seconds."""
    assert idle_check_in(last_touch=1000.0, now=1030.0, limit=180) == 150.5
    assert idle_check_in(last_touch=1000.0, now=1000.0, limit=6) == 6.5
    assert idle_check_in(last_touch=1000.0, now=5000.0, limit=180) == 0.5  # overdue: at once
    assert idle_check_in(last_touch=None, now=5000.0, limit=180) == 180.5


def test_opening_the_kiosk_loads_the_text_models_before_any_child_writes(demo):
    from analysis.text import screen_model, sentiment_model
    from analysis.text.codebook import default_codebook
    from voice_app.kiosk_visit import warm_text_models

    loaded = (default_codebook, screen_model.shipped_model, sentiment_model.shipped_model)
    warm_text_models.clear()  # as in a server that has just started
    for cached in loaded:
        cached.cache_clear()
    at = kiosk(**LINK)
    assert at.title[0].value == "Tell us about CAMHS"
    warm_text_models().join(timeout=60)  # the one thread this process started, beside the welcome
    assert [cached.cache_info().currsize for cached in loaded] == [1, 1, 1]
