"""Queries for free-text answers, their codes, safeguarding flags and quotes."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, exists, func, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from voice_app.store.frames import frame
from voice_app.store.models import (
    Alert,
    Answer,
    CommentCode,
    Correction,
    Response,
    Round,
    SafeguardingExample,
    SafeguardingFlag,
    Site,
    Survey,
    User,
    VoiceRecord,
    utcnow,
)
from voice_app.store.records import in_consent, quotable
from voice_app.store.themes import CommentTheme, has_theme, joined_themes, set_themes, source_of


# A response at a site belongs to the site's organisation; one without (an import with --org)
# to the organisation it was imported for. Needs Response and an outer join of Site.
RESPONSE_ORGANISATION = func.coalesce(Site.organisation_id, Response.organisation_id)


def of_rounds(round_ids: Sequence[int]) -> tuple:
    """Free-text answers in these rounds: found through the answer's own round, by the index of
    a round's words (ix_answer_comment), not by every answer or response of the round."""
    return Answer.round_id.in_(list(round_ids)), Answer.text.is_not(None)


def has_open_flag(answer_id):
    """Whether the answer has a flag no lead has closed: such a comment is the lead's alone,
    whatever its CommentCode.flagged says."""
    return exists().where(SafeguardingFlag.answer_id == answer_id, SafeguardingFlag.status != "closed")


