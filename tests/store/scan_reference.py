"""The figures counted by scanning answers, as they were before the tally: kept only as the
reference the tally's figures are checked against (tests) and timed against (bench)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from voice_app.store.models import Answer, Organisation, Response, Round, Site
from voice_app.store.tally import mode_column, version_column


def _age_of(response_id):
    """An outer join's condition for a response's age answer (none: not answered)."""
    age = aliased(Answer)
    return age, (age.response_id == response_id) & (age.question_id == "age_band")


def all_organisations(session: Session) -> list[Organisation]:
    return list(session.execute(select(Organisation)).scalars())


def all_sites(session: Session) -> list[Site]:
    return list(session.execute(select(Site)).scalars())


# --- figures, aggregated in SQL -------------------------------------------------------------

def _answer_group(by: str | None, stmt):
    """Add the breakdown column to an aggregate over Answer alone (joins only for names)."""
    if by is None:
        return stmt, None
    if by in ("site", "organisation"):
        return stmt, Answer.site_id  # named afterwards (_site_names): no join per answer row
    if by == "round":
        return stmt.join(Round, Round.id == Answer.round_id), Round.name
    if by == "age_band":
        age, on = _age_of(Answer.response_id)
        return stmt.outerjoin(age, on), func.coalesce(age.option_id, "not_answered")
    if by == "language":
        return stmt.join(Response, Response.id == Answer.response_id), Response.lang
    if by == "version":
        age, on = _age_of(Answer.response_id)
        stmt = stmt.join(Response, Response.id == Answer.response_id).outerjoin(age, on)
        return stmt, version_column(Response.lang, age.option_id)
    if by == "mode":
        return stmt.join(Response, Response.id == Answer.response_id), mode_column(Response.source)
    raise ValueError(f"cannot break down by {by!r}")


def _of_responses(stmt, response_id, age_band: str | None, lang: str | None, version: str | None,
                  mode: str | None = None):
    """Only responses in this age band, language, version and mode (None: any)."""
    if age_band is not None:  # "not_answered": no age band answer, as in a breakdown by age band
        age, on = _age_of(Response.id)
        stmt = stmt.where(response_id.in_(select(Response.id).outerjoin(age, on).where(
            func.coalesce(age.option_id, "not_answered") == age_band)))
    if lang is not None:
        stmt = stmt.where(response_id.in_(select(Response.id).where(Response.lang == lang)))
    if version is not None:
        age, on = _age_of(Response.id)
        stmt = stmt.where(response_id.in_(select(Response.id).outerjoin(age, on).where(
            version_column(Response.lang, age.option_id) == version)))
    if mode is not None:
        stmt = stmt.where(response_id.in_(select(Response.id).where(mode_column(Response.source) == mode)))
    return stmt


def _counted(stmt, round_ids: Sequence[int], site_ids: Sequence[int] | None, age_band: str | None,
             lang: str | None = None, version: str | None = None, mode: str | None = None):
    """Answers of submitted responses in these rounds (and sites, age band, language, version)."""
    stmt = stmt.where(Answer.round_id.in_(list(round_ids)), Answer.counted.is_(True))
    if site_ids is not None:
        stmt = stmt.where(Answer.site_id.in_(list(site_ids)))
    return _of_responses(stmt, Answer.response_id, age_band, lang, version, mode)


def option_counts(session: Session, round_ids: Sequence[int], by: str | None = None,
                  site_ids: Sequence[int] | None = None, age_band: str | None = None,
                  lang: str | None = None, version: str | None = None, mode: str | None = None) -> pd.DataFrame:
    """Responses choosing each option: columns question_id, option_id, count[, group].

    A response has at most one row per option (saving a question replaces its rows), so
    counting rows counts responses, and stays an index-only scan."""
    base, group = _answer_group(by, select().select_from(Answer))
    cols = [Answer.question_id, Answer.option_id] + ([group.label("group")] if group is not None else [])
    stmt = base.add_columns(*cols, func.count().label("count"))
    stmt = _counted(stmt.where(Answer.option_id.is_not(None)), round_ids, site_ids, age_band, lang, version, mode)
    rows = session.execute(stmt.group_by(*cols)).all()
    columns = ["question_id", "option_id"] + (["group"] if group is not None else []) + ["count"]
    return _site_names(session, pd.DataFrame(rows, columns=columns), by)


def question_bases(session: Session, round_ids: Sequence[int], by: str | None = None,
                   site_ids: Sequence[int] | None = None, age_band: str | None = None,
                   lang: str | None = None, version: str | None = None, mode: str | None = None) -> pd.DataFrame:
    """Responses that answered each question (blanks excluded): question_id, n[, group]."""
    base, group = _answer_group(by, select().select_from(Answer))
    cols = [Answer.question_id] + ([group.label("group")] if group is not None else [])
    stmt = base.add_columns(*cols, func.count(func.distinct(Answer.response_id)).label("n"))
    stmt = _counted(stmt, round_ids, site_ids, age_band, lang, version, mode).group_by(*cols)
    rows = session.execute(stmt).all()
    df = pd.DataFrame(rows, columns=["question_id"] + (["group"] if group is not None else []) + ["n"])
    return _site_names(session, df, by)


def finest_counts(session: Session, round_id: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A round's counts at the finest level any audience's figure is made from, for disclosure
    control: (organisation, site, age band, language) with NaN-free keys (-1 for no site or
    organisation).

    Returns option counts (question_id, option_id, organisation_id, site_id, age_band, lang,
    count), bases (question_id, organisation_id, site_id, age_band, lang, n) and submitted
    responses (organisation_id, site_id, age_band, lang, count)."""
    age = aliased(Answer)
    org = func.coalesce(Site.organisation_id, Response.organisation_id, -1)
    site = func.coalesce(Response.site_id, -1)
    band = func.coalesce(age.option_id, "not_answered")
    keys = [org.label("organisation_id"), site.label("site_id"), band.label("age_band"), Response.lang]

    def joined(stmt):
        return (stmt.join(Response, Response.id == Answer.response_id)
                .outerjoin(Site, Site.id == Response.site_id)
                .outerjoin(age, (age.response_id == Answer.response_id) & (age.question_id == "age_band"))
                .where(Answer.round_id == round_id, Answer.counted.is_(True)))

    counts = joined(select(Answer.question_id, Answer.option_id, *keys, func.count().label("count"))
                    .select_from(Answer).where(Answer.option_id.is_not(None)))
    counts = counts.group_by(Answer.question_id, Answer.option_id, org, site, band, Response.lang)
    bases = joined(select(Answer.question_id, *keys, func.count(func.distinct(Answer.response_id)).label("n"))
                   .select_from(Answer)).group_by(Answer.question_id, org, site, band, Response.lang)
    responses = (select(*keys, func.count(Response.id).label("count")).select_from(Response)
                 .outerjoin(Site, Site.id == Response.site_id)
                 .outerjoin(age, (age.response_id == Response.id) & (age.question_id == "age_band"))
                 .where(Response.round_id == round_id, Response.submitted_at.is_not(None))
                 .group_by(org, site, band, Response.lang))
    return (pd.DataFrame(session.execute(counts).all(),
                         columns=["question_id", "option_id", "organisation_id", "site_id", "age_band", "lang", "count"]),
            pd.DataFrame(session.execute(bases).all(),
                         columns=["question_id", "organisation_id", "site_id", "age_band", "lang", "n"]),
            pd.DataFrame(session.execute(responses).all(),
                         columns=["organisation_id", "site_id", "age_band", "lang", "count"]))


