"""Queries. Figures are read from the tally (store.tally, store.figures), so a million responses stay fast."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from voice_app.store.models import (
    Alert,
    Answer,
    Organisation,
    Response,
    Round,
    SafeguardingFlag,
    RoundSiteInvited,
    Site,
    Survey,
    SurveyVersion,
    utcnow,
)
from voice_app.store import bulk, tally
from voice_app.store.records import RECORDS_SURVEY


# --- organisations, sites, surveys, rounds -------------------------------------------------

def organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.execute(select(Organisation).where(Organisation.slug == slug)).scalars().first()


def all_organisations(session: Session) -> list[Organisation]:
    return list(session.execute(select(Organisation).order_by(Organisation.name)).scalars())


def site_by_slug(session: Session, slug: str) -> Site | None:
    return session.execute(select(Site).where(Site.slug == slug)).scalars().first()


def site_by_name_or_slug(session: Session, value: str) -> Site | None:
    value = value.strip()
    stmt = select(Site).where((func.lower(Site.name) == value.lower()) | (Site.slug == value.lower()))
    return session.execute(stmt).scalars().first()


def all_sites(session: Session) -> list[Site]:
    return list(session.execute(select(Site).order_by(Site.name)).scalars())


def survey_by_key(session: Session, key: str) -> Survey | None:
    return session.execute(select(Survey).where(Survey.key == key)).scalars().first()


def all_surveys(session: Session, include_records: bool = False) -> list[Survey]:
    """Every survey; the internal one holding voice records only when asked (the theme explorer)."""
    stmt = select(Survey).order_by(Survey.key)
    if not include_records:
        stmt = stmt.where(Survey.key != RECORDS_SURVEY)
    return list(session.execute(stmt).scalars())


def latest_version(session: Session, survey_id: int) -> SurveyVersion | None:
    stmt = (select(SurveyVersion).where(SurveyVersion.survey_id == survey_id)
            .order_by(SurveyVersion.number.desc()).limit(1))
    return session.execute(stmt).scalars().first()


def version_with_hash(session: Session, survey_id: int, content_hash: str) -> SurveyVersion | None:
    stmt = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id,
                                       SurveyVersion.content_hash == content_hash).limit(1)
    return session.execute(stmt).scalars().first()


def rounds_for_survey(session: Session, survey_id: int) -> list[Round]:
    """A survey's rounds in the order their responses were given (a round imported later for
    an earlier year still comes first); a round with no responses yet goes by its dates."""
    rounds = list(session.execute(select(Round).where(Round.survey_id == survey_id)).scalars())
    first = first_response_dates(session, [r.id for r in rounds])
    return sorted(rounds, key=lambda r: (_when(first.get(r.id)) or _when(r.opens_on) or _when(r.created_at), r.id))


def _when(value) -> datetime | None:
    """Dates and naive or aware times made comparable (UTC)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def first_response_dates(session: Session, round_ids: Sequence[int]) -> dict[int, datetime]:
    """When each round's first submitted response was given."""
    if not round_ids:
        return {}
    stmt = (select(Response.round_id, func.min(Response.submitted_at))
            .where(Response.round_id.in_(list(round_ids)), Response.submitted_at.is_not(None))
            .group_by(Response.round_id))
    return {rid: when for rid, when in session.execute(stmt).all() if when is not None}


def rounds_answered_between(session: Session, start: date | None, end: date | None) -> list[Round]:
    """Rounds with a response submitted in [start, end] (whole days, UTC), in the order of their
    first response: a round belongs to the period its children answered in, whenever it was
    created or imported."""
    stmt = select(Response.round_id).where(Response.submitted_at.is_not(None))
    if start is not None:
        stmt = stmt.where(Response.submitted_at >= datetime(start.year, start.month, start.day, tzinfo=UTC))
    if end is not None:
        stmt = stmt.where(Response.submitted_at < datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1))
    ids = set(session.execute(stmt.distinct()).scalars())
    if not ids:
        return []
    # Voice records' rounds are never survey rounds (records are counted on their own).
    rounds = list(session.execute(select(Round).join(Survey, Survey.id == Round.survey_id)
                                  .where(Round.id.in_(ids), Survey.key != RECORDS_SURVEY)).scalars())
    first = first_response_dates(session, list(ids))
    return sorted(rounds, key=lambda r: (_when(first.get(r.id)) or _when(r.created_at), r.id))


# --- invited numbers: the other side of a response rate -------------------------------------

def invited_by_site(session: Session, round_id: int) -> dict[int, int]:
    """{site id: children invited there} for one round (sites without a number are absent)."""
    stmt = select(RoundSiteInvited.site_id, RoundSiteInvited.invited).where(RoundSiteInvited.round_id == round_id)
    return dict(session.execute(stmt).all())


def set_site_invited(session: Session, round_id: int, site_id: int, invited: int | None) -> None:
    """Record (or, with None, forget) how many were invited at a site in a round."""
    row = session.get(RoundSiteInvited, (round_id, site_id))
    if invited is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = RoundSiteInvited(round_id=round_id, site_id=site_id, invited=invited)
    row.invited = invited
    session.add(row)


def round_by_id(session: Session, round_id: int) -> Round | None:
    return session.get(Round, round_id)


def survey_by_id(session: Session, survey_id: int) -> Survey | None:
    return session.get(Survey, survey_id)


def round_by_name(session: Session, survey_id: int, name: str) -> Round | None:
    stmt = select(Round).where(Round.survey_id == survey_id, Round.name == name)
    return session.execute(stmt).scalars().first()


