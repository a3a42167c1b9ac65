"""What coding reads and writes: free text waiting to be coded, codes stored a batch at a time,
workers' corrections to learn from, and the models learned from them."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session

from voice_app.store import bulk
from voice_app.store.comments import RESPONSE_ORGANISATION
from voice_app.store.models import Answer, CommentCode, Organisation, Response, Site, TextModelBlob
from voice_app.store.themes import CommentTheme, replace_machine_themes


def uncoded_text_answers(session: Session, response_ids: Sequence[int] | None = None,
                         round_ids: Sequence[int] | None = None,
                         stale_version: str | None = None) -> list[tuple]:
    """(answer_id, text, response_id, organisation_id) of free text not yet coded, or coded by
    another codebook version than `stale_version` (never overriding a worker's correction, nor
    codes whose words retention has replaced)."""
    stmt = (select(Answer.id, Answer.text, Answer.response_id, RESPONSE_ORGANISATION)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .outerjoin(CommentCode, CommentCode.answer_id == Answer.id)
            .where(Answer.text.is_not(None), Answer.superseded.is_(False)))
    if stale_version is None:
        stmt = stmt.where(CommentCode.answer_id.is_(None))
    else:
        # Never words that retention replaced: their codes were made from the child's own words.
        stmt = stmt.where(or_(CommentCode.answer_id.is_(None),
                              and_(CommentCode.codebook_version != stale_version,
                                   CommentCode.coded_by != "worker", CommentCode.text_retained_at.is_(None))))
    if response_ids is not None:
        stmt = stmt.where(Answer.response_id.in_(list(response_ids)))
    if round_ids is not None:
        stmt = stmt.where(Response.round_id.in_(list(round_ids)))
    return list(session.execute(stmt.order_by(Answer.id)).all())


def save_codes(session: Session, codes: Sequence[dict], themes: Sequence[tuple[int, Sequence[str], str]]) -> None:
    """Store a batch of the machine's codes (each a dict of CommentCode's values with its
    answer_id, all with the same keys) and their themes: new rows in one insert, rows already
    there in one update by answer id."""
    ids = [c["answer_id"] for c in codes]
    existing = set(session.execute(select(CommentCode.answer_id)
                                   .where(bulk.among(session, CommentCode.answer_id, ids))).scalars()) if ids else set()
    new = [c for c in codes if c["answer_id"] not in existing]
    old = [c for c in codes if c["answer_id"] in existing]
    bulk.insert_rows(session, CommentCode.__table__, new)
    if old:
        session.execute(update(CommentCode), old)
    replace_machine_themes(session, themes)


def organisation_names(session: Session, ids: Sequence[int]) -> list[str]:
    stmt = select(Organisation.redact_names).where(Organisation.id.in_(list(ids)))
    return [name.strip() for block in session.execute(stmt).scalars()
            for name in block.splitlines() if name.strip()]


def corrections_for_training(session: Session, organisation_id: int | None) -> list[tuple[str, list[str], str]]:
    """(text, theme ids, sentiment) of every worker-coded comment of an organisation."""
    stmt = (select(Answer.id, Answer.text, CommentCode.sentiment)
            .join(CommentCode, CommentCode.answer_id == Answer.id)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .where(CommentCode.coded_by == "worker").order_by(Answer.id))
    if organisation_id is not None:
        stmt = stmt.where(RESPONSE_ORGANISATION == organisation_id)
    rows = session.execute(stmt).all()
    themes: dict[int, list[str]] = {}
    theme_stmt = (select(CommentTheme.answer_id, CommentTheme.theme_id)
                  .where(CommentTheme.answer_id.in_(stmt.with_only_columns(Answer.id).order_by(None)))
                  .order_by(CommentTheme.answer_id, CommentTheme.position))
    for answer_id, theme in session.execute(theme_stmt).all():
        themes.setdefault(answer_id, []).append(theme)
    return [(text, themes.get(answer_id, []), sentiment) for answer_id, text, sentiment in rows]


def save_model(session: Session, organisation_id: int | None, n_examples: int, data: bytes) -> None:
    session.add(TextModelBlob(organisation_id=organisation_id, n_examples=n_examples, data=data))


def latest_model_ref(session: Session, organisation_id: int | None) -> tuple[int, datetime] | None:
    """(id, created_at) of the organisation's newest model: cheap, without its bytes."""
    stmt = (select(TextModelBlob.id, TextModelBlob.created_at)
            .where(TextModelBlob.organisation_id == organisation_id)
            .order_by(TextModelBlob.id.desc()).limit(1))
    row = session.execute(stmt).first()
    return tuple(row) if row else None


def model_data(session: Session, model_id: int) -> bytes:
    return session.execute(select(TextModelBlob.data).where(TextModelBlob.id == model_id)).scalar_one()
