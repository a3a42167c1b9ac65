"""Figures for a survey round, for an audience. Staff see exact counts of the sites they may
see; a board or the public see only the round's disclosure plan (services/disclosure.py), in
the partnership's fixed groupings, so no page, export or command can show a small count or
let one be worked out from several."""
from __future__ import annotations

import pandas as pd

from analysis import figures as fig
from voice_app.config import get_settings
from voice_app.services import access, disclosure
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import latest_definition
from voice_app.services.modes import MODES, mode_label
from voice_app.services.report_models import Change, Figures, RoundReport, figures_of
from voice_app.services.response_rates import response_rate
from voice_app.services.versions import VERSIONS, language_label, version_label
from voice_app.store import figures as store_figures
from voice_app.store import queries
from voice_app.store.db import session_or_scope, session_scope

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


def report_for(user: StaffUser, survey_key: str, round_name: str, **options) -> RoundReport:
    """The report a signed-in user may see: workers their organisations' sites, board members
    only suppressed figures in a fixed grouping (`view`). Suppression is decided here, not by
    the page."""
    audience = access.audience(user)
    allowed = access.site_ids(user) if audience == "staff" else None
    return round_report(survey_key, round_name, audience=audience, allowed_site_ids=allowed, **options)


def language_choices() -> list[tuple[str, str]]:
    """The languages children have answered in, as (code, English name), for staff filters."""
    with session_scope() as session:
        return [(lang, language_label(lang)) for lang in queries.response_languages(session)]


def board_views() -> list[tuple[str, str]]:
    """The groupings the results page offers a board member (never a free set of sites)."""
    return disclosure.view_choices()


def round_report(survey_key: str, round_name: str, audience: str = "staff", by: str | None = None,
                 compare_round: str | None = None, site_slugs: list[str] | None = None,
                 age_band: str | None = None, allowed_site_ids: list[int] | None = None,
                 view: str | tuple | None = None, lang: str | None = None, version: str | None = None,
                 mode: str | None = None, session=None) -> RoundReport:
    """Responses, response rate and per-question figures of a survey's round, by name.

    For a board or the public the figures come from the round's disclosure plan, in one of
    the fixed groupings: `view` ("all", "organisation:SLUG", "site:SLUG", "age_band:BAND"),
    or `site_slugs`/`age_band` naming one of them; anything else is a ReportError. Staff may
    also filter by language (`lang`, "pl"), version (`version`, "easy_read") and mode (`mode`,
    "paper"), and break down by each. `session`: the caller's unit of work, else one of its own."""
    if audience not in AUDIENCES:
        raise ReportError(f"audience must be one of {', '.join(AUDIENCES)}")
    if mode is not None and mode not in MODES:
        raise ReportError(f"no mode '{mode}' (modes: {', '.join(MODES)})")
    group = None
    if audience != "staff":
        if mode or by == "mode":
            raise ReportError("a board sees tablet and paper answers together, not by mode")
        if lang or version:
            raise ReportError("a board sees a language or version as a view: language:pl, version:easy_read")
        group = _board_group(site_slugs, age_band, view)
    with session_or_scope(session) as session:
        survey, _, definition = latest_definition(session, survey_key)
        round_ = _round(session, survey.id, round_name, survey_key)
        other = _round(session, survey.id, compare_round, survey_key) if compare_round else None
        head = {"survey": survey_key, "title": survey.title, "round": round_.name, "audience": audience}
        if group is not None:
            return _audience_report(session, round_, other, group, by, head)
        scope = {"site_ids": _site_ids(session, site_slugs, allowed_site_ids), "age_band": age_band,
                 "lang": lang, "version": version, "mode": mode}
        return _staff_report(session, round_, other, [q.meta() for q in definition.questions], scope, by, head)


def _staff_report(session, round_, other, questions: list[dict], scope: dict, by: str | None,
                  head: dict) -> RoundReport:
    """A round's exact figures within `scope` (site ids, age band, language, version, mode), in
    one session; with `other`, the change since that round; `head` names survey, round, audience."""
    def figures(round_id: int, by: str | None = None):
        counts = store_figures.option_counts(session, [round_id], by=by, **scope)
        bases = store_figures.question_bases(session, [round_id], by=by, **scope)
        return (fig.breakdown if by else fig.question_figures)(counts, bases, questions)

    rate = response_rate(session, round_, audience=head["audience"], **scope)
    now = figures(round_.id)
    parts = {}
    if by:
        parts.update(by=by, breakdown={g: figures_of(f) for g, f in _named(figures(round_.id, by), by).items()})
    if other is not None:
        parts.update(compare_round=other.name, changes=_changes(figures(other.id), now))
    return RoundReport(**head, responses=rate.responses, invited=rate.invited, round_invited=round_.invited,
                       response_rate_pct=rate.pct, questions=figures_of(now), **parts)


