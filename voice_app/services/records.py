"""Voice records: a letter, drawing, video, audio, message or conversation a worker logs.

Its summary (in the child's words where possible) is stored as a free-text answer of the
internal survey "voice-records", so it goes through the comments' own coding (themes,
sentiment, safeguarding screen: a flag reaches the lead's queue and email) and the one review
path (the theme explorer, quotes, "You said… We did…"). It never counts in survey figures.
Withdrawn consent (or consent past its date) takes it out of every output at once and deletes
its file."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from functools import lru_cache

from pydantic import BaseModel

from surveys import parse_survey
from voice_app.config import get_settings
from voice_app.services import access, audit, coding, comments, record_files
from voice_app.services.accounts import StaffUser
from voice_app.services.text import LONG, clean_text
from voice_app.store import comments as comment_store
from voice_app.store import records as store
from voice_app.store.db import session_scope
from voice_app.store.models import SETTING_NAMES, Setting, utcnow

RECORDS_SURVEY = store.RECORDS_SURVEY  # where records are found in the theme explorer
KINDS = ("letter", "drawing", "video", "audio", "message", "conversation")
KIND_PLURALS = {"letter": "letters", "drawing": "drawings", "video": "videos", "audio": "audio recordings",
                "message": "messages", "conversation": "conversations"}
CONSENTS = {"internal": "Use inside the partnership only", "quote": "May be quoted, once a worker approves the quote",
            "public": "May be shown publicly"}
AGE_BANDS = {"under_11": "Under 11", "11_to_15": "11 to 15", "16_plus": "16 or older", "not_answered": "Not known"}
MEETINGS = {"start": "Start meeting", "end": "End meeting"}
EARLIEST = date(2000, 1, 1)
MAX_SUMMARY_CHARS = LONG


def max_file_mb() -> int:
    return get_settings().record_file_max_mb


class RecordError(ValueError):
    """Why a record was refused; nothing was stored."""


class NewRecord(BaseModel):
    kind: str
    heard_on: date
    setting: str
    age_band: str = "not_answered"
    summary: str
    consent: str
    consent_until: date | None = None
    review_id: int | None = None
    meeting: str | None = None
    themes: list[str] | None = None  # the worker's own; None: the codebook's


class RecordView(BaseModel):
    id: int
    answer_id: int
    kind: str
    heard_on: date
    setting: str  # its name, e.g. "Social care"
    age_band: str
    review_id: int | None
    review: str | None
    meeting: str | None
    consent: str
    consent_until: date | None
    state: str  # "Consent given", "Consent withdrawn", "Consent ended"
    summary: str  # redacted; a flagged record's words are the lead's alone
    themes: str
    has_file: bool
    file_type: str | None


def problems(new: NewRecord, today: date | None = None) -> list[tuple[str, str]]:
    """(column, what is wrong) for each field that cannot be stored."""
    today = today or datetime.now(UTC).date()
    out = []
    if new.kind not in KINDS:
        out.append(("kind", f"'{new.kind}' is not a kind of record; use one of {', '.join(KINDS)}"))
    if not EARLIEST <= new.heard_on <= today:
        out.append(("date", f"{new.heard_on:%d/%m/%Y} is {'in the future' if new.heard_on > today else 'too early'}"))
    if new.setting not in set(Setting):
        out.append(("setting", f"'{new.setting}' is not a setting; use one of {', '.join(s.value for s in Setting)}"))
    if new.age_band not in AGE_BANDS:
        out.append(("age_band", f"'{new.age_band}' is not an age band; use one of {', '.join(AGE_BANDS)}"))
    if not new.summary.strip():
        out.append(("summary", "the summary is empty"))
    if new.consent not in CONSENTS:
        out.append(("consent", f"'{new.consent}' is not a consent; use one of {', '.join(CONSENTS)}"))
    if new.consent_until is not None and new.consent_until < new.heard_on:
        out.append(("consent_until", "consent ends before the record was made"))
    if new.meeting is not None and new.meeting not in MEETINGS:
        out.append(("meeting", f"'{new.meeting}' is not a meeting; use start or end"))
    unknown = [t for t in new.themes or [] if t not in comments.theme_names()]
    if unknown:
        out.append(("themes", f"unknown theme(s) {', '.join(unknown)}"))
    return out


@lru_cache(maxsize=1)
def _definition() -> tuple[str, str]:
    """The internal survey's definition: an age band and the summary, never on a kiosk."""
    d = parse_survey({"id": store.RECORDS_SURVEY, "title": "Voice records (letters, drawings, conversations)",
                      "languages": ["en"], "questions": [
                          {"id": "age_band", "type": "single", "text": "Age", "optional": True,
                           "options": [{"id": k, "label": v} for k, v in AGE_BANDS.items() if k != "not_answered"]},
                          {"id": store.SUMMARY_QUESTION, "type": "text", "max_length": LONG,
                           "text": "What the child said, in their words where possible"}]}, "voice records")
    return d.canonical_json(), d.content_hash()


