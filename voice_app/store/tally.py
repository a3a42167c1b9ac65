"""The tally: every figure's counts, kept up to date as answers become counted, so no figure
scans answers.

One row per (round, site, organisation when no site, age band, language, source, question,
option) with how many submitted responses it stands for. Besides the option rows:
  * option_id BASE: the responses that answered the question (its base);
  * question_id and option_id RESPONSE: the submitted responses themselves.
A response's organisation is read through its site when it has one (sites can move), so it is
kept only for responses without a site; -1 stands for none.

Kept in the unit of work that changes what is counted: `add` once a response becomes counted
(or its answers were just changed), `remove` before its counted answers change or it goes;
`add_stored` counts an import's new responses from the rows just written, without reading them
back. All are upserts (count = count + excluded.count), so concurrent submits never lose a count.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import case, delete, func, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session, SQLModel

from voice_app.store.models import Answer, Response

EASY_READ, UNDER_11 = "en-easy", "under_11"  # the Easy Read language; the under-11 age band
NOT_ANSWERED, NONE = "not_answered", -1
BASE, RESPONSE = "", ""  # the marker option of a question's base; the marker question of a response


def version_column(lang, band):
    """The version a response was answered in, in SQL: the rule of services.versions.version_of."""
    return case((band == UNDER_11, "under_11"), (lang == EASY_READ, "easy_read"), else_="standard")


def mode_column(source):
    """How a response was given, in SQL: the rule of services.modes.mode_of."""
    return case((source == "paper", "paper"), (source == "import", "imported"), else_="tablet")


class FigureTally(SQLModel, table=True):
    round_id: int = Field(primary_key=True)
    site_id: int = Field(primary_key=True)  # -1: no site
    organisation_id: int = Field(primary_key=True)  # the response's own, when it has no site; else -1
    age_band: str = Field(primary_key=True, max_length=80)  # the age band answer, or not_answered
    lang: str = Field(primary_key=True, max_length=20)
    source: str = Field(primary_key=True, max_length=20)  # mode_column gives the mode
    question_id: str = Field(primary_key=True, max_length=80)  # "" marks a response row
    option_id: str = Field(primary_key=True, max_length=80)  # "" marks a base row
    count: int = 0


KEYS = ("round_id", "site_id", "organisation_id", "age_band", "lang", "source", "question_id", "option_id")


def _response_keys(age):
    """A response's keys, from Response joined to its age band answer."""
    return [Response.round_id, func.coalesce(Response.site_id, NONE),
            case((Response.site_id.is_(None), func.coalesce(Response.organisation_id, NONE)), else_=NONE),
            func.coalesce(age.option_id, NOT_ANSWERED), Response.lang, Response.source]


def contributions(response_ids: Sequence[int] | None, sign: int = 1) -> list:
    """What these responses (None: all) stand for in the tally, as three selects of KEYS + count:
    submitted responses, counted option answers, bases (responses answering each question)."""
    age = aliased(Answer)

    def scoped(stmt, id_column):
        stmt = stmt.outerjoin(age, (age.response_id == Response.id) & (age.question_id == "age_band"))
        return stmt.where(id_column.in_(list(response_ids))) if response_ids is not None else stmt

    keys = _response_keys(age)
    responses = scoped(select(*keys, literal(RESPONSE), literal(RESPONSE), func.count() * sign)
                       .select_from(Response), Response.id)
    responses = responses.where(Response.submitted_at.is_not(None)).group_by(*keys)
    answers = select().select_from(Answer).join(Response, Response.id == Answer.response_id)
    options = scoped(answers.add_columns(*keys, Answer.question_id, Answer.option_id, func.count() * sign),
                     Answer.response_id)
    options = options.where(Answer.counted.is_(True), Answer.option_id.is_not(None)).group_by(
        *keys, Answer.question_id, Answer.option_id)
    bases = scoped(answers.add_columns(*keys, Answer.question_id, literal(BASE),
                                       func.count(func.distinct(Answer.response_id)) * sign), Answer.response_id)
    bases = bases.where(Answer.counted.is_(True)).group_by(*keys, Answer.question_id)
    return [responses, options, bases]


def _upsert(session: Session, stmt) -> None:
    """Add a select's counts to the tally, key by key (in key order: no deadlock between two)."""
    rows = stmt.subquery()
    # (SQLite needs a WHERE before ON CONFLICT to parse an INSERT … SELECT … ON CONFLICT)
    ordered = select(*rows.c).where(true()).order_by(*list(rows.c)[:len(KEYS)])
    session.execute(_adding(session, lambda ins: ins.from_select(list(KEYS) + ["count"], ordered)))


def _adding(session: Session, rows):
    """INSERT INTO the tally (rows(insert) says what) adding each count to the key's count."""
    bind = session if hasattr(session, "dialect") else session.get_bind()  # a Session, or a migration's connection
    table = FigureTally.__table__
    ins = rows((postgresql if bind.dialect.name == "postgresql" else sqlite).insert(table))
    return ins.on_conflict_do_update(index_elements=list(KEYS), set_={"count": table.c.count + ins.excluded.count})


def add_stored(session: Session, responses: Sequence[dict], answers: Sequence[Sequence[dict]]) -> None:
    """Count responses just stored (an import's thousands) from the rows given to the database:
    what `add` would read back, by the same rules (a property test holds the two together).
    Their answers are counted when the response is submitted."""
    by_head: dict[tuple, Counter] = {}  # a response's keys -> (question, option): count
    for r, given in zip(responses, answers):
        if r["submitted_at"] is None:
            continue
        site = NONE if r["site_id"] is None else r["site_id"]
        own = r.get("organisation_id") if site == NONE else None
        age = next((a.get("option_id") for a in given if a["question_id"] == "age_band"), None)
        head = (r["round_id"], site, NONE if own is None else own, NOT_ANSWERED if age is None else age,
                r.get("lang", _RESPONSE_DEFAULTS["lang"]), r.get("source", _RESPONSE_DEFAULTS["source"]))
        counts = by_head.setdefault(head, Counter())
        counts[RESPONSE, RESPONSE] += 1
        counts.update({(a["question_id"], BASE) for a in given})
        counts.update([(a["question_id"], a["option_id"]) for a in given if a.get("option_id") is not None])
    rows = sorted((*head, *key, n) for head, counts in by_head.items() for key, n in counts.items())
    if rows:  # in key order: no deadlock between two
        session.execute(_adding(session, lambda ins: ins), [dict(zip((*KEYS, "count"), row)) for row in rows])


_RESPONSE_DEFAULTS = {name: Response.__table__.c[name].default.arg for name in ("lang", "source")}


def add(session: Session, response_ids: Sequence[int]) -> None:
    """Count these responses (only the submitted ones, only their counted answers)."""
    if response_ids:
        session.flush()
        for stmt in contributions(response_ids):
            _upsert(session, stmt)


def remove(session: Session, response_ids: Sequence[int]) -> None:
    """Take these responses out of the tally, before what they stand for changes."""
    if response_ids:
        session.flush()
        for stmt in contributions(response_ids, sign=-1):
            _upsert(session, stmt)


def rebuild(session: Session) -> None:
    """Count everything again from the answers (a repair; the migration fills the tally so)."""
    session.execute(delete(FigureTally))
    for stmt in contributions(None):
        _upsert(session, stmt)
