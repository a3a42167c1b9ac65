"""Queries for signed-in staff browsers (StaffSession)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

from voice_app.store.models import StaffSession


def add(session: Session, user_id: int, token_hash: str) -> StaffSession:
    row = StaffSession(user_id=user_id, token_hash=token_hash)
    session.add(row)
    session.flush()
    return row


def by_hash(session: Session, token_hash: str) -> StaffSession | None:
    return session.execute(select(StaffSession).where(StaffSession.token_hash == token_hash)).scalars().first()


def revoke_user(session: Session, user_id: int, now: datetime) -> None:
    session.execute(update(StaffSession).where(StaffSession.user_id == user_id,
                                               StaffSession.revoked_at.is_(None)).values(revoked_at=now))
