"""Queries for the alerts outbox and for escalating flags no lead has acknowledged in time.

Several app servers sweep the same database, so every step that must happen once is a
conditional UPDATE whose row count says who won: on PostgreSQL the loser waits for the
winner's row lock and then sees the condition fail; on SQLite writers are serialised.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlmodel import Session

from voice_app.store.models import (
    Alert,
    Answer,
    Organisation,
    SafeguardingFlag,
    Site,
    User,
    UserOrganisation,
)


@dataclass(frozen=True)
class AlertFacts:
    """What an email may say about an alert: names and times, never a comment or a reason."""
    id: int
    kind: str
    organisation_id: int | None
    organisation_name: str | None
    site_name: str | None
    site_contact: str
    escalation_email: str
    flag_id: int | None
    flag_level: str | None
    flag_created_at: datetime | None
    created_at: datetime


def claim_pending(session: Session, now: datetime, stale_before: datetime, limit: int = 100) -> list[int]:
    """Claim unsent alerts for this sweep, oldest first. A claim older than `stale_before`
    belongs to a server that died mid-send, so it is taken over."""
    claimable = (Alert.sent_at.is_(None),
                 or_(Alert.claimed_at.is_(None), Alert.claimed_at < stale_before))
    candidates = session.execute(select(Alert.id).where(*claimable)
                                 .order_by(Alert.created_at, Alert.id).limit(limit)).scalars().all()
    claimed = []
    for alert_id in candidates:  # ascending ids: two servers lock rows in the same order
        result = session.execute(update(Alert).where(Alert.id == alert_id, *claimable)
                                 .values(claimed_at=now))
        if result.rowcount == 1:
            claimed.append(alert_id)
    return claimed


def facts(session: Session, alert_id: int) -> AlertFacts:
    org_id = func.coalesce(Alert.organisation_id, SafeguardingFlag.organisation_id)
    stmt = (select(Alert.id, Alert.kind, Organisation.id, Organisation.name, Site.name,
                   Site.contact_email, Organisation.escalation_email, Alert.flag_id,
                   SafeguardingFlag.level, SafeguardingFlag.created_at, Alert.created_at)
            .select_from(Alert)
            .outerjoin(SafeguardingFlag, SafeguardingFlag.id == Alert.flag_id)
            .outerjoin(Organisation, Organisation.id == org_id)
            .outerjoin(Site, Site.id == Alert.site_id)
            .where(Alert.id == alert_id))
    row = session.execute(stmt).one()
    return AlertFacts(id=row[0], kind=row[1], organisation_id=row[2], organisation_name=row[3],
                      site_name=row[4], site_contact=(row[5] or "").strip(),
                      escalation_email=(row[6] or "").strip(), flag_id=row[7], flag_level=row[8],
                      flag_created_at=row[9], created_at=row[10])


def emails(session: Session, roles: tuple[str, ...], organisation_id: int | None = None) -> list[str]:
    """Emails of the active accounts with one of `roles` (of one organisation, when given)."""
    stmt = select(User.email).where(User.role.in_(roles), User.active.is_(True),
                                    User.email.is_not(None), User.email != "").order_by(User.id)
    if organisation_id is not None:
        stmt = stmt.join(UserOrganisation, UserOrganisation.user_id == User.id).where(
            UserOrganisation.organisation_id == organisation_id)
    return list(session.execute(stmt).scalars())


def mark_sent(session: Session, alert_id: int, recipients: str, now: datetime, note: str | None = None) -> None:
    session.execute(update(Alert).where(Alert.id == alert_id)
                    .values(sent_at=now, recipients=recipients[:2000], attempts=Alert.attempts + 1,
                            last_error=note[:500] if note else None))


def mark_failed(session: Session, alert_id: int, recipients: str, error: str) -> None:
    """Release the claim so the next sweep (on any server) tries again."""
    session.execute(update(Alert).where(Alert.id == alert_id, Alert.sent_at.is_(None))
                    .values(claimed_at=None, recipients=recipients[:2000], attempts=Alert.attempts + 1,
                            last_error=error[:500]))


def pending_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Alert).where(Alert.sent_at.is_(None))).scalar_one()


# --- escalation -----------------------------------------------------------------------------

def flags_to_escalate(session: Session, created_before: datetime) -> list[int]:
    stmt = (select(SafeguardingFlag.id)
            .where(SafeguardingFlag.status == "open", SafeguardingFlag.escalated_at.is_(None),
                   SafeguardingFlag.created_at < created_before)
            .order_by(SafeguardingFlag.id))
    return list(session.execute(stmt).scalars())


def escalate(session: Session, flag_id: int, created_before: datetime, now: datetime) -> bool:
    """Mark the flag escalated and queue its alert, in the caller's transaction; False when
    another server did it first or a lead acknowledged it meanwhile."""
    result = session.execute(update(SafeguardingFlag)
                             .where(SafeguardingFlag.id == flag_id, SafeguardingFlag.status == "open",
                                    SafeguardingFlag.escalated_at.is_(None),
                                    SafeguardingFlag.created_at < created_before)
                             .values(escalated_at=now))
    if result.rowcount != 1:
        return False
    org_id, site_id = session.execute(
        select(SafeguardingFlag.organisation_id, Answer.site_id)
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .where(SafeguardingFlag.id == flag_id)).one()
    session.add(Alert(kind="escalation", organisation_id=org_id, site_id=site_id, flag_id=flag_id))
    return True