def _named(breakdown: dict, by: str) -> dict:
    """A breakdown's groups as staff read them: "Polish", "Easy Read" (standard first)."""
    if by == "language":
        return {language_label(g): f for g, f in breakdown.items()}
    if by == "version":
        order = list(VERSIONS)
        return {version_label(g): breakdown[g] for g in sorted(breakdown, key=order.index)}
    if by == "mode":
        return {mode_label(g): breakdown[g] for g in sorted(breakdown, key=list(MODES).index)}
    return breakdown


def _board_group(site_slugs: list[str] | None, age_band: str | None, view: str | tuple | None) -> tuple:
    """The fixed grouping a board-audience request names: `view`, or one site, organisation or age band."""
    if isinstance(view, tuple):
        return view
    try:
        return disclosure.parse_view(view) if view else disclosure.view_of(site_slugs, age_band)
    except disclosure.ViewError as err:
        raise ReportError(str(err)) from None


def _audience_report(session, round_, other, group: tuple, by: str | None, head: dict) -> RoundReport:
    """A board's (or the public's) figures of a round in one fixed grouping, from the round's plan."""
    rate = response_rate(session, round_, audience=head["audience"], **_group_scope(session, group))
    plan = disclosure.round_plan(round_.id, session)
    responses = plan.responses(group)
    shown = isinstance(responses, int) and responses >= get_settings().min_base_for_pct
    parts = {}
    if by:
        parts.update(by=by, breakdown=_plan_breakdown(plan, group, by))
    if other is not None:
        before = disclosure.round_plan(other.id, session)
        parts.update(compare_round=other.name, changes=plan_changes(before, plan, group))
    return RoundReport(**head, responses=responses, invited=rate.invited, round_invited=round_.invited,
                       # a rate of a withheld count would give the count back
                       response_rate_pct=rate.pct if shown else None,
                       view=group, view_name=plan.groups.name(group), questions=figures_of(plan.figures(group)),
                       **parts)


def _group_scope(session, group: tuple) -> dict:
    """The sites, age band, language and version of a fixed grouping, for its invited number."""
    kind, key = group
    if kind in ("language", "version"):
        return {"site_ids": None, "age_band": None, {"language": "lang"}.get(kind, kind): key}
    if kind == "site":
        return {"site_ids": [key], "age_band": None}
    if kind == "organisation":
        return {"site_ids": [s.id for s in queries.all_sites(session) if s.organisation_id == key],
                "age_band": None}
    return {"site_ids": None, "age_band": key if kind == "age_band" else None}


def _plan_breakdown(plan: disclosure.RoundPlan, group: tuple, by: str) -> dict[str, Figures]:
    """A board's breakdown: the plan's figures of each group of one grouping (every site, every
    organisation, every age band), of the whole partnership; of an organisation, its sites."""
    if by not in ("site", "organisation", "age_band", "language", "version"):
        raise ReportError("a board breaks down by site, organisation, age band, language or version")
    kind, key = group
    members = [g for g in plan.groups.question_groups() if g[0] == by
               and (kind == "all" or (kind == "organisation" and by == "site" and plan.groups.sites[g[1]][1] == key))]
    if kind != "all" and not (kind == "organisation" and by == "site"):
        return {}
    return {plan.groups.name(g): figures_of(plan.figures(g)) for g in members
            if plan.families["responses"].raw(g, "n")}


def plan_changes(before: disclosure.RoundPlan, now: disclosure.RoundPlan, group: tuple) -> dict[str, Change]:
    """Change in % positive per scale question, only where both rounds show the positive count
    and a base for a percentage: a change beside a withheld count would give the count back."""
    changes = {}
    for q in now.questions:
        if q["type"] != "scale":
            continue
        was, cur = before.positive_shown(group, q["id"]), now.positive_shown(group, q["id"])
        if was is None or cur is None:
            changes[q["id"]] = Change(change_points=None, significant=None, base_suppressed=True)
        else:
            changes[q["id"]] = Change(**fig.compare_proportions(*was, *cur), base_suppressed=False)
    return changes


