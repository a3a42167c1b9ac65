"""Figures for a survey round, for an audience. Suppression is applied here, where data leaves
the service layer for a board or the public, so no page or export can show a small count."""
from __future__ import annotations

import copy
import json

import pandas as pd
from pydantic import BaseModel

from analysis import figures as fig
from analysis import suppression
from voice_app.config import get_settings
from voice_app.services import access
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import latest_definition
from voice_app.store import queries
from voice_app.store.db import session_scope

AUDIENCES = ("staff", "board", "public")


class ReportError(LookupError):
    pass


def _round(session, survey_id: int, name: str, survey_key: str):
    round_ = queries.round_by_name(session, survey_id, name)
    if round_ is None:
        names = [r.name for r in queries.rounds_for_survey(session, survey_id)]
        raise ReportError(f"survey '{survey_key}' has no round '{name}'"
                          + (f" (rounds: {', '.join(names)})" if names else " (it has no rounds yet)"))
    return round_


def _site_ids(session, site_slugs: list[str] | None, allowed: list[int] | None = None) -> list[int] | None:
    """The sites asked for, within those the viewer may see (None: no limit)."""
    ids = None
    if site_slugs:
        ids = [s.id for s in (queries.site_by_slug(session, slug) for slug in site_slugs) if s]
    if allowed is not None:
        ids = [i for i in (ids if ids is not None else allowed) if i in allowed]
    return ids


def _suppress(figs: dict, audience: str) -> dict:
    if audience == "staff":
        return figs
    s = get_settings()
    return {qid: suppression.suppress_question(f, s.suppression_threshold, s.min_base_for_pct)
            for qid, f in figs.items()}


class ResponseRate(BaseModel):
    """A view's responses and, where an invited number counts the same children, the rate."""
    responses: int
    invited: int | None = None  # None: no invited number matches this view
    pct: int | None = None


def response_rate(session, round_, site_ids: list[int] | None = None, age_band: str | None = None,
                  audience: str = "staff") -> ResponseRate:
    """The one place that decides a response rate, for every page, export and report: a site's
    rate over its own invited number, some sites' over the sum of theirs, the whole round's over
    the round's; otherwise none (product.md). For a board, no rate on fewer than
    MIN_BASE_FOR_PCT responses: 3 of 20 invited is 15%, and the rate would give the count away."""
    by_site = queries.responses_by_site(session, [round_.id], site_ids=site_ids, age_band=age_band)
    responses = sum(by_site.values())
    invited = fig.invited_for_view(by_site, queries.invited_by_site(session, round_.id), round_.invited,
                                   site_ids, age_band)
    pct = fig.whole_pct(responses, invited) if invited else None
    if audience != "staff" and responses < get_settings().min_base_for_pct:
        pct = None
    return ResponseRate(responses=responses, invited=invited, pct=pct)


def report_for(user: StaffUser, survey_key: str, round_name: str, **options) -> dict:
    """The report a signed-in user may see: workers their organisations' sites, board members
    only suppressed figures. Suppression is decided here, not by the page."""
    audience = access.audience(user)
    allowed = access.site_ids(user) if audience == "staff" else None
    return round_report(survey_key, round_name, audience=audience, allowed_site_ids=allowed, **options)


