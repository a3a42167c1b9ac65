"""The safeguarding queue: a flagged comment reaches its organisation's lead at once and leaves
the queue only with a recorded decision."""
from __future__ import annotations

import pandas as pd

from voice_app.services import access, audit
from voice_app.services.accounts import StaffUser
from voice_app.store import comments as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

ACTIONS = ("Referred to MASH", "Discussed with the young person's practitioner",
           "Followed the organisation's safeguarding procedure", "Contacted emergency services",
           "No concern on review")
OUTCOMES = {"concern": "A real concern", "no_concern": "No concern on review",
            "false_alarm": "False alarm: the screen was wrong"}


def queue(user: StaffUser, status: str | None = None) -> pd.DataFrame:
    """Flagged comments of the lead's organisations, newest first. Reading them is audited."""
    access.require(user, *access.SAFEGUARDING_ROLES)
    with session_scope() as session:
        df = store.flag_rows(session, access.organisation_ids(user), status)
    audit.record(user, "viewed flagged comments", status or "all", count=len(df))
    return df


def open_count(user: StaffUser) -> int:
    """Flags not yet closed: shown on the lead's home page until someone decides."""
    access.require(user, *access.SAFEGUARDING_ROLES)
    with session_scope() as session:
        counts = store.flag_counts(session, access.organisation_ids(user))
    return counts.get("open", 0) + counts.get("acknowledged", 0)


def _own_flag(session, user: StaffUser, flag_id: int):
    flag = store.flag(session, flag_id)
    allowed = access.organisation_ids(user)
    if flag is None or (allowed is not None and flag.organisation_id not in allowed):
        raise PermissionError("no such flag for your organisations")
    return flag


def acknowledge(user: StaffUser, flag_id: int) -> None:
    access.require(user, *access.SAFEGUARDING_ROLES)
    with session_scope() as session:
        flag = _own_flag(session, user, flag_id)
        if flag.status == "open":
            flag.status, flag.acknowledged_by, flag.acknowledged_at = "acknowledged", user.id, utcnow()
            session.add(flag)
    audit.record(user, "acknowledged a safeguarding flag", f"flag {flag_id}")


def close(user: StaffUser, flag_id: int, action: str, outcome: str, notes: str = "") -> None:
    """Close with what was done and the decision; a false alarm is kept to improve the screen."""
    access.require(user, *access.SAFEGUARDING_ROLES)
    if not action.strip():
        raise ValueError("record what was done before closing")
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    with session_scope() as session:
        flag = _own_flag(session, user, flag_id)
        now = utcnow()
        if flag.acknowledged_at is None:
            flag.acknowledged_by, flag.acknowledged_at = user.id, now
        flag.status, flag.action, flag.outcome, flag.notes = "closed", action.strip(), outcome, notes
        flag.closed_by, flag.closed_at = user.id, now
        session.add(flag)
    audit.record(user, "closed a safeguarding flag", f"flag {flag_id}", what_was_done=action, outcome=outcome)


def volumes(organisation_ids: list[int] | None, round_ids: list[int] | None = None) -> dict[str, int]:
    """Counts by status, for the board summary (which suppresses them)."""
    with session_scope() as session:
        return store.flag_counts(session, organisation_ids, round_ids)
