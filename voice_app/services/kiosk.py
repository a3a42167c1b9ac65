"""A young person's survey on a tablet: every answer saved as it is given, one submit per child."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path

from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from analysis.text.safeguarding import UNREAD
from surveys import Option, Question, SurveyDefinition
from surveys.schema import AGE_BANDS, picture_path
from voice_app.config import get_settings
from voice_app.services.answers import answer_rows, value_from_rows
from voice_app.services.coding import code_pending
from voice_app.services.surveys import UnknownSurvey, children_survey, definition_of
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store.admin import kiosk_link
from voice_app.store.db import session_scope
from voice_app.store.models import Response, Round, SurveyVersion, utcnow


class KioskError(LookupError):
    """A kiosk link that does not lead to a survey a child can answer."""


class KioskBusy(RuntimeError):
    """The database could not be reached, or was busy, just now. Nothing was written half-way:
    the same call can simply be made again."""


def _retryable(fn):
    """A database that is down or locked reaches the child's screen as KioskBusy, never as a
    traceback (with host and port) and never as a lost answer."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (OperationalError, InterfaceError, PoolTimeout) as err:
            raise KioskBusy("the database is not answering just now") from err
    return wrapper


# A response's key comes from the address bar: anything else is a fresh start, not a crash.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
# NUL (which PostgreSQL refuses), other control characters and lone surrogates; tab and new
# lines stay, they are part of what a child wrote.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A tap this soon after the screen moved on was meant for the screen before: the second tap
# of a double tap, which lands on the next question's button before a child could read it.
MOVE_SETTLE_SECONDS = 0.7
clock = time.monotonic  # the settle time's clock (a test sets its own)
AGE_QUESTION = "age_band"
NO_AGE = "prefer_not_to_say"


def usable_key(key: object) -> bool:
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value)


def fit_text(question: Question, value: str | None) -> tuple[str, bool]:
    """Typed or pasted words as they can be kept: control characters gone, cut at the question's
    limit (never emptied). True when something was cut, so the child can be told."""
    value = clean_text(value or "")
    return value[:question.max_length], len(value) > question.max_length


def link_band(link_age: str | None) -> str | None:
    """The age band a link fixes (&age=), when it names one."""
    return link_age if link_age in AGE_BANDS else None


def question_order(survey: SurveyDefinition, link_age: str | None = None,
                   answers: dict[str, object] | None = None) -> list[Question]:
    """The questions a child meets, in order. A survey with versions by age asks the age first,
    so that everything after it is that age's version (an under-11 is asked fewer questions);
    a link that fixes the age answers the age question itself, which is then not asked."""
    band = wording_age(link_age, answers or {})
    questions = list(survey.questions)
    has_age = AGE_QUESTION in [q.id for q in questions]
    if has_age and link_band(link_age):
        questions = [q for q in questions if q.id != AGE_QUESTION]
    elif has_age and any(survey.worded_for(b) for b in AGE_BANDS):
        questions = [survey.question(AGE_QUESTION)] + [q for q in questions if q.id != AGE_QUESTION]
    return [q for q in questions if q.asked_of(band)]


def option_picture(option: Option) -> Path | None:
    """An option's picture, only ever a file inside the surveys folder (a stored survey from
    before that rule may name another path: it is then shown without its picture)."""
    path = picture_path(get_settings().surveys_dir, option.image) if option.image else None
    return path if path is not None and path.is_file() else None


def wording_age(link_age: str | None, answers: dict[str, object]) -> str | None:
    """The age band whose wording a child reads: the link's, else the one they chose."""
    if link_band(link_age):
        return link_age
    chosen = answers.get(AGE_QUESTION)
    return chosen if isinstance(chosen, str) and chosen != NO_AGE else None


def has_own_prefer_not_to_say(question: Question) -> bool:
    """A question that offers "I'd rather not say" itself needs no second such button."""
    return any(o.id == NO_AGE for o in question.options)


@dataclass(frozen=True)
class Kiosk:
    survey_key: str
    site_slug: str
    site_name: str
    site_id: int
    round_id: int
    version_id: int
    survey: SurveyDefinition


@dataclass
class Progress:
    position: int = 0
    answers: dict[str, object] = field(default_factory=dict)
    submitted: bool = False
    lang: str = "en"  # the language the child chose, so a reload carries on in it


@_retryable
def open_kiosk(survey_key: str, site_slug: str) -> Kiosk:
    """The survey and site a kiosk link names, and the round its answers go into."""
    with session_scope() as session:
        try:
            survey, version, definition = children_survey(session, survey_key)
        except UnknownSurvey:
            raise KioskError("This survey link is not right. Please ask a member of staff.") from None
        site = queries.site_by_slug(session, site_slug)
        if site is None:
            raise KioskError("This survey link is not right. Please ask a member of staff.")
        link = kiosk_link(session, survey.id, site.id)
        if link is not None and not link.active:  # no row means on: older printed links still work
            raise KioskError("This survey is not open here at the moment. Please ask a member of staff.")
        round_ = queries.open_round(session, survey.id, datetime.now(UTC).date())
        if round_ is None:
            # A kiosk should never turn a child away: answers go into a round for this year.
            round_ = Round(survey_id=survey.id, name=str(datetime.now(UTC).year))
            session.add(round_)
            session.flush()
        return Kiosk(survey_key, site.slug, site.name, site.id, round_.id, version.id, definition)


