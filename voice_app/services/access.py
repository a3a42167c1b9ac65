"""Who may do what: the one place that names the staff roles and what each may do.

Pages, the router's menus and every service ask `can` or `require` with a capability; no role
name is written anywhere else (tests/services/test_access.py reads the code to check).
"""
from __future__ import annotations

from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from voice_app.store import queries
from voice_app.store.db import session_scope

if TYPE_CHECKING:
    from voice_app.services.accounts import StaffUser


class Role(StrEnum):
    """A staff account's role, stored by its value."""

    ADMIN = "admin"
    WORKER = "worker"
    LEAD = "safeguarding_lead"
    BOARD = "board"


ROLE_NAMES = {Role.ADMIN: "administrator", Role.WORKER: "participation worker",
              Role.LEAD: "safeguarding lead", Role.BOARD: "board member"}


class Can(Enum):
    """What a person may do or see."""

    SEE_FIGURES = "see figures (suppressed for the board)"
    SEE_STAFF_FIGURES = "see figures without suppression"
    READ_COMMENTS = "read what children wrote, quote it and close the loop"
    HANDLE_SAFEGUARDING = "read and act on safeguarding flags"
    SEE_BOARD_VIEWS = "see the board summary and the annual report"
    ADMINISTER = "manage surveys, organisations, sites, staff, kiosk links and read the audit log"
    SEE_EVERY_ORGANISATION = "see every organisation's data, not only one's own"
    ENTER_PAPER = "print paper surveys and type in the answers children gave on paper"


CAPABILITIES: dict[Role, frozenset[Can]] = {
    Role.ADMIN: frozenset(Can),
    Role.WORKER: frozenset({Can.SEE_FIGURES, Can.SEE_STAFF_FIGURES, Can.READ_COMMENTS, Can.ENTER_PAPER}),
    Role.LEAD: frozenset({Can.SEE_FIGURES, Can.SEE_STAFF_FIGURES, Can.HANDLE_SAFEGUARDING}),
    Role.BOARD: frozenset({Can.SEE_FIGURES, Can.SEE_BOARD_VIEWS}),
}


def role_of(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def can(user: StaffUser | None, capability: Can) -> bool:
    role = role_of(user.role) if user is not None else None
    return role is not None and capability in CAPABILITIES[role]


def require(user: StaffUser | None, capability: Can) -> StaffUser:
    if not can(user, capability):
        raise PermissionError("this account may not see that")
    return user


def roles_that(capability: Can) -> tuple[Role, ...]:
    return tuple(role for role in Role if capability in CAPABILITIES[role])


def organisation_ids(user: StaffUser) -> list[int] | None:
    """The organisations whose data the user may see; None means all."""
    if can(user, Can.SEE_EVERY_ORGANISATION):
        return None
    return list(user.organisation_ids)


def site_ids(user: StaffUser) -> list[int] | None:
    """Sites of the user's organisations; None means all sites."""
    orgs = organisation_ids(user)
    if orgs is None:
        return None
    with session_scope() as session:
        return [s.id for s in queries.all_sites(session) if s.organisation_id in orgs]


def audience(user: StaffUser) -> str:
    """Board members only ever get board-audience (suppressed) figures."""
    return "staff" if can(user, Can.SEE_STAFF_FIGURES) else "board"
