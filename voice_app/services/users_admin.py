"""Admins managing staff accounts: listing, adding (with a generated password handed over once),
resetting passwords, switching accounts off, roles, organisations and alert emails. Every
change is recorded in the audit log, and nobody may lock the partnership out of its own
administration."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from voice_app.services import accounts
from voice_app.services.access import Can, Role, can, role_of
from voice_app.services.accounts import (AccountError, StaffUser, account_email, aware, create_user,
                                         generate_password, set_password, throttle_key)
from voice_app.services.audit import record
from voice_app.store import admin as store_admin
from voice_app.store import queries, throttle, users
from voice_app.store.db import session_scope
from voice_app.store.models import User

@dataclass(frozen=True)
class UserInfo:
    username: str
    role: str
    active: bool
    organisations: tuple[str, ...]  # slugs
    locked: bool  # held back by the sign-in throttle just now (a minute at most)
    created_at: datetime
    email: str = ""  # where safeguarding alerts reach a lead


def _require_admin(admin: StaffUser) -> None:
    if not can(admin, Can.ADMINISTER):
        raise PermissionError("only admins can manage staff accounts")


def _record(admin: StaffUser, action: str, target: str, **detail) -> None:
    record(admin, action, target, **detail)


def list_users(admin: StaffUser) -> list[UserInfo]:
    _require_admin(admin)
    now = accounts.clock()
    with session_scope() as session:
        orgs = store_admin.organisation_slugs_by_user(session)
        return [UserInfo(u.username, u.role, u.active, tuple(orgs.get(u.id, [])), _held_back(session, u.username, now),
                         u.created_at, u.email or "")
                for u in store_admin.all_users(session)]


def _held_back(session, username: str, now: datetime) -> bool:
    """Tries at this account from new places wait for the throttle just now."""
    until = throttle.blocked_until(session, [throttle_key("account", username)])
    return until is not None and aware(until) > now


def add_user(admin: StaffUser, username: str, role: str, org_slugs: list[str] = ()) -> tuple[StaffUser, str]:
    """Create an account with a generated password, returned once so it can be handed over."""
    _require_admin(admin)
    password = generate_password()
    user = create_user(username, password, role, list(org_slugs))
    _record(admin, "user.create", user.username, role=role, organisations=list(org_slugs))
    return user, password


def reset_password(admin: StaffUser, username: str) -> str:
    """A new generated password (shown once, never stored in the clear); unlocks the account."""
    _require_admin(admin)
    password = generate_password()
    set_password(username, password)
    _record(admin, "user.reset_password", username)
    return password


def set_active(admin: StaffUser, username: str, active: bool) -> None:
    _require_admin(admin)
    with session_scope() as session:
        user = _existing(session, username)
        if not active:
            _keep_an_admin(session, admin, user, "deactivate")
        user.active = active
        session.add(user)
    _record(admin, "user.activate" if active else "user.deactivate", username)


def set_role(admin: StaffUser, username: str, role: str) -> None:
    _require_admin(admin)
    if role_of(role) is None:
        raise AccountError(f"role must be one of: {', '.join(Role)}")
    with session_scope() as session:
        user = _existing(session, username)
        if role != Role.ADMIN:
            _keep_an_admin(session, admin, user, "change the role of")
        old, user.role = user.role, role
        session.add(user)
    _record(admin, "user.set_role", username, old=old, new=role)


def set_organisations(admin: StaffUser, username: str, org_slugs: list[str]) -> None:
    _require_admin(admin)
    with session_scope() as session:
        user = _existing(session, username)
        ids = []
        for slug in org_slugs:
            org = queries.organisation_by_slug(session, slug)
            if org is None:
                raise AccountError(f"no organisation '{slug}'")
            ids.append(org.id)
        users.remove_from_organisations(session, user.id)
        for org_id in ids:
            users.add_to_organisation(session, user.id, org_id)
    _record(admin, "user.set_organisations", username, organisations=list(org_slugs))


def set_email(admin: StaffUser, username: str, email: str) -> None:
    """Where this person's safeguarding alerts go ('' for none)."""
    _require_admin(admin)
    email = account_email(email)
    with session_scope() as session:
        user = _existing(session, username)
        user.email = email or None
        session.add(user)
    _record(admin, "user.set_email", username, email=email)


def _existing(session, username: str) -> User:
    user = users.user_by_username(session, username)
    if user is None:
        raise AccountError(f"no user '{username}'")
    return user


def _keep_an_admin(session, admin: StaffUser, user: User, doing: str) -> None:
    """Nobody may lock the partnership out of its own administration."""
    if user.id == admin.id:
        raise AccountError(f"you cannot {doing} your own account; ask another admin")
    if user.role == Role.ADMIN and user.active and store_admin.active_count(session, Role.ADMIN) <= 1:
        raise AccountError("this is the last active admin")
