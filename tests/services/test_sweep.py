"""No route around the lead: responses left unsubmitted are closed, screened and counted by the
sweep, their address goes dead, and the app server's sweep thread outlives any error."""
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from voice_app.services import accounts, kiosk, sweep
from voice_app.services.results import round_report
from voice_app.store.db import session_scope
from voice_app.store.models import Answer, Response, SafeguardingFlag, User, utcnow

ROOT = Path(__file__).resolve().parents[2]
DISCLOSURE = "my mums boyfriend hits me"


@pytest.fixture
def k(demo_site):
    accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    with session_scope() as s:
        s.execute(update(User).where(User.username == "lead").values(email="lead@example.org"))
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


def left_idle(key: str, minutes: float, *, started_minutes: float | None = None) -> None:
    """The response was last touched `minutes` ago (started earlier still, unless given)."""
    now = utcnow()
    with session_scope() as s:
        s.execute(update(Response).where(Response.client_key == key).values(
            updated_at=now - timedelta(minutes=minutes),
            started_at=now - timedelta(minutes=started_minutes if started_minutes is not None else minutes + 5)))


def round_responses(k) -> int:
    from voice_app.services.organisations import list_rounds

    name = next(r.name for r in list_rounds("camhs-wellbeing") if r.id == k.round_id)
    return round_report("camhs-wellbeing", name).responses


def flags() -> list[SafeguardingFlag]:
    with session_scope() as s:
        return list(s.execute(select(SafeguardingFlag)).scalars())


def test_a_tab_closed_before_send_still_reaches_the_lead(k, mailbox):
    kiosk.save_answer(k, "child-1", "staff_listened", "unhappy", 5)
    kiosk.save_answer(k, "child-1", "what_could_be_better", DISCLOSURE, 8)
    left_idle("child-1", minutes=10)  # the tab was closed: no browser will ever press Send
    summary = sweep.run_sweep()
    assert (summary.responses_closed, summary.responses_deleted) == (1, 0)
    [flag] = flags()
    assert flag.status == "open" and flag.organisation_id is not None
    [message] = mailbox.to("lead@example.org")
    assert DISCLOSURE not in message.as_string()
    assert round_responses(k) == 1  # counted, as the kiosk's own walk-away reset counts it
    with session_scope() as s:
        response = s.execute(select(Response).where(Response.client_key == "child-1")).scalar_one()
        assert response.submitted_at is not None and not response.completed


def test_reopening_a_swept_address_neither_reads_nor_edits_the_old_answers(k):
    kiosk.save_answer(k, "child-1", "what_could_be_better", DISCLOSURE, 8)
    left_idle("child-1", minutes=10)
    sweep.run_sweep()
    progress = kiosk.progress("child-1")  # someone opens the &r= address from the history
    assert progress.answers == {} and progress.submitted
    kiosk.save_answer(k, "child-1", "what_could_be_better", "changed by someone else", 9)
    kiosk.move_to(k, "child-1", 0)
    with session_scope() as s:
        texts = list(s.execute(select(Answer.text).where(Answer.text.is_not(None))).scalars())
    assert texts == [DISCLOSURE]


def test_a_response_with_no_answers_is_removed_and_its_address_starts_afresh(k):
    kiosk.save_answer(k, "child-1", "staff_listened", None, 1)  # "I'd rather not say", then gone
    left_idle("child-1", minutes=10)
    assert sweep.run_sweep().responses_deleted == 1
    assert kiosk.progress("child-1") == kiosk.Progress()
    assert round_responses(k) == 0


def test_a_child_still_answering_is_left_alone(k):
    kiosk.save_answer(k, "child-1", "staff_listened", "happy", 1)
    left_idle("child-1", minutes=1, started_minutes=60)  # began long ago, tapped a minute ago
    kiosk.save_answer(k, "child-2", "staff_listened", "happy", 1)
    left_idle("child-2", minutes=4)  # past the kiosk's 3 minutes, inside the sweep's margin
    summary = sweep.run_sweep()
    assert (summary.responses_closed, summary.responses_deleted) == (0, 0)
    assert not kiosk.progress("child-1").submitted and not kiosk.progress("child-2").submitted


def test_two_sweeps_at_once_close_a_response_once(k, mailbox):
    kiosk.save_answer(k, "child-1", "what_could_be_better", DISCLOSURE, 8)
    left_idle("child-1", minutes=10)
    start = threading.Barrier(2)
    results, errors = [], []

    def server():
        start.wait()
        try:
            results.append(sweep.run_sweep())
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=server) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sum(r.responses_closed for r in results) == 1
    assert len(flags()) == 1 and len(mailbox.received) == 1


def test_the_sweep_thread_outlives_an_error(monkeypatch, caplog):
    calls = []
    stop = threading.Event()

    def flaky_sweep():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        stop.set()
        return sweep.SweepSummary()

    monkeypatch.setattr(sweep, "run_sweep", flaky_sweep)
    sweep._loop(0.01, stop)
    assert len(calls) == 2
    assert "sweep failed" in caplog.text


def test_one_sweep_thread_per_process(monkeypatch):
    from voice_app.config import get_settings

    monkeypatch.setattr(sweep, "_loop", lambda interval: threading.Event().wait(5))
    monkeypatch.setattr(sweep, "_started", None)
    monkeypatch.setenv("VOICE_SWEEP_INTERVAL_SECONDS", "0")
    get_settings.cache_clear()
    assert sweep.start_background() is None  # switched off
    monkeypatch.setenv("VOICE_SWEEP_INTERVAL_SECONDS", "20")
    get_settings.cache_clear()
    first = sweep.start_background()
    assert first.daemon and first.is_alive()
    assert sweep.start_background() is first
    get_settings.cache_clear()


def test_sweep_command_for_cron(k, mailbox, monkeypatch):
    import os

    kiosk.save_answer(k, "child-1", "what_could_be_better", DISCLOSURE, 8)
    left_idle("child-1", minutes=10)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "voice_app", "sweep"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Closed 1 unsubmitted responses" in done.stdout and "sent 1 alerts" in done.stdout
    assert len(mailbox.to("lead@example.org")) == 1


def test_the_sweep_counts_what_the_child_left_not_the_flagged_words_they_changed(k):
    kiosk.save_answer(k, "child-1", "what_could_be_better", DISCLOSURE, 8)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "nothing", 8)  # the child changed it
    left_idle("child-1", minutes=10)
    sweep.run_sweep()
    with session_scope() as s:
        rows = {a.text: (a.counted, a.superseded) for a in s.execute(select(Answer)).scalars()}
    assert rows == {DISCLOSURE: (False, True), "nothing": (True, False)}
    [flag] = flags()
    assert flag.status == "open"