def open_round(session: Session, survey_id: int, today: date) -> Round | None:
    """The newest round whose period includes today (open-ended dates count as open)."""
    stmt = (select(Round).where(Round.survey_id == survey_id)
            .where((Round.opens_on.is_(None)) | (Round.opens_on <= today))
            .where((Round.closes_on.is_(None)) | (Round.closes_on >= today))
            .order_by(Round.created_at.desc(), Round.id.desc()).limit(1))
    return session.execute(stmt).scalars().first()


# --- responses and answers ------------------------------------------------------------------

def response_by_key(session: Session, client_key: str) -> Response | None:
    return session.execute(select(Response).where(Response.client_key == client_key)).scalars().first()


def answers_for(session: Session, response_id: int, include_superseded: bool = False) -> list[Answer]:
    """A response's answers as they stand; with include_superseded, also the flagged words the
    child has since changed (which keep a response from being an empty one)."""
    stmt = select(Answer).where(Answer.response_id == response_id).order_by(Answer.id)
    if not include_superseded:
        stmt = stmt.where(Answer.superseded.is_(False))
    return list(session.execute(stmt).scalars())


def replace_answer(session: Session, response: Response, question_id: str,
                   rows: Sequence[tuple[str | None, str | None]]) -> bool:
    """Saving a question again replaces what was saved for it before; False when nothing changed.

    Except words that carry a safeguarding flag: deleting them would delete the flag with them,
    and editing them would change what the lead reads. They are kept, superseded (never counted,
    never shown again), and brought back if the child writes the same words again, so a Back
    and Next raises no second flag."""
    flagged = exists().where(SafeguardingFlag.answer_id == Answer.id).label("flagged")
    old = session.execute(select(Answer.id, Answer.option_id, Answer.text, Answer.superseded, flagged)
                          .where(Answer.response_id == response.id, Answer.question_id == question_id)).all()
    if Counter((o.option_id, o.text) for o in old if not o.superseded) == Counter(rows):
        return False
    counted = response.submitted_at is not None
    if counted:  # a correction after submit: the tally gives back what the old answers counted
        tally.remove(session, [response.id])
    kept = {(o.option_id, o.text): o.id for o in old if o.flagged}
    session.execute(delete(Answer).where(Answer.id.in_([o.id for o in old if not o.flagged])))
    for (option_id, text), answer_id in kept.items():
        again = (option_id, text) in rows
        session.execute(update(Answer).where(Answer.id == answer_id)
                        .values(superseded=not again, counted=counted and again))
    for option_id, text in rows:
        if (option_id, text) not in kept:
            session.add(Answer(response_id=response.id, question_id=question_id, option_id=option_id,
                               text=text, round_id=response.round_id, site_id=response.site_id,
                               counted=counted))
    if counted:
        tally.add(session, [response.id])
    return True


def bulk_add_responses(session: Session, responses: list[dict], answers: list[list[dict]]) -> int:
    """Insert many submitted responses with their answers in one transaction (imports, demo)."""
    if not responses:
        return 0
    keys = [r["client_key"] for r in responses]
    bulk.insert_rows(session, Response.__table__, responses)  # the table's, not the ORM's: COPY or executemany
    ids = dict(session.execute(select(Response.client_key, Response.id)
                               .where(bulk.among(session, Response.client_key, keys))).all())
    rows = [dict(a, response_id=ids[key], round_id=r["round_id"], site_id=r["site_id"],
                 counted=r["submitted_at"] is not None, superseded=False)
            for key, r, ans in zip(keys, responses, answers) for a in ans]
    bulk.insert_rows(session, Answer.__table__, rows)
    tally.add_stored(session, responses, answers)
    return len(responses)


def existing_client_keys(session: Session, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for i in range(0, len(keys), 5000):
        found.update(session.execute(select(Response.client_key)
                                     .where(bulk.among(session, Response.client_key, keys[i:i + 5000]))).scalars())
    return found


def add_talk_request(session: Session, site_id: int) -> None:
    """A child asked for someone at the site to talk to them: the site and the time, nothing else."""
    site = session.get(Site, site_id)
    session.add(Alert(kind="talk_request", site_id=site_id,
                      organisation_id=site.organisation_id if site else None))


def hold_open_response(session: Session, response: Response, position: int) -> bool:
    """Take the response's row for this unit of work and move the child on; False once submitted.

    The first write of every change to a child's answers: a submit from another tap waits for
    it (and it for the submit), so an answer is never saved uncounted beside a finished response."""
    result = session.execute(update(Response).where(Response.id == response.id, Response.submitted_at.is_(None))
                             .values(position=position, updated_at=utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def mark_submitted(session: Session, response: Response, completed: bool) -> bool:
    """Finish a response once: True for the one unit of work that finished it.

    Decided by the database (an update of a row still unsubmitted), not by what this session
    read earlier, so two taps on two connections cannot both finish it."""
    now = utcnow()
    result = session.execute(update(Response).where(Response.id == response.id, Response.submitted_at.is_(None))
                             .values(submitted_at=now, completed=completed)
                             .execution_options(synchronize_session=False))
    first = result.rowcount == 1
    if first:  # what this session holds now, without writing it a second time
        set_committed_value(response, "submitted_at", now)
        set_committed_value(response, "completed", completed)
    # Every answer standing now is counted, whichever tap finished it.
    session.execute(update(Answer).where(Answer.response_id == response.id, Answer.superseded.is_(False))
                    .values(counted=True).execution_options(synchronize_session=False))
    if first:  # (a later tap finds its answers counted already: hold_open_response saw to that)
        tally.add(session, [response.id])
    return first


# --- figures: read from the tally (store.figures) -------------------------------------------

def response_languages(session: Session) -> list[str]:
    """The languages children have answered in, in any round."""
    stmt = select(Response.lang).where(Response.submitted_at.is_not(None)).distinct().order_by(Response.lang)
    return list(session.execute(stmt).scalars())
