"""The kiosk's service edge under real use: two taps on two connections, odd text, odd keys,
and a database that does not answer for a moment. On SQLite and PostgreSQL."""
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from voice_app.services import kiosk
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.store.models import Answer, Response


@pytest.fixture
def k(demo_site):
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


def stored(client_key: str) -> tuple[Response, list[Answer]]:
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        return response, queries.answers_for(session, response.id)


def together(*calls) -> list:
    """Run the calls at the same moment on their own threads (and their own connections)."""
    start, results, errors = threading.Barrier(len(calls)), [None] * len(calls), []

    def run(i, call):
        start.wait()
        try:
            results[i] = call()
        except BaseException as err:  # noqa: BLE001  (reported below, on the test's thread)
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_two_sessions_sending_one_response_finish_it_once_and_count_every_answer(k):
    for attempt in range(5):
        key = f"double-{attempt}"
        for n, q in enumerate(["clinic_location", "waiting_room", "privacy"]):
            kiosk.save_answer(k, key, q, "happy", n + 1)
        firsts = together(lambda: kiosk.submit(k, key), lambda: kiosk.submit(k, key))
        assert sorted(firsts) == [False, True]
        response, answers = stored(key)
        assert response.submitted_at is not None
        assert len(answers) == 3 and all(a.counted for a in answers)


def test_an_answer_saved_while_the_other_tap_sends_is_counted_or_refused_never_left_out(k):
    for attempt in range(5):
        key = f"race-{attempt}"
        kiosk.save_answer(k, key, "clinic_location", "happy", 1)
        together(lambda: kiosk.submit(k, key),
                 lambda: kiosk.save_answer(k, key, "staff_listened", "very_happy", 2))
        _, answers = stored(key)
        assert answers and all(a.counted for a in answers), [(a.question_id, a.counted) for a in answers]


def test_nul_and_control_characters_are_dropped_from_kiosk_text(k):
    kiosk.save_answer(k, "nul", "what_was_good", "my\x00 worker\x07 listens\r\nto me\t!", 7)
    assert kiosk.progress("nul").answers["what_was_good"] == "my worker listens\r\nto me\t!"


def test_text_over_the_limit_is_kept_up_to_the_limit(k):
    question = k.survey.question("what_was_good")
    kept, cut = kiosk.fit_text(question, "ab\x00" * 800)
    assert cut and len(kept) == question.max_length and kept.startswith("abab")
    assert kiosk.fit_text(question, "short") == ("short", False)
    assert kiosk.fit_text(question, None) == ("", False)


@pytest.mark.parametrize("key", ["x" * 65, "a b", "../etc", "", "é" * 10, "\x00"])
def test_a_malformed_key_is_a_fresh_start_not_a_crash(k, key):
    assert not kiosk.usable_key(key)
    assert kiosk.progress(key) == kiosk.Progress()
    with pytest.raises(kiosk.KioskError):
        kiosk.save_answer(k, key, "privacy", "happy", 1)


def test_a_database_that_does_not_answer_is_a_busy_kiosk_not_a_traceback(k, monkeypatch):
    kiosk.save_answer(k, "busy", "privacy", "happy", 1)
    real = queries.mark_submitted
    calls = []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE response", {}, Exception("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "mark_submitted", locked_once)
    with pytest.raises(kiosk.KioskBusy):
        kiosk.submit(k, "busy")
    assert kiosk.submit(k, "busy") is True  # tried again: nothing was lost
    response, answers = stored("busy")
    assert response.submitted_at is not None and [a.option_id for a in answers] == ["happy"]
    assert answers[0].counted
    with session_scope() as session:
        assert session.execute(select(func.count(Response.id))).scalar_one() >= 1
