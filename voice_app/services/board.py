"""The partnership board summary: suppressed figures per survey and round, change since the
last round, top themes, approved quotes, how many loops were closed, and safeguarding screen
volumes. Everything here is board-audience: no count under the threshold leaves this module."""
from __future__ import annotations

from pydantic import BaseModel

from analysis import chart_tables, charts, suppression
from voice_app.config import get_settings
from voice_app.services import access, audit, comments, disclosure, results
from voice_app.services.accounts import StaffUser
from voice_app.services.report_models import (BoardSummary, Change, Filters, Headline, QuestionFigures, RoundSummary,
                                              ScreenVolumes, SiteBreakdown, ThemeLine)
from voice_app.services.surveys import labels, latest_definition
from voice_app.services.you_said import item_views, items
from voice_app.store import figures as store_figures
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import session_scope

TOP_THEMES = 5
QUOTES_PER_ROUND = 4


def summary(user: StaffUser, filters: Filters = Filters()) -> BoardSummary:
    access.require(user, access.Can.SEE_BOARD_VIEWS)
    return build(filters)


def choices() -> dict:
    """Organisations and surveys for the filters."""
    with session_scope() as session:
        return {"organisations": {o.id: o.name for o in queries.all_organisations(session)},
                "surveys": {s.key: s.title for s in queries.all_surveys(session)}}


def build(filters: Filters) -> BoardSummary:
    """The summary without an access check: for callers that have made their own (the annual
    report). One unit of work: every figure is read in the one session, passed down."""
    if filters.organisation_ids is not None and len(set(filters.organisation_ids)) != 1:
        raise ValueError("a board summary is of the whole partnership or of one organisation")
    org_ids = filters.organisation_ids
    group = disclosure.ALL if org_ids is None else ("organisation", org_ids[0])
    with session_scope() as session:
        # A round belongs to the period its children answered in, not to when it was created.
        rounds = queries.rounds_answered_between(session, filters.start, filters.end)
        _, sites, surveys, _ = store.names(session)
        all_rounds = {sid: queries.rounds_for_survey(session, sid) for sid in {r.survey_id for r in rounds}}
        site_ids = None if org_ids is None else [s.id for s in sites.values() if s.organisation_id in org_ids]
        rounds = [r for r in rounds if (not filters.survey_keys or surveys[r.survey_id].key in filters.survey_keys)
                  and store_figures.response_count(session, [r.id], site_ids=site_ids)]  # only surveys they took part in
        # each survey's rounds together, in the order they were answered
        first_of = {}
        for r in sorted(rounds, key=lambda r: r.id):
            first_of.setdefault(r.survey_id, r.id)
        rounds.sort(key=lambda r: first_of[r.survey_id])
        out_rounds = []
        for r in rounds:
            order = [x.id for x in all_rounds[r.survey_id]]
            before = all_rounds[r.survey_id][order.index(r.id) - 1] if order.index(r.id) > 0 else None
            out_rounds.append(_round_summary(session, surveys[r.survey_id].key, r, before, group))
        return BoardSummary(
            filters=filters, rounds=out_rounds,
            sites={key: _site_breakdown(session, key, last, group) for key, last in _last_rounds(out_rounds).items()},
            loops=item_views.loop_stats(org_ids, filters.end, session=session),
            safeguarding=_screen_volumes(session, [r.id for r in rounds], group))


def _last_rounds(rounds: list[RoundSummary]) -> dict[str, str]:
    """Each survey's newest round in the summary (rounds come in the order they were answered)."""
    return {r.survey: r.round for r in rounds}


def _site_breakdown(session, key: str, round_name: str, group: tuple) -> SiteBreakdown:
    """The newest round's % positive by site, from the round's plan (the results page's numbers)."""
    return SiteBreakdown(round=round_name, groups=results.positive_breakdown(key, round_name, group[1], session))


