"""The sweep: no route around the lead. It closes kiosk responses left unsubmitted (a tab
closed, a tablet that lost its session), so their free text is screened and counted; it
escalates flags no lead has acknowledged in time; and it sends the alerts waiting in the
outbox. Run by every app server in a background thread and by `python -m voice_app sweep`."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from voice_app.config import get_settings
from voice_app.services import accounts, alerts, records
from voice_app.services.coding import code_pending
from voice_app.store import sweep as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

log = logging.getLogger(__name__)

# Beyond the kiosk's own idle reset (which runs every 10 s in a connected browser), so the
# sweep only takes responses that no open kiosk will reset itself.
IDLE_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True)
class SweepSummary:
    responses_closed: int = 0  # left with answers: screened and counted now
    responses_deleted: int = 0  # left with no answer at all
    flags_escalated: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    alerts_waiting: int = 0
    email_on: bool = True

    def text(self) -> str:
        email = (f"sent {self.alerts_sent} alerts, {self.alerts_failed} failed (tried again next sweep)"
                 if self.email_on else "email is off (VOICE_SMTP_HOST is empty)")
        return (f"Closed {self.responses_closed} unsubmitted responses "
                f"and removed {self.responses_deleted} empty ones; "
                f"escalated {self.flags_escalated} flags; {email}; "
                f"{self.alerts_waiting} alerts waiting")


def run_sweep(now: datetime | None = None) -> SweepSummary:
    now = now or utcnow()
    closed, deleted = close_idle_responses(now)
    escalated = alerts.queue_escalations(now)
    delivery = alerts.deliver_pending()  # the clock of the claim is real time, not `now`
    accounts.forget_old_tries(now)
    records.end_expired_consents(now.date())  # past its consent date: out of every output, file deleted
    return SweepSummary(responses_closed=closed, responses_deleted=deleted, flags_escalated=escalated,
                        alerts_sent=delivery.sent, alerts_failed=delivery.failed,
                        alerts_waiting=delivery.waiting, email_on=delivery.email_on)


def close_idle_responses(now: datetime) -> tuple[int, int]:
    """(closed, deleted): each response in its own transaction, so one bad row stops no other."""
    idle_before = now - timedelta(seconds=get_settings().kiosk_idle_seconds) - IDLE_MARGIN
    with session_scope() as session:
        candidates = store.idle_responses(session, idle_before)
    closed = deleted = 0
    for response_id in candidates:
        with session_scope() as session:
            if not store.close_if_idle(session, response_id, idle_before, now):
                continue  # the child came back, or another server's sweep took it
            if store.has_answers(session, response_id):
                code_pending(session, response_ids=[response_id])  # a disclosure reaches a lead
                closed += 1
            else:
                store.delete_response(session, response_id)
                deleted += 1
    return closed, deleted


# --- the app server's background sweep -----------------------------------------------------

_started: threading.Thread | None = None
_start_lock = threading.Lock()


def start_background() -> threading.Thread | None:
    """Start this process's sweep thread once (every later call is a no-op)."""
    global _started
    interval = get_settings().sweep_interval_seconds
    if interval <= 0:
        return None
    with _start_lock:
        if _started is None or not _started.is_alive():
            _started = threading.Thread(target=_loop, args=(interval,), name="voice-sweep", daemon=True)
            _started.start()
    return _started


def _loop(interval: int, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.wait(interval):
        sweep_once_logged()


def sweep_once_logged() -> SweepSummary | None:
    """One sweep whose failure is logged, never raised: the loop must outlive a database blip."""
    try:
        summary = run_sweep()
    except Exception:  # noqa: BLE001
        log.exception("sweep failed; trying again next time")
        return None
    if summary.responses_closed or summary.flags_escalated or summary.alerts_sent or summary.alerts_failed:
        log.info("sweep: %s", summary.text())
    return summary