def positive_breakdown(survey_key: str, round_name: str, organisation_id: int | None = None,
                       session=None) -> dict[str, Figures]:
    """{site: {question id: board figures}} of the questions with a "positive" share, every site
    of the partnership (or of one organisation), from the round's disclosure plan: the same
    numbers as the results page shows for each site."""
    with session_or_scope(session) as session:
        survey, _, _ = latest_definition(session, survey_key)
        round_ = _round(session, survey.id, round_name, survey_key)
        plan = disclosure.round_plan(round_.id, session)
    group = ("organisation", organisation_id) if organisation_id is not None else disclosure.ALL
    sites = _plan_breakdown(plan, group, "site")
    return {name: {qid: f for qid, f in figs.items() if f.has_positive} for name, figs in sites.items()}


def _changes(before: dict, after: dict) -> dict[str, Change]:
    """Change in % positive per scale question, with a test of whether it is more than chance."""
    return {qid: Change(**fig.compare_proportions(before[qid]["positive"], before[qid]["n"], now["positive"], now["n"]),
                        base_suppressed=False)
            for qid, now in after.items() if now.get("type") == "scale"}


def trend_for(user: StaffUser, survey_key: str, question_id: str, site_slugs: list[str] | None = None,
              age_band: str | None = None, view: str | None = None, lang: str | None = None,
              version: str | None = None, mode: str | None = None):
    """% positive for one scale question across every round, with intervals and change."""
    audience = access.audience(user)
    if audience != "staff":
        if mode:
            raise ReportError("a board sees tablet and paper answers together, not by mode")
        if lang or version:
            raise ReportError("a board sees a language or version as a view: language:pl, version:easy_read")
        return board_trend(survey_key, question_id, site_slugs, age_band, view)
    allowed = access.site_ids(user)
    with session_scope() as session:
        survey, _, definition = latest_definition(session, survey_key)
        question = definition.question(question_id)
        scope = {"site_ids": _site_ids(session, site_slugs, allowed), "age_band": age_band, "lang": lang,
                 "version": version, "mode": mode}
        rows = []
        for order, round_ in enumerate(queries.rounds_for_survey(session, survey.id)):
            figs = fig.question_figures(store_figures.option_counts(session, [round_.id], **scope),
                                        store_figures.question_bases(session, [round_.id], **scope),
                                        [question.meta()])[question_id]
            rows.append({"round": round_.name, "order": order, "positive": figs.get("positive", 0),
                         "n": figs["n"]})

    return fig.trend(pd.DataFrame(rows, columns=["round", "order", "positive", "n"]))


def board_trend(survey_key: str, question_id: str, site_slugs: list[str] | None = None,
                age_band: str | None = None, view: str | None = None) -> pd.DataFrame:
    """A board's trend: each round's figures from that round's plan, in one fixed grouping; no
    percentage, interval or change where a count (this round's or the one before) is withheld."""
    try:
        group = disclosure.parse_view(view) if view else disclosure.view_of(site_slugs, age_band)
    except disclosure.ViewError as err:
        raise ReportError(str(err)) from None
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        round_list = [(r.id, r.name) for r in queries.rounds_for_survey(session, survey.id)]
    rows, shown, published = [], [], []
    for order, (round_id, name) in enumerate(round_list):
        plan = disclosure.round_plan(round_id)
        f = plan.figures(group).get(question_id, {})
        both = plan.positive_shown(group, question_id)
        shown.append(both is not None)
        rows.append({"round": name, "order": order, "positive": both[0] if both else 0, "n": both[1] if both else 0})
        published.append((f.get("positive", 0), f.get("n", 0)))
    table = fig.trend(pd.DataFrame(rows, columns=["round", "order", "positive", "n"]))
    table = table.astype({"positive": object, "n": object})
    table["positive"] = [p for p, _ in published]
    table["n"] = [n for _, n in published]
    hidden = [not x for x in shown]
    for col in ("pct", "ci_low", "ci_high"):
        table.loc[hidden, col] = None
    change_hidden = [h or (i == 0) or hidden[i - 1] for i, h in enumerate(hidden)]
    for col in ("change_points", "p_value", "test", "significant"):
        table.loc[change_hidden, col] = None
    table["suppressed"] = hidden
    return table