def round_report(survey_key: str, round_name: str, audience: str = "staff", by: str | None = None,
                 compare_round: str | None = None, site_slugs: list[str] | None = None,
                 age_band: str | None = None, allowed_site_ids: list[int] | None = None) -> dict:
    """Responses, response rate and per-question figures; JSON-ready."""
    if audience not in AUDIENCES:
        raise ReportError(f"audience must be one of {', '.join(AUDIENCES)}")
    with session_scope() as session:
        survey, _, definition = latest_definition(session, survey_key)
        round_ = _round(session, survey.id, round_name, survey_key)
        site_ids = _site_ids(session, site_slugs, allowed_site_ids)
        scope = {"site_ids": site_ids, "age_band": age_band}
        questions = [q.meta() for q in definition.questions]
        counts = queries.option_counts(session, [round_.id], **scope)
        bases = queries.question_bases(session, [round_.id], **scope)
        rate = response_rate(session, round_, audience=audience, **scope)
        responses = rate.responses
        report = {
            "survey": survey_key, "title": survey.title, "round": round_.name, "audience": audience,
            "responses": responses, "invited": rate.invited, "round_invited": round_.invited,
            "response_rate_pct": rate.pct,
            "questions": _suppress(fig.question_figures(counts, bases, questions), audience),
        }
        if by:
            report["by"] = by
            report["breakdown"] = _breakdown(session, round_.id, by, questions, audience, scope)
        if compare_round:
            other = _round(session, survey.id, compare_round, survey_key)
            before = fig.question_figures(queries.option_counts(session, [other.id], **scope),
                                          queries.question_bases(session, [other.id], **scope),
                                          questions)
            report["compare_round"] = other.name
            report["changes"] = _changes(before, fig.question_figures(counts, bases, questions), audience)
    if audience != "staff":
        report["responses"] = suppression.suppress_count(responses, get_settings().suppression_threshold)
    return report


OTHER = "Other (small groups combined)"


def _breakdown(session, round_id: int, by: str, questions: list[dict], audience: str, scope: dict) -> dict:
    counts = queries.option_counts(session, [round_id], by=by, **scope)
    bases = queries.question_bases(session, [round_id], by=by, **scope)
    if audience == "staff":
        return fig.breakdown(counts, bases, questions)
    return _protected_breakdown(counts, bases, questions)


def _protected_breakdown(counts: pd.DataFrame, bases: pd.DataFrame, questions: list[dict]) -> dict:
    """Suppress a breakdown for a board; where the overall totals would still give a small
    group away, combine the smallest groups until nothing can be worked out.

    Protecting takes seconds (a linear programme per withheld cell) and a page asks again on
    every click, so the answer is kept for the same figures: the key is the counts themselves,
    so a new response is a new key."""
    s = get_settings()
    key = (counts.to_csv(index=False), bases.to_csv(index=False), json.dumps(questions, sort_keys=True),
           s.suppression_threshold, s.min_base_for_pct)
    return copy.deepcopy(_protected_cached(key, counts, bases, questions))


_PROTECTED: dict = {}
_PROTECTED_KEPT = 64


def _protected_cached(key: tuple, counts: pd.DataFrame, bases: pd.DataFrame, questions: list[dict]) -> dict:
    if key not in _PROTECTED:
        if len(_PROTECTED) >= _PROTECTED_KEPT:
            _PROTECTED.pop(next(iter(_PROTECTED)))
        _PROTECTED[key] = _protect(counts, bases, questions)
    return _PROTECTED[key]


def _protect(counts: pd.DataFrame, bases: pd.DataFrame, questions: list[dict]) -> dict:
    s = get_settings()
    sizes = bases.groupby("group")["n"].max().sort_values()
    merged: set = set(sizes[sizes < s.min_base_for_pct].index)
    while True:
        if merged:
            counts = counts.assign(group=counts["group"].where(~counts["group"].isin(merged), OTHER))
            bases = bases.assign(group=bases["group"].where(~bases["group"].isin(merged), OTHER))
            counts = counts.groupby(["question_id", "option_id", "group"], as_index=False)["count"].sum()
            bases = bases.groupby(["question_id", "group"], as_index=False)["n"].sum()
        groups = fig.breakdown(counts, bases, questions)
        if len(groups) < 2:
            return {}  # one group is the overall figure again: nothing more to show
        try:
            return suppression.suppress_breakdown(groups, s.suppression_threshold, s.min_base_for_pct)
        except suppression.UnprotectableError:
            remaining = bases[bases["group"] != OTHER].groupby("group")["n"].max().sort_values()
            merged = {remaining.index[0], OTHER}