@_retryable
def progress(client_key: str) -> Progress:
    """Where a child got to, for resuming after a reload or a sleeping tablet."""
    if not usable_key(client_key):
        return Progress()
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        if response is None:
            return Progress()
        if response.submitted_at is not None:
            return Progress(submitted=True)
        version = session.get(SurveyVersion, response.survey_version_id)
        definition = definition_of(version)
        rows: dict[str, list] = {}
        for a in queries.answers_for(session, response.id):
            rows.setdefault(a.question_id, []).append((a.option_id, a.text))
        answers = {q.id: value_from_rows(q, rows[q.id]) for q in definition.questions if q.id in rows}
        return Progress(position=response.position, answers=answers, lang=response.lang)


def _response(session, kiosk: Kiosk, client_key: str, lang: str, link_age: str | None = None) -> Response:
    """The child's response, made at their first answer: with the language they chose, and the
    age band the link fixes as their answer to the age question (so their version is known)."""
    response = queries.response_by_key(session, client_key)
    if response is not None:
        return response
    response = Response(client_key=client_key, round_id=kiosk.round_id, site_id=kiosk.site_id,
                        survey_version_id=kiosk.version_id, source="kiosk",
                        lang=lang if lang in kiosk.survey.languages else "en")
    ages = [q for q in kiosk.survey.questions if q.id == AGE_QUESTION and link_band(link_age)
            and any(o.id == link_age for o in q.options)]
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
            for q in ages:
                queries.replace_answer(session, response, q.id, answer_rows(q, link_age))
    except IntegrityError:  # the same child's other tap got there first
        response = queries.response_by_key(session, client_key)
    return response


@_retryable
def save_answer(kiosk: Kiosk, client_key: str, question_id: str, value: object, position: int,
                lang: str = "en", link_age: str | None = None) -> None:
    """Save (or replace) one answer and where the child is now. Raises AnswerError if invalid.
    The first answer records the language the child chose (one of the survey's), and the age
    band the link fixes.

    Free text is coded and screened as it is saved, so a disclosure reaches the lead even if
    the child never taps Send (a closed tab, a tablet that loses its session)."""
    if not usable_key(client_key):
        raise KioskError("This survey link is not right. Please ask a member of staff.")
    if isinstance(value, str):
        value = clean_text(value)
    rows = answer_rows(kiosk.survey.question(question_id), value)
    with session_scope() as session:
        response = _response(session, kiosk, client_key, lang, link_age)
        if not queries.hold_open_response(session, response, position):
            return  # a late tap after submitting changes nothing
        changed = queries.replace_answer(session, response, question_id, rows)
        if changed and any(text is not None for _, text in rows):
            code_pending(session, response_ids=[response.id])


@_retryable
def move_to(kiosk: Kiosk, client_key: str, position: int) -> None:
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        if response is not None and response.submitted_at is None:
            response.position, response.updated_at = position, utcnow()
            session.add(response)


@_retryable
def submit(kiosk: Kiosk, client_key: str, lang: str = "en", link_age: str | None = None) -> bool:
    """Finish a response. Idempotent: True the first time, False for a repeat."""
    if not usable_key(client_key):
        raise KioskError("This survey link is not right. Please ask a member of staff.")
    with session_scope() as session:
        response = _response(session, kiosk, client_key, lang, link_age)
        first = queries.mark_submitted(session, response, completed=True)
        if first:
            code_pending(session, response_ids=[response.id])  # a disclosure reaches a lead now
        return first


@_retryable
def abandon(client_key: str) -> None:
    """The child walked away: keep what they answered, so no accepted answer is lost."""
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        if response is None or response.submitted_at is not None:
            return
        if queries.answers_for(session, response.id, include_superseded=True):  # flagged words too
            queries.mark_submitted(session, response, completed=False)
            code_pending(session, response_ids=[response.id])
        else:
            session.delete(response)


# --- after Send: a child whose words may need a grown-up ------------------------------------

TALK_REQUEST_WINDOW = timedelta(hours=1)


def _words_read_as_worrying(session, response: Response) -> bool:
    """A flag on this response from words the screen read (not one raised only because it could
    not read them)."""
    return comment_store.response_flagged(session, response.id, except_reasons=(UNREAD,))


@_retryable
def concern_raised(client_key: str) -> bool:
    """Whether the screen read something in this submitted response that went to the safeguarding
    lead, so that the thank-you screen can tell the child calmly what happens next. Words it could
    not read (another language) go to the lead too, but tell the child nothing: their words may
    be kind ones, and the thank-you shows every child where to get help."""
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        return response is not None and response.submitted_at is not None and _words_read_as_worrying(session, response)


@_retryable
def ask_to_talk(kiosk: Kiosk, client_key: str) -> bool:
    """"I'd like someone here to talk to me": alert the site's staff with the site and the time
    only. Only from the thank-you screen of a response that raised a concern, soon after Send:
    a link reopened from the history later cannot call staff. True when the alert was written."""
    with session_scope() as session:
        response = queries.response_by_key(session, client_key)
        if response is None or response.submitted_at is None or response.site_id != kiosk.site_id:
            return False
        submitted = response.submitted_at
        if submitted.tzinfo is None:  # SQLite gives back naive UTC
            submitted = submitted.replace(tzinfo=UTC)
        if datetime.now(UTC) - submitted > TALK_REQUEST_WINDOW:
            return False
        if not _words_read_as_worrying(session, response):
            return False
        queries.add_talk_request(session, kiosk.site_id)
        return True
