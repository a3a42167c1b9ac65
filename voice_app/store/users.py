"""Queries for staff accounts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlmodel import Session

from voice_app.store.models import SetupCode, User, UserOrganisation


def user_by_username(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username)).scalars().first()


def organisation_ids(session: Session, user_id: int) -> tuple[int, ...]:
    stmt = select(UserOrganisation.organisation_id).where(UserOrganisation.user_id == user_id)
    return tuple(sorted(session.execute(stmt).scalars()))


def add_to_organisation(session: Session, user_id: int, organisation_id: int) -> None:
    session.merge(UserOrganisation(user_id=user_id, organisation_id=organisation_id))


def any_user(session: Session) -> bool:
    return session.execute(select(User.id).limit(1)).first() is not None


def remove_from_organisations(session: Session, user_id: int) -> None:
    session.execute(delete(UserOrganisation).where(UserOrganisation.user_id == user_id))


def replace_setup_code(session: Session, code_hash: str, now: datetime) -> None:
    """The new code is the only one that works: any earlier unspent one is retired."""
    session.execute(update(SetupCode).where(SetupCode.used_at.is_(None)).values(used_at=now))
    session.add(SetupCode(code_hash=code_hash, created_at=now))
    session.flush()


def setup_code_pending(session: Session) -> bool:
    return session.execute(select(SetupCode.id).where(SetupCode.used_at.is_(None)).limit(1)).first() is not None


def spend_setup_code(session: Session, code_hash: str, now: datetime) -> bool:
    """True once for an unspent code: a conditional UPDATE, so two people cannot both spend it."""
    spent = session.execute(update(SetupCode).where(SetupCode.code_hash == code_hash, SetupCode.used_at.is_(None))
                            .values(used_at=now).returning(SetupCode.id)).first()
    return spent is not None
