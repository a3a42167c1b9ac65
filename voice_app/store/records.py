"""Queries for voice records (letters, drawings, conversations...) and practice reviews.

A record's summary is a free-text Answer of a response of the internal survey RECORDS_SURVEY
(source "record"), so the comment machinery codes, flags and quotes it. That answer is never
counted (counted False, no round on the answer), and the survey is left out of every survey list."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlmodel import Session

from voice_app.store import tally
from voice_app.store.models import (
    Answer,
    CommentCode,
    PracticeReview,
    Response,
    Round,
    Survey,
    SurveyVersion,
    VoiceRecord,
    YouSaidQuote,
)
from voice_app.store.themes import CommentTheme, joined_themes

RECORDS_SURVEY = "voice-records"  # the internal survey's key: never a kiosk survey
RECORD_SOURCE = "record"  # Response.source of a record
SUMMARY_QUESTION = "summary"


def in_consent(today: date | None = None):
    """Condition on an outer-joined VoiceRecord: not a record, or a record whose consent stands."""
    today = today or datetime.now(UTC).date()
    return or_(VoiceRecord.id.is_(None),
               and_(VoiceRecord.consent_ended_at.is_(None),
                    or_(VoiceRecord.consent_until.is_(None), VoiceRecord.consent_until >= today)))


def quotable():
    """Condition on an outer-joined VoiceRecord: not a record, or one whose consent allows quoting."""
    return or_(VoiceRecord.id.is_(None), VoiceRecord.consent.in_(("quote", "public")))


def records_survey_version(session: Session, definition_json: str, content_hash: str) -> tuple[int, int]:
    """(survey id, version id) of the internal survey, made on first use."""
    survey = session.execute(select(Survey).where(Survey.key == RECORDS_SURVEY)).scalars().first()
    if survey is None:
        survey = Survey(key=RECORDS_SURVEY, title="Voice records (letters, drawings, conversations)")
        session.add(survey)
        session.flush()
    version = session.execute(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
                              .order_by(SurveyVersion.number.desc()).limit(1)).scalars().first()
    if version is None:
        version = SurveyVersion(survey_id=survey.id, number=1, content_hash=content_hash,
                                definition=definition_json)
        session.add(version)
        session.flush()
    return survey.id, version.id


def year_round(session: Session, survey_id: int, year: int) -> int:
    """The internal survey's round for one year ("2026"): the theme explorer's round filter."""
    name = str(year)
    found = session.execute(select(Round.id).where(Round.survey_id == survey_id, Round.name == name)).scalar()
    if found is not None:
        return found
    round_ = Round(survey_id=survey_id, name=name, opens_on=date(year, 1, 1), closes_on=date(year, 12, 31))
    session.add(round_)
    session.flush()
    return round_.id


def add_record(session: Session, *, client_key: str, round_id: int, version_id: int, organisation_id: int,
               summary: str, age_band: str, heard_on: date, **values) -> VoiceRecord:
    """The response carrying the record's words (uncounted), and the record itself."""
    when = datetime.combine(heard_on, time(12), UTC)
    response = Response(client_key=client_key, round_id=round_id, organisation_id=organisation_id,
                        survey_version_id=version_id, source=RECORD_SOURCE, started_at=when,
                        updated_at=when, submitted_at=when, completed=True)
    session.add(response)
    session.flush()
    answer = Answer(response_id=response.id, question_id=SUMMARY_QUESTION, text=summary, counted=False)
    session.add(answer)
    session.add(Answer(response_id=response.id, question_id="age_band", option_id=age_band, counted=False))
    tally.add(session, [response.id])  # a submitted response (its words are never counted)
    record = VoiceRecord(organisation_id=organisation_id, answer_id=answer.id, heard_on=heard_on,
                         age_band=age_band, **values)
    session.add(record)
    session.flush()
    return record


def quote_refusal(session: Session, answer_id: int) -> str | None:
    """Why this answer may not be quoted when it is a voice record's: its consent; else None."""
    row = session.execute(select(VoiceRecord.consent, VoiceRecord.consent_ended_at)
                          .where(VoiceRecord.answer_id == answer_id)).first()
    if row is None:
        return None
    if row[1] is not None:
        return "consent for this record has ended"
    if row[0] not in ("quote", "public"):
        return "this record's consent is for use inside the partnership only, not for quoting"
    return None


def sentiment_of(session: Session, answer_id: int) -> str:
    return session.execute(select(CommentCode.sentiment).where(CommentCode.answer_id == answer_id)).scalar() or "neutral"


def record(session: Session, record_id: int) -> VoiceRecord | None:
    return session.get(VoiceRecord, record_id)


def response_of(session: Session, answer_id: int) -> int:
    return session.execute(select(Answer.response_id).where(Answer.id == answer_id)).scalar_one()


def record_rows(session: Session, organisation_ids: Sequence[int] | None, review_id: int | None = None) -> list[tuple]:
    """(record, redacted summary, themes, flagged, review name) of records, newest first."""
    stmt = (select(VoiceRecord, CommentCode.redacted, CommentCode.flagged, PracticeReview.name)
            .outerjoin(CommentCode, CommentCode.answer_id == VoiceRecord.answer_id)
            .outerjoin(PracticeReview, PracticeReview.id == VoiceRecord.review_id)
            .order_by(VoiceRecord.heard_on.desc(), VoiceRecord.id.desc()))
    if organisation_ids is not None:
        stmt = stmt.where(VoiceRecord.organisation_id.in_(list(organisation_ids)))
    if review_id is not None:
        stmt = stmt.where(VoiceRecord.review_id == review_id)
    rows = session.execute(stmt).all()
    themes = joined_themes(session, [r[0].answer_id for r in rows])
    return [(rec, redacted, themes.get(rec.answer_id, ""), flagged, review) for rec, redacted, flagged, review in rows]