def positive_breakdown(survey_key: str, round_name: str, by: str = "site",
                       site_slugs: list[str] | None = None) -> dict:
    """{group: {question id: board-suppressed figures}} of the questions with a "positive"
    share, for showing groups side by side to a board.

    The full breakdown (every option) when it can be protected, so a board sees the same
    numbers here as on the results page. Often it cannot: one child choosing an option at one
    site is pinned by the published totals. Then only n and the positive count per group are
    published (every option count stays unpublished), protected on their own the same way."""
    with session_scope() as session:
        survey, _, definition = latest_definition(session, survey_key)
        round_ = _round(session, survey.id, round_name, survey_key)
        scope = {"site_ids": _site_ids(session, site_slugs), "age_band": None}
        questions = [q.meta() for q in definition.questions]
        counts = queries.option_counts(session, [round_.id], by=by, **scope)
        bases = queries.question_bases(session, [round_.id], by=by, **scope)
    full = _protected_breakdown(counts, bases, questions)
    headline = {q["id"]: q for q in questions if fig.positive_options(q)}
    if full:
        return {g: {qid: f for qid, f in figs.items() if qid in headline} for g, figs in full.items()}
    if counts.empty or not headline:
        return {}
    positive = pd.DataFrame([(qid, "positive", g, int(c)) for (qid, o, g), c in
                             counts.set_index(["question_id", "option_id", "group"])["count"].items()
                             if qid in headline and o in fig.positive_options(headline[qid])],
                            columns=["question_id", "option_id", "group", "count"])
    positive = positive.groupby(["question_id", "option_id", "group"], as_index=False)["count"].sum()
    bases = bases[bases["question_id"].isin(list(headline))]
    rest = bases.merge(positive[["question_id", "group", "count"]], on=["question_id", "group"], how="left")
    rest = rest.assign(option_id="other", count=rest["n"] - rest["count"].fillna(0).astype(int))
    reduced = pd.concat([positive, rest[["question_id", "option_id", "group", "count"]]], ignore_index=True)
    meta = [{"id": qid, "type": "single", "options": ["positive", "other"], "positive": ["positive"]}
            for qid in headline]
    return _protected_breakdown(reduced, bases, meta)


def _changes(before: dict, after: dict, audience: str) -> dict:
    """Change in % positive per scale question, with a test of whether it is more than chance."""
    s = get_settings()
    changes = {}
    for qid, now in after.items():
        if now.get("type") != "scale":
            continue
        was = before[qid]
        if audience != "staff" and min(was["n"], now["n"]) < s.min_base_for_pct:
            changes[qid] = {"change_points": None, "significant": None, "base_suppressed": True}
            continue
        result = fig.compare_proportions(was["positive"], was["n"], now["positive"], now["n"])
        changes[qid] = {**result, "base_suppressed": False}
    return changes


def trend_for(user: StaffUser, survey_key: str, question_id: str, site_slugs: list[str] | None = None,
              age_band: str | None = None):
    """% positive for one scale question across every round, with intervals and change."""
    audience = access.audience(user)
    allowed = access.site_ids(user) if audience == "staff" else None
    with session_scope() as session:
        survey, _, definition = latest_definition(session, survey_key)
        question = definition.question(question_id)
        scope = {"site_ids": _site_ids(session, site_slugs, allowed), "age_band": age_band}
        rows = []
        for order, round_ in enumerate(queries.rounds_for_survey(session, survey.id)):
            figs = fig.question_figures(queries.option_counts(session, [round_.id], **scope),
                                        queries.question_bases(session, [round_.id], **scope),
                                        [question.meta()])[question_id]
            rows.append({"round": round_.name, "order": order, "positive": figs.get("positive", 0),
                         "n": figs["n"]})

    table = fig.trend(pd.DataFrame(rows, columns=["round", "order", "positive", "n"]))
    if audience != "staff":
        s = get_settings()
        table = suppression.suppress_trend(table, s.suppression_threshold, s.min_base_for_pct)
    return table