def check_organisation(user: StaffUser | None, organisation_id: int) -> None:
    allowed = access.organisation_ids(user) if user is not None else None
    if allowed is not None and organisation_id not in allowed:
        raise PermissionError("that belongs to another organisation")


def add_in(session, user: StaffUser | None, organisation_id: int, new: NewRecord,
           file: tuple[str, str, int] | None = None) -> tuple[int, bool]:
    """Store and code one checked record in the caller's transaction: (record id, flagged)."""
    summary = clean_text(new.summary, "summary", LONG, RecordError)
    survey_id, version_id = store.records_survey_version(session, *_definition())
    rec = store.add_record(
        session, client_key=f"record-{uuid.uuid4().hex}", round_id=store.year_round(session, survey_id, new.heard_on.year),
        version_id=version_id, organisation_id=organisation_id, summary=summary, age_band=new.age_band,
        heard_on=new.heard_on, kind=new.kind, setting=new.setting, consent=new.consent,
        consent_until=new.consent_until, review_id=new.review_id, meeting=new.meeting if new.review_id else None,
        file_name=file[0] if file else None, file_type=file[1] if file else None, file_size=file[2] if file else None,
        created_by=user.id if user else None)
    coding.code_pending(session, response_ids=[store.response_of(session, rec.answer_id)])
    if new.themes is not None and user is not None:
        themes = ";".join(new.themes)
        comment_store.save_code(session, rec.answer_id, themes=themes, coded_by="worker", coded_at=utcnow())
        comment_store.add_correction(session, rec.answer_id, user.id, themes, store.sentiment_of(session, rec.answer_id))
    session.flush()
    flagged = bool(comment_store.open_flags(session, [rec.answer_id]))
    audit.record_in(session, user, "logged a voice record", f"record {rec.id}", kind=new.kind,
                    consent=new.consent, file=bool(file))
    return rec.id, flagged


def log_record(user: StaffUser, organisation_id: int, new: NewRecord, file: bytes | None = None) -> tuple[int, bool]:
    """A worker logs a record (with an optional file). Returns (record id, sent to the lead)."""
    access.require(user, access.Can.READ_COMMENTS)
    check_organisation(user, organisation_id)
    wrong = problems(new)
    if wrong:
        raise RecordError("; ".join(f"{column}: {why}" for column, why in wrong))
    stored = None
    if file:
        try:
            data, kind, ext = record_files.checked(file)
        except record_files.RecordFileError as err:
            raise RecordError(f"file: {err}") from None
        stored = (record_files.save(data, ext), kind, len(data))
    try:
        with session_scope() as session:
            if new.review_id is not None:
                _check_review(session, new.review_id, organisation_id)
            return add_in(session, user, organisation_id, new, stored)
    except Exception:
        record_files.delete(stored[0] if stored else None)  # nothing from a refused record is kept
        raise


