"""Who may see what. Every service that returns children's data asks here first."""
from __future__ import annotations

from voice_app.services.accounts import StaffUser
from voice_app.store import queries
from voice_app.store.db import session_scope

RAW_COMMENT_ROLES = ("admin", "worker")
SAFEGUARDING_ROLES = ("admin", "safeguarding_lead")
STAFF_FIGURE_ROLES = ("admin", "worker", "safeguarding_lead")


def require(user: StaffUser | None, *roles: str) -> StaffUser:
    if user is None or user.role not in roles:
        raise PermissionError("this account may not see that")
    return user


def organisation_ids(user: StaffUser) -> list[int] | None:
    """The organisations whose data the user may see; None means all (admins)."""
    if user.role == "admin":
        return None
    return list(user.organisation_ids)


def site_ids(user: StaffUser) -> list[int] | None:
    """Sites of the user's organisations; None means all sites (admins)."""
    orgs = organisation_ids(user)
    if orgs is None:
        return None
    with session_scope() as session:
        return [s.id for s in queries.all_sites(session) if s.organisation_id in orgs]


def audience(user: StaffUser) -> str:
    """Board members only ever get board-audience (suppressed) figures."""
    return "staff" if user.role in STAFF_FIGURE_ROLES else "board"
