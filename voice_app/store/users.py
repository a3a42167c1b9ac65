"""Queries for staff accounts."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from voice_app.store.models import User, UserOrganisation


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