def _check_review(session, review_id: int, organisation_id: int) -> None:
    review = store.review(session, review_id)
    if review is None or review.organisation_id != organisation_id:
        raise RecordError("review: no such practice review in this organisation")


def _state(rec, today: date) -> str:
    if rec.consent_end_reason == "withdrawn":
        return "Consent withdrawn"
    if rec.consent_ended_at is not None or (rec.consent_until and rec.consent_until < today):
        return "Consent ended"
    return "Consent given"


def list_records(user: StaffUser, review_id: int | None = None) -> list[RecordView]:
    access.require(user, access.Can.READ_COMMENTS)
    today = datetime.now(UTC).date()
    names = comments.theme_names()
    with session_scope() as session:
        rows = store.record_rows(session, access.organisation_ids(user), review_id)
        held = comment_store.open_flags(session, [r[0].answer_id for r in rows])
    out = []
    for rec, redacted, themes, flagged, review in rows:
        ended = rec.consent_ended_at is not None
        hidden = flagged or rec.answer_id in held
        out.append(RecordView(
            id=rec.id, answer_id=rec.answer_id, kind=rec.kind, heard_on=rec.heard_on,
            setting=SETTING_NAMES.get(rec.setting, rec.setting), age_band=AGE_BANDS.get(rec.age_band, rec.age_band),
            review_id=rec.review_id, review=review, meeting=MEETINGS.get(rec.meeting) if rec.meeting else None, consent=rec.consent,
            consent_until=rec.consent_until, state=_state(rec, today),
            summary=("With the safeguarding lead" if hidden else "Not shown: consent ended" if ended else redacted or ""),
            themes=comments.themes_shown(themes or "", "codebook", names), has_file=bool(rec.file_name),
            file_type=rec.file_type))
    return out


def where_heard(kind: str | None, setting: str | None, site: str | None) -> str:
    """The theme explorer's "where" for a row: a comment's site, or a record's kind and setting."""
    if kind and isinstance(kind, str):
        return f"{kind.capitalize()} · {SETTING_NAMES.get(setting, setting)}"
    return site or "No site"


def record_file(user: StaffUser, record_id: int) -> tuple[bytes, str] | None:
    """(bytes, type) of a record's file, for a worker of its organisation; None once consent ended."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        rec = store.record(session, record_id)
        if rec is None:
            return None
        check_organisation(user, rec.organisation_id)
        if rec.file_name is None or rec.consent_ended_at is not None:
            return None
        name, kind = rec.file_name, rec.file_type
    data = record_files.read(name)
    if data is not None:
        audit.record(user, "opened a voice record's file", f"record {record_id}")
    return (data, kind) if data is not None else None


def withdraw(user: StaffUser, record_id: int) -> None:
    """Consent withdrawn: the record leaves every output and quote at once; its file is deleted."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        rec = store.record(session, record_id)
        if rec is None:
            raise RecordError("no such record")
        check_organisation(user, rec.organisation_id)
        if rec.consent_ended_at is not None:
            return
        name = rec.file_name
        store.end_consent(session, record_id, "withdrawn", utcnow())
        audit.record_in(session, user, "withdrew consent for a voice record", f"record {record_id}",
                        file_deleted=bool(name))
    record_files.delete(name)


def end_expired_consents(today: date | None = None) -> int:
    """Records whose consent ran out: out of every output, files deleted (run by the sweep)."""
    today = today or datetime.now(UTC).date()
    with session_scope() as session:
        due = store.expired(session, today)
        for record_id, _ in due:
            store.end_consent(session, record_id, "expired", utcnow())
        if due:
            audit.record_in(session, None, "ended consent for voice records past their date", "",
                            records=[r for r, _ in due])
    for _, name in due:
        record_files.delete(name)
    return len(due)
