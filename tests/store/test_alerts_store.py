"""The outbox and the sweep's steps happen once, however many servers sweep (SQLite and PostgreSQL)."""
from datetime import timedelta

from sqlalchemy import select

from voice_app.services import kiosk
from voice_app.store import alerts, sweep
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, Response, SafeguardingFlag, utcnow


def a_flag(site_slug: str) -> None:
    k = kiosk.open_kiosk("camhs-wellbeing", site_slug)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "i want to kill myself", 8)
    kiosk.submit(k, "child-1")


def test_an_alert_is_claimed_by_one_sweep_until_its_claim_goes_stale(demo_site):
    a_flag(demo_site)
    now = utcnow()
    with session_scope() as s:
        assert len(alerts.claim_pending(s, now, now - timedelta(minutes=5))) == 1
    with session_scope() as s:
        assert alerts.claim_pending(s, now, now - timedelta(minutes=5)) == []  # another server
    later = now + timedelta(minutes=6)
    with session_scope() as s:  # the first server died mid-send: its claim is taken over
        [alert_id] = alerts.claim_pending(s, later, later - timedelta(minutes=5))
        alerts.mark_sent(s, alert_id, "lead@example.org", later)
    with session_scope() as s:
        assert alerts.claim_pending(s, later, later) == [] and alerts.pending_count(s) == 0


def test_a_failed_send_is_released_for_the_next_sweep(demo_site):
    a_flag(demo_site)
    now = utcnow()
    with session_scope() as s:
        [alert_id] = alerts.claim_pending(s, now, now - timedelta(minutes=5))
        alerts.mark_failed(s, alert_id, "lead@example.org", "ConnectionRefusedError")
    with session_scope() as s:
        assert alerts.claim_pending(s, now, now - timedelta(minutes=5)) == [alert_id]
        assert s.get(Alert, alert_id).attempts == 1


def test_a_flag_escalates_once_with_its_alert(demo_site):
    a_flag(demo_site)
    later = utcnow() + timedelta(hours=5)
    with session_scope() as s:
        [flag_id] = alerts.flags_to_escalate(s, later)
        assert alerts.escalate(s, flag_id, later, later) is True
        assert alerts.escalate(s, flag_id, later, later) is False
    with session_scope() as s:
        kinds = list(s.execute(select(Alert.kind).order_by(Alert.id)).scalars())
        assert kinds == ["new_flag", "escalation"]
        assert s.get(SafeguardingFlag, flag_id).escalated_at is not None
        assert alerts.flags_to_escalate(s, later) == []


def test_an_idle_response_closes_once_and_an_active_one_not_at_all(demo_site):
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "idle", "privacy", "happy", 1)
    kiosk.save_answer(k, "active", "privacy", "happy", 1)
    now = utcnow()
    with session_scope() as s:
        for key, minutes in (("idle", 30), ("active", 1)):
            r = s.execute(select(Response).where(Response.client_key == key)).scalar_one()
            r.started_at, r.updated_at = now - timedelta(hours=1), now - timedelta(minutes=minutes)
            s.add(r)
    cutoff = now - timedelta(minutes=5)
    with session_scope() as s:
        [idle_id] = sweep.idle_responses(s, cutoff)
        assert sweep.close_if_idle(s, idle_id, cutoff, now) is True
        assert sweep.close_if_idle(s, idle_id, cutoff, now) is False
        assert sweep.has_answers(s, idle_id)
    with session_scope() as s:
        assert sweep.idle_responses(s, cutoff) == []
