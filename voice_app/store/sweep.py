"""Queries for closing kiosk responses that were left unsubmitted (a tab closed, a tablet lost)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, func, select, update
from sqlmodel import Session

from voice_app.store import tally
from voice_app.store.models import Answer, Response

_LAST_ACTIVITY = func.coalesce(Response.updated_at, Response.started_at)


def idle_responses(session: Session, idle_before: datetime, limit: int = 500) -> list[int]:
    stmt = (select(Response.id).where(Response.submitted_at.is_(None), _LAST_ACTIVITY < idle_before)
            .order_by(Response.id).limit(limit))
    return list(session.execute(stmt).scalars())


def close_if_idle(session: Session, response_id: int, idle_before: datetime, now: datetime) -> bool:
    """Close a response as the kiosk's walk-away reset does (submitted, not completed, its answers
    counted), only if it is still unsubmitted and idle: a child who tapped meanwhile, or another
    server's sweep, wins. True when this call closed it."""
    result = session.execute(update(Response)
                             .where(Response.id == response_id, Response.submitted_at.is_(None),
                                    _LAST_ACTIVITY < idle_before)
                             .values(submitted_at=now, completed=False))
    if result.rowcount != 1:
        return False
    session.execute(update(Answer).where(Answer.response_id == response_id, Answer.superseded.is_(False))
                    .values(counted=True))  # flagged words the child changed stay with the lead, uncounted
    tally.add(session, [response_id])
    return True


def has_answers(session: Session, response_id: int) -> bool:
    """Superseded flagged words count here: a response holding a flag is never deleted."""
    return session.execute(select(exists().where(Answer.response_id == response_id))).scalar_one()


def delete_response(session: Session, response_id: int) -> None:
    tally.remove(session, [response_id])  # the sweep closed it first: its response is counted
    session.execute(delete(Response).where(Response.id == response_id))