def open_flags(session: Session, answer_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """answer_id -> (level, reason) of those answers' flags that no lead has closed."""
    if not answer_ids:
        return {}
    stmt = (select(SafeguardingFlag.answer_id, SafeguardingFlag.level, SafeguardingFlag.reason)
            .where(SafeguardingFlag.answer_id.in_(list(answer_ids)), SafeguardingFlag.status != "closed"))
    return {a: (level, reason) for a, level, reason in session.execute(stmt).all()}


def cleared_answers(session: Session, answer_ids: Sequence[int]) -> set[int]:
    """Those answers whose flag a lead has closed as no concern (or a false alarm): the lead
    read these very words, so the screen firing on them again does not hide them."""
    if not answer_ids:
        return set()
    stmt = select(SafeguardingFlag.answer_id).where(SafeguardingFlag.answer_id.in_(list(answer_ids)),
                                                   SafeguardingFlag.status == "closed",
                                                   SafeguardingFlag.outcome != "concern")
    return set(session.execute(stmt).scalars())


def set_flagged(session: Session, answer_id: int, flagged: bool) -> None:
    session.execute(update(CommentCode).where(CommentCode.answer_id == answer_id).values(flagged=flagged))


def save_code(session: Session, answer_id: int, themes: str | Sequence[str] | None = None, **values) -> None:
    """Store one comment's code; its themes (ids, or ';'-joined) replace all it had."""
    if themes is not None:
        set_themes(session, answer_id, themes, source_of(values.get("coded_by")))
    code = session.get(CommentCode, answer_id)
    if code is None:
        session.add(CommentCode(answer_id=answer_id, **values))
        return
    for key, value in values.items():
        setattr(code, key, value)
    session.add(code)


def raise_flag(session: Session, answer_id: int, organisation_id: int | None, reason: str, *,
               level: str = "concern", source: str = "screen", raised_by: int | None = None,
               raised_reason: str | None = None) -> bool:
    """Open a flag unless this answer has one already, and queue the alert to its lead in the
    same transaction. The comment is marked flagged, so it leaves the workers' view at once.
    True when a new flag was opened; a 'check' flag still open is raised to 'concern'."""
    set_flagged(session, answer_id, True)
    existing = session.execute(select(SafeguardingFlag)
                               .where(SafeguardingFlag.answer_id == answer_id)).scalar_one_or_none()
    if existing is not None:
        if level == "concern" and existing.level != "concern" and existing.status != "closed":
            existing.level = "concern"
            session.add(existing)
        return False
    flag = SafeguardingFlag(answer_id=answer_id, organisation_id=organisation_id, reason=reason, level=level,
                            source=source, raised_by=raised_by, raised_reason=raised_reason)
    session.add(flag)
    session.flush()
    site_id = session.execute(select(Answer.site_id).where(Answer.id == answer_id)).scalar_one_or_none()
    session.add(Alert(kind="new_flag", organisation_id=organisation_id, site_id=site_id, flag_id=flag.id))
    return True


AGE = aliased(Answer, name="age_answer")
COMMENT_COLUMNS = (Answer.id.label("answer_id"), Answer.question_id, Answer.text, CommentCode.redacted,
                   CommentCode.sentiment, CommentCode.sentiment_score, CommentCode.flagged,
                   CommentCode.flag_reason, CommentCode.hidden, CommentCode.quote_status, CommentCode.quote_text,
                   CommentCode.coded_by, CommentCode.quote_at, Site.name.label("site"),
                   # where it was heard: a record's own setting, else its site's
                   func.coalesce(VoiceRecord.setting, Site.setting).label("setting"),
                   RESPONSE_ORGANISATION.label("organisation_id"),
                   Round.name.label("round"), Survey.key.label("survey"),
                   func.coalesce(AGE.option_id, "not_answered").label("age_band"),
                   Response.submitted_at, VoiceRecord.id.label("record_id"), VoiceRecord.kind.label("record_kind"))


def comments_query(columns, *, organisation_ids: Sequence[int] | None, survey_key: str | None = None,
                   round_ids: Sequence[int] | None = None, site_ids: Sequence[int] | None = None,
                   age_band: str | None = None, theme: str | None = None, sentiment: str | None = None,
                   words: str | None = None, since: datetime | None = None, until: datetime | None = None,
                   flagged: bool = False, include_hidden: bool = False, quotes_only: bool = False):
    """The free-text answers of submitted responses these filters keep, selecting `columns`."""
    stmt = (select(*columns).select_from(Answer)
            .join(Response, Response.id == Answer.response_id)
            .join(CommentCode, CommentCode.answer_id == Answer.id)
            .join(Round, Round.id == Response.round_id)
            .join(Survey, Survey.id == Round.survey_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .outerjoin(AGE, and_(AGE.response_id == Response.id, AGE.question_id == "age_band"))
            .outerjoin(VoiceRecord, VoiceRecord.answer_id == Answer.id)
            .where(Answer.text.is_not(None), Answer.superseded.is_(False), Response.submitted_at.is_not(None),
                   CommentCode.flagged.is_(flagged)))
    if not flagged:  # a voice record whose consent ended is in no output (a flag stays the lead's)
        stmt = stmt.where(in_consent(), ~has_open_flag(Answer.id))
    if organisation_ids is not None:
        stmt = stmt.where(RESPONSE_ORGANISATION.in_(list(organisation_ids)))
    if survey_key:
        stmt = stmt.where(Survey.key == survey_key)
    if round_ids:
        stmt = stmt.where(Response.round_id.in_(list(round_ids)))
    if site_ids:
        stmt = stmt.where(Response.site_id.in_(list(site_ids)))
    if age_band:
        stmt = stmt.where(AGE.option_id == age_band)
    if theme:
        stmt = stmt.where(has_theme(Answer.id, theme))
    if sentiment:
        stmt = stmt.where(CommentCode.sentiment == sentiment)
    for word in (words or "").split():
        stmt = stmt.where(func.lower(Answer.text).like(f"%{_escape_like(word.lower())}%", escape="\\"))
    if since:
        stmt = stmt.where(Response.submitted_at >= since)
    if until:
        stmt = stmt.where(Response.submitted_at < until)
    if not include_hidden:
        stmt = stmt.where(CommentCode.hidden.is_(False))
    if quotes_only:
        stmt = stmt.where(CommentCode.quote_status == "approved", quotable())
    return stmt


def comment_rows(session: Session, *, limit: int = 2000, **filters) -> pd.DataFrame:
    """Free-text answers of submitted responses with their codes, newest first; `themes` holds
    each one's theme ids ';'-joined (comments_query names the filters)."""
    stmt = (comments_query(COMMENT_COLUMNS, **filters)
            .order_by(Response.submitted_at.desc(), Answer.id.desc()).limit(limit))
    df = frame(session.execute(stmt).all(), stmt.selected_columns.keys())
    themes = joined_themes(session, stmt.with_only_columns(Answer.id)) if len(df) else {}
    df.insert(4, "themes", [themes.get(int(a), "") for a in df["answer_id"]])
    return df


def theme_counts(session: Session, **filters) -> list[tuple[str, int | None, str, int]]:
    """(theme, organisation, sentiment, comments) of the comments comment_rows would list."""
    stmt = comments_query((CommentTheme.theme_id, RESPONSE_ORGANISATION, CommentCode.sentiment, func.count()),
                          **filters).join(CommentTheme, CommentTheme.answer_id == Answer.id)
    stmt = stmt.group_by(CommentTheme.theme_id, RESPONSE_ORGANISATION, CommentCode.sentiment)
    return [tuple(r) for r in session.execute(stmt).all()]


def theme_survey(session: Session, organisation_ids: Sequence[int] | None, theme: str) -> str | None:
    """The survey whose comments talk most about a theme (the newest on a tie), among those a
    worker may read: the survey an item made from that theme is about."""
    stmt = (select(Survey.key).select_from(Answer)
            .join(Response, Response.id == Answer.response_id)
            .join(CommentCode, CommentCode.answer_id == Answer.id)
            .join(Round, Round.id == Response.round_id)
            .join(Survey, Survey.id == Round.survey_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .where(Answer.superseded.is_(False), Response.submitted_at.is_not(None),
                   CommentCode.flagged.is_(False), CommentCode.hidden.is_(False), has_theme(Answer.id, theme))
            .group_by(Survey.key).order_by(func.count().desc(), func.max(Response.submitted_at).desc()).limit(1))
    if organisation_ids is not None:
        stmt = stmt.where(RESPONSE_ORGANISATION.in_(list(organisation_ids)))
    return session.execute(stmt).scalar_one_or_none()


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def comment_organisation(session: Session, answer_id: int) -> int | None:
    stmt = (select(RESPONSE_ORGANISATION).select_from(Answer)
            .join(Response, Response.id == Answer.response_id)
            .outerjoin(Site, Site.id == Response.site_id).where(Answer.id == answer_id))
    return session.execute(stmt).scalar_one_or_none()


def add_correction(session: Session, answer_id: int, user_id: int, themes: str, sentiment: str) -> None:
    session.add(Correction(answer_id=answer_id, user_id=user_id, themes=themes, sentiment=sentiment))


# --- the safeguarding queue -----------------------------------------------------------------

def flag_rows(session: Session, organisation_ids: Sequence[int] | None, status: str | None = None) -> pd.DataFrame:
    """Flags with their comment, who sent a worker's flag and why: concerns before checks, and
    within a level the one waiting longest first."""
    sender, acknowledger, closer = aliased(User), aliased(User), aliased(User)
    stmt = (select(SafeguardingFlag.id, SafeguardingFlag.answer_id, SafeguardingFlag.reason,
                   SafeguardingFlag.level, SafeguardingFlag.source, SafeguardingFlag.raised_reason,
                   sender.username.label("raised_by"), SafeguardingFlag.screen_verdict,
                   SafeguardingFlag.status, SafeguardingFlag.created_at, SafeguardingFlag.action,
                   SafeguardingFlag.outcome, SafeguardingFlag.notes, Answer.text, Answer.question_id,
                   Answer.superseded.label("changed_by_child"),
                   Site.name.label("site"), Survey.key.label("survey"), Response.submitted_at,
                   acknowledger.username.label("acknowledged_by"), SafeguardingFlag.acknowledged_at,
                   closer.username.label("closed_by"), SafeguardingFlag.closed_at)
            .join(Answer, Answer.id == SafeguardingFlag.answer_id)
            .join(Response, Response.id == Answer.response_id)
            .join(Round, Round.id == Response.round_id)
            .join(Survey, Survey.id == Round.survey_id)
            .outerjoin(Site, Site.id == Response.site_id)
            .outerjoin(sender, sender.id == SafeguardingFlag.raised_by)
            .outerjoin(acknowledger, acknowledger.id == SafeguardingFlag.acknowledged_by)
            .outerjoin(closer, closer.id == SafeguardingFlag.closed_by))
    if organisation_ids is not None:
        stmt = stmt.where(SafeguardingFlag.organisation_id.in_(list(organisation_ids)))
    if status:
        stmt = stmt.where(SafeguardingFlag.status == status)
    urgency = case((SafeguardingFlag.level == "concern", 0), else_=1)
    stmt = stmt.order_by(urgency, SafeguardingFlag.created_at, SafeguardingFlag.id)
    df = pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))
    # Free text is screened when saved, so a flag can come before Send: None, never NaT, for
    # "not sent yet" (NaT passes `if` and then fails to format).
    for column in ("submitted_at", "acknowledged_at", "closed_at"):
        df[column] = df[column].astype(object).where(df[column].notna(), None)
    return df


def flag(session: Session, flag_id: int) -> SafeguardingFlag | None:
    return session.get(SafeguardingFlag, flag_id)


def answer_text(session: Session, answer_id: int) -> str | None:
    return session.execute(select(Answer.text).where(Answer.id == answer_id)).scalar_one_or_none()


def response_flagged(session: Session, response_id: int, except_reasons: Sequence[str] = ()) -> bool:
    """Whether any answer of this response has a safeguarding flag, at either level (leaving out
    flags for the reasons given)."""
    stmt = (select(SafeguardingFlag.id).join(Answer, Answer.id == SafeguardingFlag.answer_id)
            .where(Answer.response_id == response_id, SafeguardingFlag.reason.not_in(except_reasons)).limit(1))
    return session.execute(stmt).first() is not None


def add_example(session: Session, **values) -> None:
    session.add(SafeguardingExample(**values))


def example_rows(session: Session, organisation_ids: Sequence[int] | None) -> pd.DataFrame:
    """Labelled examples from leads' verdicts, oldest first."""
    stmt = select(SafeguardingExample.text, SafeguardingExample.concern, SafeguardingExample.category,
                  SafeguardingExample.source, SafeguardingExample.created_at).order_by(SafeguardingExample.id)
    if organisation_ids is not None:
        stmt = stmt.where(SafeguardingExample.organisation_id.in_(list(organisation_ids)))
    return pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))


def flag_counts(session: Session, organisation_ids: Sequence[int] | None,
                round_ids: Sequence[int] | None = None) -> dict[str, int]:
    stmt = select(SafeguardingFlag.status, func.count()).group_by(SafeguardingFlag.status)
    if organisation_ids is not None:
        stmt = stmt.where(SafeguardingFlag.organisation_id.in_(list(organisation_ids)))
    if round_ids is not None:
        stmt = stmt.join(Answer, Answer.id == SafeguardingFlag.answer_id).where(*of_rounds(round_ids))
    return dict(session.execute(stmt).all())


def set_quote(session: Session, answer_id: int, status: str, text: str | None, user_id: int) -> None:
    session.execute(update(CommentCode).where(CommentCode.answer_id == answer_id)
                    .values(quote_status=status, quote_text=text, quote_by=user_id, quote_at=utcnow()))


def set_hidden(session: Session, answer_id: int, hidden: bool) -> None:
    session.execute(update(CommentCode).where(CommentCode.answer_id == answer_id).values(hidden=hidden))
