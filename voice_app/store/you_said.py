"""Queries for "You said… We did…" items, their linked quotes and their history."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, func, select
from sqlmodel import Session

from voice_app.store.comments import RESPONSE_ORGANISATION, has_open_flag, of_rounds
from voice_app.store.models import (
    Answer,
    CommentCode,
    Organisation,
    Response,
    Round,
    SafeguardingFlag,
    Site,
    Survey,
    YouSaidChange,
    YouSaidItem,
    YouSaidQuote,
    VoiceRecord,
)
from voice_app.store.records import in_consent, quotable


def add_item(session: Session, **values) -> YouSaidItem:
    item = YouSaidItem(**values)
    session.add(item)
    session.flush()
    return item


def item(session: Session, item_id: int) -> YouSaidItem | None:
    return session.get(YouSaidItem, item_id)


def save_item(session: Session, item: YouSaidItem) -> None:
    session.add(item)
    session.flush()


def add_change(session: Session, item_id: int, user_id: int | None, change: str) -> None:
    session.add(YouSaidChange(item_id=item_id, user_id=user_id, change=change))


def changes(session: Session, item_id: int) -> list[YouSaidChange]:
    stmt = (select(YouSaidChange).where(YouSaidChange.item_id == item_id)
            .order_by(YouSaidChange.at, YouSaidChange.id))
    return list(session.execute(stmt).scalars())


def items(session: Session, *, organisation_ids: Sequence[int] | None = None,
          site_id: int | None = None, published_only: bool = False,
          created_from: date | None = None, created_to: date | None = None) -> list[YouSaidItem]:
    """Items, newest first. A site's list also holds its organisation's site-less items."""
    stmt = select(YouSaidItem)
    if organisation_ids is not None:
        stmt = stmt.where(YouSaidItem.organisation_id.in_(list(organisation_ids)))
    if site_id is not None:
        stmt = stmt.where((YouSaidItem.site_id == site_id) | YouSaidItem.site_id.is_(None))
    if published_only:
        stmt = stmt.where(YouSaidItem.published.is_(True))
    if created_from is not None:
        stmt = stmt.where(YouSaidItem.created_at >= created_from)
    if created_to is not None:
        stmt = stmt.where(YouSaidItem.created_at < created_to)
    stmt = stmt.order_by(YouSaidItem.updated_at.desc(), YouSaidItem.id.desc())
    return list(session.execute(stmt).scalars())


def set_quotes(session: Session, item_id: int, answer_ids: Sequence[int]) -> None:
    session.execute(delete(YouSaidQuote).where(YouSaidQuote.item_id == item_id))
    for answer_id in dict.fromkeys(answer_ids):
        session.add(YouSaidQuote(item_id=item_id, answer_id=answer_id))


def linked_answer_ids(session: Session, item_id: int) -> list[int]:
    stmt = select(YouSaidQuote.answer_id).where(YouSaidQuote.item_id == item_id).order_by(YouSaidQuote.answer_id)
    return list(session.execute(stmt).scalars())


def publishable_quotes(session: Session, item_ids: Sequence[int]) -> dict[int, list[str]]:
    """Approved quote wording linked to each item. Checked on every read, so a quote later
    rejected, hidden or flagged drops off the public page and the poster at once."""
    out: dict[int, list[str]] = {}
    for item_id, _answer_id, text in publishable_quote_rows(session, item_ids):
        out.setdefault(item_id, []).append(text)
    return out


def publishable_quote_rows(session: Session, item_ids: Sequence[int]) -> list[tuple[int, int, str]]:
    """(item_id, answer_id, wording) of the quotes publishable_quotes returns, in its order."""
    if not item_ids:
        return []
    stmt = (select(YouSaidQuote.item_id, YouSaidQuote.answer_id, CommentCode.quote_text)
            .join(CommentCode, CommentCode.answer_id == YouSaidQuote.answer_id)
            .outerjoin(VoiceRecord, VoiceRecord.answer_id == YouSaidQuote.answer_id)
            .where(YouSaidQuote.item_id.in_(list(item_ids)), CommentCode.quote_status == "approved",
                   in_consent(), quotable(),
                   CommentCode.flagged.is_(False), CommentCode.hidden.is_(False),
                   CommentCode.quote_text.is_not(None), ~has_open_flag(YouSaidQuote.answer_id))
            .order_by(YouSaidQuote.item_id, YouSaidQuote.answer_id))
    return [(i, a, t) for i, a, t in session.execute(stmt).all() if t and t.strip()]


def quote_candidates(session: Session, answer_ids: Sequence[int]) -> list[tuple[int, int | None]]:
    """(answer_id, organisation_id) of those answers that are approved, unflagged, unhidden quotes."""
    if not answer_ids:
        return []
    stmt = (select(Answer.id, RESPONSE_ORGANISATION)
            .join(CommentCode, CommentCode.answer_id == Answer.id)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .outerjoin(VoiceRecord, VoiceRecord.answer_id == Answer.id)
            .where(Answer.id.in_(list(answer_ids)), CommentCode.quote_status == "approved", in_consent(), quotable(),
                   CommentCode.flagged.is_(False), CommentCode.hidden.is_(False),
                   Answer.superseded.is_(False), ~has_open_flag(Answer.id)))
    return list(session.execute(stmt).all())


def names(session: Session) -> tuple[dict[int, Organisation], dict[int, Site], dict[int, Survey], dict[int, Round]]:
    """Every organisation, site, survey and round by id: small tables, read once per page."""
    return ({o.id: o for o in session.execute(select(Organisation)).scalars()},
            {s.id: s for s in session.execute(select(Site)).scalars()},
            {s.id: s for s in session.execute(select(Survey)).scalars()},
            {r.id: r for r in session.execute(select(Round)).scalars()})


def rounds_between(session: Session, start: date | None, end: date | None) -> list[Round]:
    """Rounds whose period overlaps [start, end]; a round without dates counts from its creation."""
    rounds = list(session.execute(select(Round).order_by(Round.created_at, Round.id)).scalars())
    out = []
    for r in rounds:
        opens = r.opens_on or r.created_at.date()
        closes = r.closes_on or opens
        if (end is None or opens <= end) and (start is None or closes >= start):
            out.append(r)
    return out


def _screened(round_ids: Sequence[int], *columns):
    """Free-text answers that went through the safeguarding screen, counted (with `columns`)."""
    return (select(*columns, func.count()).select_from(Answer)
            .join(CommentCode, CommentCode.answer_id == Answer.id)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .where(*of_rounds(round_ids), Answer.superseded.is_(False)))


def comments_screened(session: Session, round_ids: Sequence[int],
                      organisation_ids: Sequence[int] | None) -> int:
    """Free-text answers that went through the safeguarding screen."""
    stmt = _screened(round_ids)
    if organisation_ids is not None:
        stmt = stmt.where(RESPONSE_ORGANISATION.in_(list(organisation_ids)))
    return session.execute(stmt).scalar_one()


def comments_screened_by_organisation(session: Session, round_ids: Sequence[int]) -> dict[int | None, int]:
    """The same count for every organisation at once, in one pass over the rounds' comments
    (None: responses with no organisation)."""
    return dict(session.execute(_screened(round_ids, RESPONSE_ORGANISATION).group_by(RESPONSE_ORGANISATION)).all())


def flags_by_organisation(session: Session, round_ids: Sequence[int]) -> dict[int | None, int]:
    """Flags raised on the rounds' comments, for every organisation at once (None: no organisation)."""
    stmt = (select(SafeguardingFlag.organisation_id, func.count())
            .join(Answer, Answer.id == SafeguardingFlag.answer_id).where(*of_rounds(round_ids))
            .group_by(SafeguardingFlag.organisation_id))
    return dict(session.execute(stmt).all())
