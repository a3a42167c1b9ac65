"""Who did what to children's data: viewed raw comments, exported, changed a code, approved a
quote, acted on a safeguarding flag. Append-only."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from voice_app.services.access import Can, can
from voice_app.store import audit
from voice_app.store.db import session_scope

if TYPE_CHECKING:
    from voice_app.services.accounts import StaffUser


def record(user: StaffUser | None, action: str, target: str = "", **detail) -> None:
    with session_scope() as session:
        record_in(session, user, action, target, **detail)


def record_in(session, user: StaffUser | None, action: str, target: str = "", **detail) -> None:
    """Record in the caller's transaction: the event is kept if and only if the change is."""
    audit.add_event(session, user.id if user else None, user.username if user else "system",
                    action, target, detail)


def events(user: StaffUser, limit: int = 500, action: str | None = None) -> pd.DataFrame:
    if not can(user, Can.ADMINISTER):
        raise PermissionError("only admins can read the audit log")
    with session_scope() as session:
        return audit.recent_events(session, limit, action)


def events_csv(user: StaffUser, limit: int = 500, action: str | None = None) -> bytes:
    """The log as the admin downloads it: formula-safe like every other export (a username or
    a target such as `=HYPERLINK(…)` must not run in a spreadsheet)."""
    from voice_app.services import exports  # exports records through this module

    return exports.to_csv(events(user, limit, action))
