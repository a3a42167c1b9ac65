"""Figures, read from the tally (store.tally): a round's counts never scan its answers."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from voice_app.store.models import Organisation, Round, Site
from voice_app.store.tally import BASE, NONE, RESPONSE, FigureTally as T, mode_column, version_column

BREAKDOWNS = ("site", "organisation", "age_band", "round", "language", "version", "mode")
COUNT = func.sum(T.count)


def _group(by: str | None, stmt):
    """The breakdown column (sites and organisations are named afterwards, by _site_names)."""
    if by is None:
        return stmt, None
    if by in ("site", "organisation"):
        return stmt, T.site_id
    if by == "round":
        return stmt.join(Round, Round.id == T.round_id), Round.name
    columns = {"age_band": T.age_band, "language": T.lang, "version": version_column(T.lang, T.age_band),
               "mode": mode_column(T.source)}
    if by not in columns:
        raise ValueError(f"cannot break down by {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    return stmt, columns[by]


def _scoped(stmt, round_ids: Sequence[int], site_ids: Sequence[int] | None, age_band: str | None,
            lang: str | None = None, version: str | None = None, mode: str | None = None):
    """Only these rounds (and sites, age band, language, version and mode; None: any)."""
    stmt = stmt.where(T.round_id.in_(list(round_ids)))
    if site_ids is not None:
        stmt = stmt.where(T.site_id.in_(list(site_ids)))
    if age_band is not None:
        stmt = stmt.where(T.age_band == age_band)
    if lang is not None:
        stmt = stmt.where(T.lang == lang)
    if version is not None:
        stmt = stmt.where(version_column(T.lang, T.age_band) == version)
    if mode is not None:
        stmt = stmt.where(mode_column(T.source) == mode)
    return stmt


def _counts(session: Session, keys: list, by: str | None, round_ids, site_ids, age_band, lang, version, mode,
            where) -> list:
    stmt, group = _group(by, select().select_from(T))
    cols = keys + ([group.label("group")] if group is not None else [])
    stmt = _scoped(stmt.add_columns(*cols, COUNT).where(where), round_ids, site_ids, age_band, lang, version, mode)
    return session.execute(stmt.group_by(*cols).having(COUNT > 0)).all()


def option_counts(session: Session, round_ids: Sequence[int], by: str | None = None,
                  site_ids: Sequence[int] | None = None, age_band: str | None = None,
                  lang: str | None = None, version: str | None = None, mode: str | None = None) -> pd.DataFrame:
    """Responses choosing each option: columns question_id, option_id, count[, group]."""
    rows = _counts(session, [T.question_id, T.option_id], by, round_ids, site_ids, age_band, lang, version, mode,
                   (T.question_id != RESPONSE) & (T.option_id != BASE))
    columns = ["question_id", "option_id"] + (["group"] if by is not None else []) + ["count"]
    return _site_names(session, pd.DataFrame(rows, columns=columns), by)


def question_bases(session: Session, round_ids: Sequence[int], by: str | None = None,
                   site_ids: Sequence[int] | None = None, age_band: str | None = None,
                   lang: str | None = None, version: str | None = None, mode: str | None = None) -> pd.DataFrame:
    """Responses that answered each question (blanks excluded): question_id, n[, group]."""
    rows = _counts(session, [T.question_id], by, round_ids, site_ids, age_band, lang, version, mode,
                   (T.question_id != RESPONSE) & (T.option_id == BASE))
    df = pd.DataFrame(rows, columns=["question_id"] + (["group"] if by is not None else []) + ["n"])
    return _site_names(session, df, by)


def _site_names(session: Session, df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Turn site ids into site or organisation names, adding up sites of one organisation
    (a response belongs to one site, so the sums are still counts of responses)."""
    if by not in ("site", "organisation"):
        return df
    orgs = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    names = {sid: name if by == "site" else orgs.get(org_id, "No organisation")
             for sid, name, org_id in session.execute(select(Site.id, Site.name, Site.organisation_id)).all()}
    df = df.assign(group=[names.get(g, "No site" if by == "site" else "No organisation") for g in df["group"]])
    keys = [c for c in df.columns if c not in ("count", "n")]
    return df.groupby(keys, as_index=False, sort=False).sum()


def responses_by_site(session: Session, round_ids: Sequence[int], site_ids: Sequence[int] | None = None,
                      age_band: str | None = None, lang: str | None = None,
                      version: str | None = None, mode: str | None = None) -> dict[int | None, int]:
    """Submitted responses per site (None: no site) in these rounds (and sites, age band,
    language, version, mode)."""
    rows = _counts(session, [T.site_id], None, round_ids, site_ids, age_band, lang, version, mode,
                   T.question_id == RESPONSE)
    return {None if site == NONE else site: int(n) for site, n in rows}


def response_count(session: Session, round_ids: Sequence[int], site_ids: Sequence[int] | None = None,
                   age_band: str | None = None) -> int:
    """Submitted responses in these rounds (and sites, and age band)."""
    return sum(responses_by_site(session, round_ids, site_ids, age_band).values())


def finest_counts(session: Session, round_id: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A round's counts at the finest level any audience's figure is made from, for disclosure
    control: (organisation, site, age band, language) with NaN-free keys (-1 for no site or
    organisation). A site's organisation is the one it belongs to now.

    Returns option counts (question_id, option_id, organisation_id, site_id, age_band, lang,
    count), bases (question_id, organisation_id, site_id, age_band, lang, n) and submitted
    responses (organisation_id, site_id, age_band, lang, count)."""
    org = func.coalesce(Site.organisation_id, T.organisation_id)
    keys = [org.label("organisation_id"), T.site_id, T.age_band, T.lang]

    def read(extra: list, where) -> list:
        stmt = (select(*extra, *keys, COUNT).select_from(T).outerjoin(Site, Site.id == T.site_id)
                .where(T.round_id == round_id, where))
        group = [*extra, org, T.site_id, T.age_band, T.lang]
        return session.execute(stmt.group_by(*group).having(COUNT > 0).order_by(*group)).all()

    place = ["organisation_id", "site_id", "age_band", "lang"]
    return (pd.DataFrame(read([T.question_id, T.option_id], (T.question_id != RESPONSE) & (T.option_id != BASE)),
                         columns=["question_id", "option_id", *place, "count"]),
            pd.DataFrame(read([T.question_id], (T.question_id != RESPONSE) & (T.option_id == BASE)),
                         columns=["question_id", *place, "n"]),
            pd.DataFrame(read([], T.question_id == RESPONSE), columns=[*place, "count"]))
