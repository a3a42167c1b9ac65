"""Staff accounts: Argon2id hashes, lockout after repeated failures, no default password."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from pwdlib import PasswordHash

from voice_app.store import queries, users
from voice_app.store.db import session_scope
from voice_app.store.models import User, utcnow

ROLES = ("admin", "worker", "safeguarding_lead", "board")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
_hasher = PasswordHash.recommended()  # Argon2id
# Verifying against a dummy hash when the user is unknown keeps timing the same.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    organisation_ids: tuple[int, ...]


def _public(session, user: User) -> StaffUser:
    return StaffUser(user.id, user.username, user.role, users.organisation_ids(session, user.id))


def create_user(username: str, password: str, role: str, org_slugs: list[str] = ()) -> StaffUser:
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    if not username:
        raise AccountError("a username is needed")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    with session_scope() as session:
        if users.user_by_username(session, username):
            raise AccountError(f"there is already a user called '{username}'")
        user = User(username=username, password_hash=_hasher.hash(password), role=role)
        session.add(user)
        session.flush()
        for slug in org_slugs:
            org = queries.organisation_by_slug(session, slug)
            if org is None:
                raise AccountError(f"no organisation '{slug}'")
            users.add_to_organisation(session, user.id, org.id)
        session.flush()
        return _public(session, user)


def set_password(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    with session_scope() as session:
        user = users.user_by_username(session, username)
        if user is None:
            raise AccountError(f"no user '{username}'")
        user.password_hash = _hasher.hash(password)
        user.failed_logins, user.locked_until = 0, None
        session.add(user)


def authenticate(username: str, password: str) -> StaffUser | None:
    """The user if the password is right and the account is not locked; None otherwise."""
    with session_scope() as session:
        user = users.user_by_username(session, username.strip())
        if user is None or not user.active:
            _hasher.verify(password, _DUMMY_HASH)
            return None
        now = utcnow()
        if user.locked_until is not None and user.locked_until > now:
            return None
        if not _hasher.verify(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
            session.add(user)
            return None
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        return _public(session, user)


def has_users() -> bool:
    with session_scope() as session:
        return users.any_user(session)


def generate_password() -> str:
    return secrets.token_urlsafe(12)
