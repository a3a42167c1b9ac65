"""The partnership board summary: suppressed figures per survey and round, change since the
last round, top themes, approved quotes, how many loops were closed, and safeguarding screen
volumes. Everything here is board-audience: no count under the threshold leaves this module."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from analysis import suppression
from voice_app.config import get_settings
from voice_app.services import access, comments, results, you_said
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import labels, latest_definition
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import session_scope

BOARD_ROLES = ("admin", "board")
TOP_THEMES = 5
QUOTES_PER_ROUND = 4


@dataclass(frozen=True)
class Filters:
    organisation_ids: list[int] | None = None  # None: the whole partnership
    survey_keys: list[str] | None = None
    start: date | None = None
    end: date | None = None


def summary(user: StaffUser, filters: Filters = Filters()) -> dict:
    access.require(user, *BOARD_ROLES)
    return build(filters)


def choices() -> dict:
    """Organisations and surveys for the filters."""
    with session_scope() as session:
        return {"organisations": {o.id: o.name for o in queries.all_organisations(session)},
                "surveys": {s.key: s.title for s in queries.all_surveys(session)}}


def build(filters: Filters) -> dict:
    """The summary without an access check: for callers that have made their own (the annual report)."""
    with session_scope() as session:
        # A round belongs to the period its children answered in, not to when it was created.
        rounds = queries.rounds_answered_between(session, filters.start, filters.end)
        _, sites, surveys, _ = store.names(session)
        all_rounds = {sid: queries.rounds_for_survey(session, sid) for sid in {r.survey_id for r in rounds}}
        org_ids = filters.organisation_ids
        site_ids = None if org_ids is None else [s.id for s in sites.values() if s.organisation_id in org_ids]
        rounds = [r for r in rounds if (not filters.survey_keys or surveys[r.survey_id].key in filters.survey_keys)
                  and queries.response_count(session, [r.id], site_ids=site_ids)]  # only surveys they took part in
    site_slugs = None if org_ids is None else ([sites[i].slug for i in site_ids] or ["-none-"])
    out_rounds = []
    for r in rounds:
        order = [x.id for x in all_rounds[r.survey_id]]
        before = all_rounds[r.survey_id][order.index(r.id) - 1] if order.index(r.id) > 0 else None
        out_rounds.append(_round_summary(surveys[r.survey_id].key, r, before, org_ids, site_slugs))
    round_ids = [r.id for r in rounds]
    return {"filters": filters, "rounds": out_rounds,
            "loops": you_said.loop_stats(org_ids, filters.end),
            "safeguarding": _screen_volumes(round_ids, org_ids)}


def _round_summary(key: str, round_, before, org_ids, site_slugs) -> dict:
    report = results.round_report(key, round_.name, audience="board", site_slugs=site_slugs,
                                  compare_round=before.name if before else None)
    with session_scope() as session:
        definition = latest_definition(session, key)[2]
    headlines = []
    for qid, fig in report["questions"].items():
        if "positive" not in fig:
            continue
        change = report.get("changes", {}).get(qid, {})
        headlines.append({"question_id": qid, "question": comments.question_label(definition, qid),
                          "n": fig["n"], "positive": fig["positive"], "positive_pct": fig.get("positive_pct"),
                          "ci95": fig.get("positive_ci95"), "change_points": change.get("change_points"),
                          "significant": change.get("significant")})
    return {"survey": key, "title": report["title"], "round": round_.name, "round_id": round_.id,
            "responses": report["responses"], "invited": report["invited"],
            "response_rate_pct": report["response_rate_pct"],
            "compared_with": before.name if before else None, "headlines": headlines,
            "figures": report["questions"], "labels": labels(definition),
            "themes": top_themes(key, round_.id, org_ids),
            "quotes": comments.approved_quotes(org_ids, key, [round_.id], limit=QUOTES_PER_ROUND)}


def top_themes(survey_key: str, round_id: int, org_ids: list[int] | None, top: int = TOP_THEMES) -> list[dict]:
    """The most mentioned themes with their sentiment; counts suppressed, shares only on a base of 10+."""
    s = get_settings()
    with session_scope() as session:
        rows = comment_store.comment_rows(session, organisation_ids=org_ids, survey_key=survey_key,
                                          round_ids=[round_id], limit=1_000_000)
    mentions, moods = Counter(), {}
    for themes, sentiment in zip(rows.get("themes", []), rows.get("sentiment", [])):
        for t in filter(None, (themes or "").split(";")):
            mentions[t] += 1
            moods.setdefault(t, Counter())[sentiment] += 1
    names = comments.theme_names()
    out = []
    for theme_id, n in mentions.most_common(top):
        share = (lambda k: round(100 * moods[theme_id][k] / n)) if n >= s.min_base_for_pct else (lambda k: None)
        out.append({"theme_id": theme_id, "theme": names.get(theme_id, theme_id),
                    "comments": suppression.suppress_count(n, s.suppression_threshold),
                    "positive_pct": share("positive"), "negative_pct": share("negative")})
    return out


def _screen_volumes(round_ids: list[int], org_ids: list[int] | None) -> dict:
    """Counts only, suppressed: never a comment, a site or a child."""
    threshold = get_settings().suppression_threshold
    if not round_ids:
        return {"screened": 0, "flagged": 0}
    with session_scope() as session:
        screened = store.comments_screened(session, round_ids, org_ids)
        flagged = sum(comment_store.flag_counts(session, org_ids, round_ids).values())
    return {"screened": suppression.suppress_count(screened, threshold),
            "flagged": suppression.suppress_count(flagged, threshold)}


def figures_rows(data: dict, organisation: str = "Partnership") -> list[dict]:
    """One row per headline figure, for CSV and XLSX exports."""
    rows = []
    for r in data["rounds"]:
        for h in r["headlines"]:
            ci = h["ci95"] or [None, None]
            rows.append({"organisation": organisation, "survey": r["title"], "round": r["round"],
                         "responses": r["responses"], "response_rate_pct": r["response_rate_pct"],
                         "question": h["question"], "n": h["n"], "positive_pct": h["positive_pct"],
                         "ci95_low": ci[0], "ci95_high": ci[1], "change_points": h["change_points"],
                         "compared_with": r["compared_with"]})
    return rows