def end_consent(session: Session, record_id: int, reason: str, now: datetime) -> None:
    """The record leaves every output: its quote is withdrawn and unlinked from every item."""
    rec = session.get(VoiceRecord, record_id)
    rec.consent_ended_at, rec.consent_end_reason = now, reason
    rec.file_name = rec.file_type = rec.file_size = None
    session.add(rec)
    session.execute(update(CommentCode).where(CommentCode.answer_id == rec.answer_id)
                    .values(quote_status="rejected", quote_text=None))
    session.execute(delete(YouSaidQuote).where(YouSaidQuote.answer_id == rec.answer_id))


def expired(session: Session, today: date) -> list[tuple[int, str | None]]:
    """(id, file name) of records whose consent ran out before today and is not yet ended."""
    stmt = select(VoiceRecord.id, VoiceRecord.file_name).where(
        VoiceRecord.consent_ended_at.is_(None), VoiceRecord.consent_until.is_not(None),
        VoiceRecord.consent_until < today)
    return [tuple(r) for r in session.execute(stmt).all()]


def report_counts(session: Session, start: date, end: date, review_ids: Sequence[int],
                  today: date | None = None) -> list[tuple[int, str, int | None, str | None, bool, int]]:
    """(organisation, kind, review, meeting, heard in [start, end], records) of records whose
    consent stands, heard in the period or attached to one of the reviews given."""
    inside = and_(VoiceRecord.heard_on >= start, VoiceRecord.heard_on <= end)
    keep = or_(inside, VoiceRecord.review_id.in_(list(review_ids))) if review_ids else inside
    flag = case((inside, True), else_=False).label("inside")
    stmt = (select(VoiceRecord.organisation_id, VoiceRecord.kind, VoiceRecord.review_id, VoiceRecord.meeting, flag,
                   func.count())
            .where(keep, in_consent(today))
            .group_by(VoiceRecord.organisation_id, VoiceRecord.kind, VoiceRecord.review_id, VoiceRecord.meeting, flag))
    return [tuple(r) for r in session.execute(stmt).all()]


def theme_setting_counts(session: Session, organisation_ids: Sequence[int] | None, start: date | None = None,
                         end: date | None = None, today: date | None = None) -> list[tuple[str, str, int]]:
    """(theme, setting, records) of records in consent, not flagged nor hidden, heard in [start, end]:
    the records' side of the views-by-topic-and-setting picture (unsuppressed: suppress above)."""
    stmt = (select(CommentTheme.theme_id, VoiceRecord.setting, func.count())
            .join(CommentCode, CommentCode.answer_id == VoiceRecord.answer_id)
            .join(CommentTheme, CommentTheme.answer_id == VoiceRecord.answer_id)
            .where(in_consent(today), CommentCode.flagged.is_(False), CommentCode.hidden.is_(False))
            .group_by(CommentTheme.theme_id, VoiceRecord.setting))
    if organisation_ids is not None:
        stmt = stmt.where(VoiceRecord.organisation_id.in_(list(organisation_ids)))
    if start is not None:
        stmt = stmt.where(VoiceRecord.heard_on >= start)
    if end is not None:
        stmt = stmt.where(VoiceRecord.heard_on <= end)
    return sorted(tuple(r) for r in session.execute(stmt).all())


def organisations_with_records(session: Session) -> set[int]:
    """Organisations that have logged any voice record (whatever its consent)."""
    return set(session.execute(select(VoiceRecord.organisation_id).distinct()).scalars())


# --- practice reviews -----------------------------------------------------------------------

def add_review(session: Session, **values) -> PracticeReview:
    review = PracticeReview(**values)
    session.add(review)
    session.flush()
    return review


def review(session: Session, review_id: int) -> PracticeReview | None:
    return session.get(PracticeReview, review_id)


def reviews(session: Session, organisation_ids: Sequence[int] | None) -> list[PracticeReview]:
    stmt = select(PracticeReview).order_by(PracticeReview.starts_on.desc(), PracticeReview.id.desc())
    if organisation_ids is not None:
        stmt = stmt.where(PracticeReview.organisation_id.in_(list(organisation_ids)))
    return list(session.execute(stmt).scalars())


def review_by_name(session: Session, organisation_id: int, name: str) -> PracticeReview | None:
    stmt = select(PracticeReview).where(PracticeReview.organisation_id == organisation_id,
                                        func.lower(PracticeReview.name) == name.strip().lower())
    return session.execute(stmt).scalars().first()


def reviews_between(session: Session, organisation_ids: Sequence[int] | None, start: date,
                    end: date) -> list[PracticeReview]:
    """Reviews running at some time in [start, end] (a missing date: open on that side)."""
    stmt = (select(PracticeReview).where(or_(PracticeReview.starts_on.is_(None), PracticeReview.starts_on <= end),
                                         or_(PracticeReview.ends_on.is_(None), PracticeReview.ends_on >= start))
            .order_by(PracticeReview.id))
    if organisation_ids is not None:
        stmt = stmt.where(PracticeReview.organisation_id.in_(list(organisation_ids)))
    return list(session.execute(stmt).scalars())
