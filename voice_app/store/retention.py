"""Queries for retention: children's own words whose time is up, and responses never sent."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlmodel import Session

from voice_app.store.comments import RESPONSE_ORGANISATION, has_open_flag
from voice_app.store.models import (
    RETENTION_MONTHS_DEFAULT,
    Answer,
    CommentCode,
    Organisation,
    Response,
    Round,
    SafeguardingExample,
    SafeguardingFlag,
    Site,
)

_MONTHS = func.coalesce(Organisation.retention_months, RETENTION_MONTHS_DEFAULT)


def months_in_use(session: Session) -> set[int]:
    """Every retention period some organisation has, and the one of words with no organisation."""
    return set(session.execute(select(Organisation.retention_months).distinct()).scalars()) | {
        RETENTION_MONTHS_DEFAULT}


def _closed_by(cutoff: date):
    """The round ended on or before `cutoff`; a round with no end date counts from the day the
    response was sent."""
    next_day = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
    return or_(and_(Round.closes_on.is_not(None), Round.closes_on <= cutoff),
               and_(Round.closes_on.is_(None), Response.submitted_at < next_day))


def _due_text(columns, cutoffs: Mapping[int, date], *, coded: bool | None = True, open_flag: bool = False):
    """Free text of sent responses whose organisation's period is over (`cutoffs`: months -> the
    last closing date that is due), not replaced yet; under a flag no lead has closed when
    `open_flag`, else never under one. `coded`: only those coded (True), not coded yet (False)."""
    stmt = (select(*columns).select_from(Answer)
            .join(Response, Response.id == Answer.response_id)
            .join(Round, Round.id == Response.round_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .outerjoin(Organisation, Organisation.id == RESPONSE_ORGANISATION)
            .outerjoin(CommentCode, CommentCode.answer_id == Answer.id)
            .where(Answer.text.is_not(None), Response.submitted_at.is_not(None),
                   CommentCode.text_retained_at.is_(None),
                   has_open_flag(Answer.id) if open_flag else ~has_open_flag(Answer.id),
                   or_(*(and_(_MONTHS == months, _closed_by(cutoff)) for months, cutoff in cutoffs.items()))))
    if coded is None:
        return stmt
    return stmt.where(CommentCode.answer_id.is_not(None) if coded else CommentCode.answer_id.is_(None))


def due_text_counts(session: Session, cutoffs: Mapping[int, date], *,
                    open_flag: bool = False) -> dict[int | None, int]:
    """organisation id (None: none) -> how many answers' words are due, coded or not yet (with
    `open_flag`: due, but held by a flag no lead has closed)."""
    org = RESPONSE_ORGANISATION.label("org")
    stmt = _due_text([org, func.count()], cutoffs, coded=None, open_flag=open_flag).group_by(org)
    return dict(session.execute(stmt).all())


def uncoded_due_responses(session: Session, cutoffs: Mapping[int, date]) -> list[int]:
    """Responses with due words never coded (screened and redacted): code them before replacing."""
    stmt = _due_text([Answer.response_id], cutoffs, coded=False).where(Answer.superseded.is_(False))
    return sorted(set(session.execute(stmt).scalars()))


def due_text(session: Session, cutoffs: Mapping[int, date]) -> list[tuple[int, int | None]]:
    """(answer id, organisation id) of coded words that are due."""
    stmt = _due_text([Answer.id, RESPONSE_ORGANISATION], cutoffs).order_by(Answer.id)
    return [tuple(row) for row in session.execute(stmt).all()]


def replace_with_redacted(session: Session, answer_ids: Sequence[int], now: datetime, batch: int = 500) -> None:
    """The child's words become their redacted copy, here and in a lead's labelled examples;
    the codes, flags and quotes stay as they are."""
    redacted = select(CommentCode.redacted).where(CommentCode.answer_id == Answer.id).scalar_subquery()
    example_words = (select(CommentCode.redacted)
                     .join(SafeguardingFlag, SafeguardingFlag.answer_id == CommentCode.answer_id)
                     .where(SafeguardingFlag.id == SafeguardingExample.flag_id).scalar_subquery())
    for start in range(0, len(answer_ids), batch):  # SQLite limits the parameters of one statement
        ids = list(answer_ids[start:start + batch])
        session.execute(update(Answer).where(Answer.id.in_(ids)).values(text=redacted)
                        .execution_options(synchronize_session=False))
        flags = select(SafeguardingFlag.id).where(SafeguardingFlag.answer_id.in_(ids))
        session.execute(update(SafeguardingExample).where(SafeguardingExample.flag_id.in_(flags))
                        .values(text=example_words).execution_options(synchronize_session=False))
        session.execute(update(CommentCode).where(CommentCode.answer_id.in_(ids))
                        .values(text_retained_at=now).execution_options(synchronize_session=False))


def unsubmitted_counts(session: Session, idle_before: datetime) -> dict[tuple[int | None, bool], int]:
    """(organisation id, has any answer) -> responses never sent and idle since before
    `idle_before`: what the sweep's close takes in (with answers) or removes (without)."""
    last_activity = func.coalesce(Response.updated_at, Response.started_at)
    each = (select(RESPONSE_ORGANISATION.label("org"),
                   exists().where(Answer.response_id == Response.id).label("answered"))
            .select_from(Response).outerjoin(Site, Site.id == Response.site_id)
            .where(Response.submitted_at.is_(None), last_activity < idle_before).subquery())
    stmt = select(each.c.org, each.c.answered, func.count()).group_by(each.c.org, each.c.answered)
    return {(o, bool(a)): n for o, a, n in session.execute(stmt).all()}


def set_months(session: Session, slug: str, months: int) -> bool:
    result = session.execute(update(Organisation).where(Organisation.slug == slug)
                             .values(retention_months=months))
    return result.rowcount == 1