def _round_summary(session, key: str, round_, before, group: tuple) -> RoundSummary:
    org_ids = None if group[1] is None else [group[1]]
    report = results.round_report(key, round_.name, audience="board", view=group,
                                  compare_round=before.name if before else None, session=session)
    definition = latest_definition(session, key)[2]
    headlines = []
    for qid, fig in report.questions.items():
        if not fig.has_positive:
            continue
        change = (report.changes or {}).get(qid) or Change()
        headlines.append(Headline(question_id=qid, question=comments.question_label(definition, qid),
                                  n=fig.n, positive=fig.positive, positive_pct=fig.positive_pct,
                                  ci95=fig.positive_ci95, change_points=change.change_points,
                                  significant=change.significant))
    return RoundSummary(survey=key, title=report.title, round=round_.name, round_id=round_.id,
                        responses=report.responses, invited=report.invited,
                        response_rate_pct=report.response_rate_pct,
                        compared_with=before.name if before else None, headlines=headlines,
                        figures=report.questions, labels=labels(definition),
                        themes=top_themes(round_.id, group, session=session),
                        quotes=comments.approved_quotes(org_ids, key, [round_.id], limit=QUOTES_PER_ROUND,
                                                        session=session))


def top_themes(round_id: int, group: tuple = disclosure.ALL, top: int = TOP_THEMES, session=None) -> list[ThemeLine]:
    """The most mentioned themes with their sentiment, from the round's plan: a count withheld
    there reads "<5" or "[c]", and a share is given only where its own count is shown on a base
    of 10 or more (11 comments at 9% positive would be exactly one child)."""
    names = comments.theme_names()
    return [ThemeLine(**t, theme=names.get(t["theme_id"], t["theme_id"]))
            for t in disclosure.round_plan(round_id, session).themes(group)[:top]]


def _screen_volumes(session, round_ids: list[int], group: tuple) -> ScreenVolumes:
    """Counts only, never a comment, a site or a child: each round's count as its plan decides,
    summed over the period's rounds only when every one of them is shown (else a withheld
    round would be the period less the others)."""
    threshold = get_settings().suppression_threshold
    out = {}
    for kind in ("screened", "flagged"):
        parts = [disclosure.round_plan(r, session).volume(group, kind) for r in round_ids]
        total = sum(v for v, _ in parts)
        if all(shown for _, shown in parts):
            out[kind] = total
        else:
            out[kind] = suppression.small_marker(threshold) if total < threshold else suppression.CONFIDENTIAL
    return ScreenVolumes(**out)


def figures_rows(data: BoardSummary, organisation: str = "Partnership") -> list[dict]:
    """One row per headline figure, for CSV and XLSX exports."""
    rows = []
    for r in data.rounds:
        for h in r.headlines:
            ci = h.ci95 or [None, None]
            rows.append({"organisation": organisation, "survey": r.title, "round": r.round,
                         "responses": r.responses, "response_rate_pct": r.response_rate_pct,
                         "question": h.question, "n": h.n, "positive_pct": h.positive_pct,
                         "ci95_low": ci[0], "ci95_high": ci[1], "change_points": h.change_points,
                         "compared_with": r.compared_with})
    return rows


# --- the summary at a glance: what the charts draw ----------------------------------------------

class ChartPoint(BaseModel):
    """One bar of a board chart: % positive for a question in a round or at a site. Built only
    from board-suppressed figures: n is a count of 5 or more or a marker ("<5", "[c]"), and
    there is no percentage where the base is under 10 or the positive count is withheld."""
    survey: str
    question_id: str
    question: str  # short, so chart labels differ: "Clinic location", "Waiting room"…
    wording: str  # the question as the children read it, for the table
    group: str  # the round, or the site
    n: int | str
    positive_pct: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""  # why there is no bar

    @property
    def shown(self) -> bool:
        return self.positive_pct is not None


class LoopCount(BaseModel):
    """"You said… We did…" items at one status. Items are the services' actions, not children,
    so they are not suppressed (as in the summary's own figures)."""
    status: str
    label: str
    items: int