def _site_names(session: Session, df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Turn site ids into site or organisation names, adding up sites of one organisation
    (a response belongs to one site, so the sums are still counts of responses)."""
    if by not in ("site", "organisation"):
        return df
    orgs = {o.id: o.name for o in all_organisations(session)}
    names = {s.id: s.name if by == "site" else orgs.get(s.organisation_id, "No organisation")
             for s in all_sites(session)}
    df = df.assign(group=[names.get(g, "No site" if by == "site" else "No organisation") for g in df["group"]])
    keys = [c for c in df.columns if c not in ("count", "n")]
    return df.groupby(keys, as_index=False, sort=False).sum()


def response_count(session: Session, round_ids: Sequence[int], site_ids: Sequence[int] | None = None,
                   age_band: str | None = None) -> int:
    """Submitted responses in these rounds (and sites, and age band)."""
    stmt = select(func.count(Response.id)).where(Response.round_id.in_(list(round_ids)),
                                                 Response.submitted_at.is_not(None))
    if site_ids is not None:
        stmt = stmt.where(Response.site_id.in_(list(site_ids)))
    return session.execute(_of_responses(stmt, Response.id, age_band, None, None)).scalar_one()


def responses_by_site(session: Session, round_ids: Sequence[int], site_ids: Sequence[int] | None = None,
                      age_band: str | None = None, lang: str | None = None,
                      version: str | None = None, mode: str | None = None) -> dict[int | None, int]:
    """Submitted responses per site (None: no site) in these rounds (and sites, age band,
    language, version, mode)."""
    stmt = select(Response.site_id, func.count(Response.id)).where(
        Response.round_id.in_(list(round_ids)), Response.submitted_at.is_not(None))
    if site_ids is not None:
        stmt = stmt.where(Response.site_id.in_(list(site_ids)))
    stmt = _of_responses(stmt, Response.id, age_band, lang, version, mode)
    return dict(session.execute(stmt.group_by(Response.site_id)).all())
