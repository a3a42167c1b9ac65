"""Figures for a survey round, for an audience. Suppression is applied here, where data leaves
the service layer for a board or the public, so no page or export can show a small count."""
from __future__ import annotations

from analysis import figures as fig
from analysis import suppression
from voice_app.config import get_settings
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


def _site_ids(session, site_slugs: list[str] | None) -> list[int] | None:
    if not site_slugs:
        return None
    sites = [queries.site_by_slug(session, s) for s in site_slugs]
    return [s.id for s in sites if s is not None]


def _suppress(figs: dict, audience: str) -> dict:
    if audience == "staff":
        return figs
    s = get_settings()
    return {qid: suppression.suppress_question(f, s.suppression_threshold, s.min_base_for_pct)
            for qid, f in figs.items()}


def _response_rate(responses: int, invited: int | None) -> int | None:
    return fig.whole_pct(responses, invited) if invited else None


def round_report(survey_key: str, round_name: str, audience: str = "staff", by: str | None = None,
                 compare_round: str | None = None, site_slugs: list[str] | None = None) -> dict:
    """Responses, response rate and per-question figures; JSON-ready."""
    if audience not in AUDIENCES:
        raise ReportError(f"audience must be one of {', '.join(AUDIENCES)}")
    with session_scope() as session:
        survey, _, definition = latest_definition(session, survey_key)
        round_ = _round(session, survey.id, round_name, survey_key)
        site_ids = _site_ids(session, site_slugs)
        questions = [q.meta() for q in definition.questions]
        counts = queries.option_counts(session, [round_.id], site_ids=site_ids)
        bases = queries.question_bases(session, [round_.id], site_ids=site_ids)
        responses = queries.response_totals(session, [round_.id], site_ids=site_ids)[None]
        report = {
            "survey": survey_key, "title": survey.title, "round": round_.name, "audience": audience,
            "responses": responses, "invited": round_.invited,
            "response_rate_pct": _response_rate(responses, round_.invited),
            "questions": _suppress(fig.question_figures(counts, bases, questions), audience),
        }
        if by:
            report["by"] = by
            report["breakdown"] = _breakdown(session, round_.id, by, questions, audience, site_ids)
        if compare_round:
            other = _round(session, survey.id, compare_round, survey_key)
            before = fig.question_figures(queries.option_counts(session, [other.id], site_ids=site_ids),
                                          queries.question_bases(session, [other.id], site_ids=site_ids),
                                          questions)
            report["compare_round"] = other.name
            report["changes"] = _changes(before, fig.question_figures(counts, bases, questions), audience)
    if audience != "staff":
        report["responses"] = suppression.suppress_count(responses, get_settings().suppression_threshold)
    return report


def _breakdown(session, round_id: int, by: str, questions: list[dict], audience: str,
               site_ids: list[int] | None) -> dict:
    counts = queries.option_counts(session, [round_id], by=by, site_ids=site_ids)
    bases = queries.question_bases(session, [round_id], by=by, site_ids=site_ids)
    groups = fig.breakdown(counts, bases, questions)
    if audience == "staff":
        return groups
    s = get_settings()
    return suppression.suppress_breakdown(groups, s.suppression_threshold, s.min_base_for_pct)


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