class SurveyCharts(BaseModel):
    survey: str
    title: str
    trend: list[ChartPoint]  # each headline question, each round in the period
    sites: list[ChartPoint]  # each headline question, each site, in the newest round
    sites_round: str | None = None


class BoardCharts(BaseModel):
    surveys: list[SurveyCharts]
    loops: list[LoopCount]


LOOP_LABELS = {"planned": "Planned", "in_progress": "Under way", "done": "We did it",
               "not_possible": "We can't, and said why"}


def _why_not(fig: QuestionFigures) -> str:
    n, s = fig.n, get_settings()
    if n == suppression.small_marker(s.suppression_threshold):
        return "not shown: fewer than 5 answers"
    if isinstance(n, int) and n < s.min_base_for_pct:
        return "not shown: fewer than 10 answers"
    return "not shown: small numbers"  # withheld so that a small number elsewhere cannot be worked out


def _point(survey: str, qid: str, wording: str, group: str, fig: QuestionFigures) -> ChartPoint:
    pct = fig.positive_pct
    ci = fig.positive_ci95 if pct is not None else None
    return ChartPoint(survey=survey, question_id=qid, question=chart_tables.short_label(qid), wording=wording,
                      group=str(group), n=fig.n, positive_pct=pct,
                      ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None,
                      note="" if pct is not None else _why_not(fig))


def chart_data(data: BoardSummary) -> BoardCharts:
    """The summary as three pictures: per survey, % positive with 95% intervals across the
    rounds and by site, and the "You said… We did…" items by status."""
    surveys = []
    for key in dict.fromkeys(r.survey for r in data.rounds):
        rounds = [r for r in data.rounds if r.survey == key]
        headline = [qid for qid, f in rounds[-1].figures.items() if f.has_positive]
        wording = rounds[-1].labels
        trend = [_point(key, qid, wording.get(qid, qid), r.round, r.figures[qid])
                 for qid in headline for r in rounds if qid in r.figures]
        by_site = data.sites.get(key)
        sites = [_point(key, qid, wording.get(qid, qid), group, figs[qid])
                 for qid in headline for group, figs in (by_site.groups if by_site else {}).items() if qid in figs]
        surveys.append(SurveyCharts(survey=key, title=rounds[-1].title, trend=trend, sites=sites,
                                    sites_round=by_site.round if by_site else None))
    loops = [LoopCount(status=s, label=LOOP_LABELS[s], items=data.loops.at(s)) for s in items.STATUSES]
    return BoardCharts(surveys=surveys, loops=loops)


def chart_png(user: StaffUser | None, chart, name: str) -> bytes:
    """A board chart as a PNG for board papers; every download is recorded."""
    if user is not None:
        access.require(user, access.Can.SEE_BOARD_VIEWS)
    png = charts.to_png(chart)
    audit.record(user, "downloaded a board chart", name)
    return png


def headlines_display(r: RoundSummary):
    """A round's headline figures for the screen: all text, no None."""
    rows = [{"Question": h.question, "n": h.n,
             "% positive": f"{h.positive_pct}%" if h.positive_pct is not None else "not shown",
             "95% interval": chart_tables.interval_text(h.ci95) if h.positive_pct is not None else "",
             "Change (points)": "" if h.change_points is None else f"{h.change_points:+d}",
             "More than chance?": {True: "yes", False: "no"}.get(h.significant, "")}
            for h in r.headlines]
    return chart_tables.text_frame(rows, ["Question", "n", "% positive", "95% interval", "Change (points)",
                                          "More than chance?"])


def themes_display(r: RoundSummary):
    rows = [{"Theme": t.theme, "Comments": t.comments,
             "% positive": "" if t.positive_pct is None else f"{t.positive_pct}%",
             "% negative": "" if t.negative_pct is None else f"{t.negative_pct}%"} for t in r.themes]
    return chart_tables.text_frame(rows, ["Theme", "Comments", "% positive", "% negative"])
