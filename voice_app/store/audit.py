"""The audit log: insert and read only. Nothing in the code updates or deletes an event."""
from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from voice_app.store.frames import frame
from voice_app.store.models import AuditEvent


def add_event(session: Session, user_id: int | None, username: str, action: str,
              target: str = "", detail: dict | None = None) -> None:
    session.add(AuditEvent(user_id=user_id, username=username, action=action, target=target,
                           detail=json.dumps(detail or {}, ensure_ascii=False, default=str)))


def recent_events(session: Session, limit: int = 500, action: str | None = None) -> pd.DataFrame:
    stmt = select(AuditEvent.at, AuditEvent.username, AuditEvent.action, AuditEvent.target,
                  AuditEvent.detail).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return frame(session.execute(stmt).all(), ["at", "user", "action", "target", "detail"])
