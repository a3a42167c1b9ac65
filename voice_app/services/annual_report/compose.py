"""The annual report section "What children and young people have told us": for the partnership
and for each organisation, a plain-English narrative in the style of the seed report's CAMHS
paragraph, charts, themes, approved quotes and the "You said… We did…" table.

Built only from board-audience (suppressed) figures, published items and approved quotes: the
report is a public document. This module composes it as one typed tree (Report); documents.py
renders that same tree as HTML, PDF and DOCX, and its figures as CSV or XLSX."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pydantic import BaseModel

from analysis import charts
from analysis.board_charts import board_positive_chart, loops_chart
from voice_app.services import access, board, records_report, views_by_setting
from voice_app.services.accounts import StaffUser
from voice_app.services.coding import Progress, no_progress
from voice_app.services.poster import HEADS, answer_text
from voice_app.services.report_models import (BoardSummary, LoopStats, RoundSummary, ScreenVolumes, ThemeLine,
                                              as_data)
from voice_app.services.text import printable
from voice_app.services.you_said import notices
from voice_app.store import queries
from voice_app.store.db import session_scope

TITLE = "What children and young people have told us"
# How the seed report words each CAMHS figure, and the built-in surveys' figures in that style;
# other questions fall back to their own wording.
PHRASES = {
    "clinic_location": "were happy with where the clinic is",
    "waiting_room": "felt comfortable in the waiting room",
    "treatment_rooms": "were happy with the rooms where they have their sessions",
    "privacy": "were happy with the privacy they were given",
    "staff_listened": "were happy with how staff helped them and felt listened to",
    "overall_satisfaction": "were satisfied or very satisfied with the service overall",
    # the surveys added later, by survey and question (their ids repeat from survey to survey)
    ("how-was-today", "today_rating"): "said today was good or really good",
    ("camhs-experience", "listened_to"): "felt listened to always or most of the time",
    ("camhs-experience", "taken_seriously"): "felt taken seriously always or most of the time",
    ("camhs-experience", "helped"): "said CAMHS had helped them quite a lot or a lot",
    ("camhs-experience", "easy_to_get_to"): "found CAMHS easy or very easy to get to",
    ("camhs-experience", "place"): "were happy with the place where they have their sessions",
    ("camhs-experience", "overall"): "were happy with CAMHS all in all",
    ("your-views", "feel_safe"): "felt safe always or most of the time",
    ("your-views", "listened_to"): "felt the adults listened to them always or most of the time",
    ("your-views", "school"): "felt happy about school or college",
    ("your-views", "friends"): "felt happy about their friends",
    ("my-life-in-care", "my_carers"): "felt cared for by the adults they live with always or most of the time",
    ("my-life-in-care", "my_worker"): "could talk to their social worker when they needed to always or most of the time",
    ("my-life-in-care", "feeling_settled"): "felt settled where they live always or most of the time",
    ("my-life-in-care", "having_a_say"): "were asked what they think about their plans always or most of the time",
}


class Picture(NamedTuple):
    alt: str
    png: bytes


class ItemRow(BaseModel):
    """One "You said… We did…" row, as every format shows it."""
    said: str
    head: str
    answer: str


class RoundPart(BaseModel):
    """One survey round: the seed's "Survey Findings" block."""
    heading: str
    sentence: str
    bullets: list[str] = []
    chart: Picture | None = None
    themes: list[str] = []
    quotes: list[str] = []


class Section(BaseModel):
    heading: str
    rounds: list[RoundPart] = []
    paragraphs: list[str] = []
    items: list[ItemRow] = []
    figures: list[dict] = []
    charts: list[Picture] = []  # the board's pictures
    settings: views_by_setting.ViewsBySetting | None = None  # views by topic and setting
    settings_chart: Picture | None = None


class Report(BaseModel):
    title: str
    period: str
    sections: list[Section]


# --- building -------------------------------------------------------------------------------

def build(user: StaffUser | None, start: date, end: date, with_charts: bool = True,
          progress: Progress | None = None) -> Report:
    """The report for a period. `user` None is the command line (an operator at the server).
    progress("composing", done, total) hears each section composed."""
    if user is not None:
        access.require(user, access.Can.SEE_BOARD_VIEWS)
    if end < start:
        raise ValueError("the end of the period is before its start")
    with session_scope() as session:
        orgs = [(o.id, o.name) for o in queries.all_organisations(session)]
    heard = records_report.build([org_id for org_id, _ in orgs], start, end)  # one plan for every section
    parts = [("The partnership", None)] + [(name, [org_id]) for org_id, name in orgs]
    sections: list[Section] = []
    tell = progress or no_progress
    for heading, org_ids in parts:
        tell("composing", len(sections), len(parts))
        sections.append(_section(heading, org_ids, start, end, with_charts, heard))
    tell("composing", len(sections), len(parts))
    return Report(title=TITLE, period=f"{start:%-d %B %Y} to {end:%-d %B %Y}", sections=sections)


def _section(heading: str, org_ids: list[int] | None, start: date, end: date, with_charts: bool,
             heard: records_report.RecordsReport) -> Section:
    data = board.build(board.Filters(organisation_ids=org_ids, start=start, end=end))
    section = Section(heading=heading, figures=board.figures_rows(data, heading))
    if with_charts and org_ids is None:
        section.charts = board_charts(data)
    for r in data.rounds:
        chart = charts.positive_chart(as_data(r.figures), r.labels) if with_charts else None
        alt = f"Share of positive answers per question, {r.title}, {r.round}"
        section.rounds.append(RoundPart(
            heading=f"{r.title}: {r.round}", sentence=round_sentence(r),
            bullets=headline_bullets(r) + choice_bullets(r),
            chart=Picture(alt, _png(chart)) if chart is not None else None,
            themes=[theme_sentence(t) for t in r.themes[:3]],
            quotes=list(dict.fromkeys(q.text for q in r.quotes))))
    if not data.rounds:
        section.paragraphs.append("No survey rounds ran in this period.")
    # Voice records are counted beside the surveys, never in their figures.
    sentence = heard.sentence(None if org_ids is None else org_ids[0])
    if sentence:
        section.paragraphs.append(sentence)
    if org_ids is not None:
        section.paragraphs += heard.review_lines(org_ids[0])
    section.paragraphs.append(loop_sentence(data.loops))
    section.paragraphs.append(screen_sentence(data.safeguarding))
    section.items = item_rows(notices.public_items(org_ids, start, end))
    section.settings = views_by_setting.build(None if org_ids is None else org_ids[0], start, end)
    section.figures += views_by_setting.figure_rows(section.settings, heading)
    picture = views_by_setting.chart(section.settings) if with_charts else None
    if picture is not None:
        section.settings_chart = Picture(f"{views_by_setting.TITLE}: {heading}", _png(picture))
    return section


def board_charts(data: BoardSummary) -> list[Picture]:
    """The board summary's pictures for board papers: per survey, % positive across rounds and
    by site, and the "You said… We did…" items by status (the same charts as the board page)."""
    glance = board.chart_data(data)
    out = []
    for s in glance.surveys:
        for points, group, alt in ((s.trend, "Round", f"{s.title}: % positive for each question, round by round, "
                                    "with 95% intervals"),
                                   (s.sites, "Site", f"{s.title}: % positive for each question by site "
                                    f"({s.sites_round}), with 95% intervals")):
            chart = board_positive_chart([p.model_dump() for p in points], group)
            if chart is not None:
                out.append(Picture(alt, _png(chart)))
    loops = loops_chart([item.model_dump() for item in glance.loops])
    if loops is not None:
        out.append(Picture("“You said… We did…” items by status", _png(loops)))
    return out


def round_sentence(r: RoundSummary) -> str:
    """ "There were 48 returned responses to …, a response rate of 24%." """
    n = r.responses
    if n == "<5":
        return (f"Fewer than 5 responses were returned to the {r.title} survey ({r.round}): "
                "too few to report.")
    if not isinstance(n, int):
        return (f"The number of responses to the {r.title} survey ({r.round}) is not shown, so that "
                "small numbers elsewhere cannot be worked out from it.")
    words = f"There {'was' if n == 1 else 'were'} {n} returned response{'' if n == 1 else 's'} to the {r.title} survey ({r.round})"
    if r.response_rate_pct is not None:
        words += f", a response rate of {r.response_rate_pct}%"
    return words + "."


def headline_bullets(r: RoundSummary) -> list[str]:
    """ "77% were happy with where the clinic is (n=47)", with the change when it is more than chance."""
    out = []
    for h in r.headlines:
        if h.positive_pct is None:
            continue
        phrase = (PHRASES.get((r.survey, h.question_id)) or PHRASES.get(h.question_id)
                  or f"gave a positive answer to “{h.question}”")
        text = f"{h.positive_pct}% {phrase} (n={h.n})"
        if h.significant and h.change_points:
            way = "up" if h.change_points > 0 else "down"
            text += f", {way} {abs(h.change_points)} points since {r.compared_with}"
        out.append(text)
    return out


def choice_bullets(r: RoundSummary) -> list[str]:
    """ "Which way of having sessions do you like best? 56% face to face, 9% phone call… (n=43)",
    from the board-suppressed figures: an option without a percentage is left out."""
    out = []
    for qid, fig in r.figures.items():
        if fig.type not in ("single", "multi") or qid == "age_band" or fig.base_suppressed:
            continue
        shares = sorted(((p, o) for o, p in fig.pct.items() if isinstance(p, int)), reverse=True)
        if not shares:
            continue
        parts = ", ".join(f"{p}% {r.labels.get(o, o).lower()}" for p, o in shares)
        note = "; people could choose more than one" if fig.type == "multi" else ""
        out.append(f"{r.labels.get(qid, qid)} {parts} (n={fig.n}{note})")
    return out


def theme_sentence(t: ThemeLine) -> str:
    mood = ""
    if t.positive_pct is not None:
        mood = (", mostly positive" if t.positive_pct >= 60 else
                ", mostly negative" if (t.negative_pct or 0) >= 60 else ", mixed views")
    return f"{t.theme} ({t.comments} comments{mood})"


def loop_sentence(loops: LoopStats) -> str:
    if not loops.items:
        return "No “You said… We did…” items were recorded yet."
    text = (f"{loops.items} “You said… We did…” item{'s were' if loops.items != 1 else ' was'} recorded; "
            f"{loops.we_did} reached “we did” and {loops.not_possible} had an honest "
            f"“we can't, because…”, so {loops.closed_pct}% of loops were closed")
    if loops.median_days_to_close is not None:
        text += f", in a median of {loops.median_days_to_close:g} days"
    return text + "."


def screen_sentence(volumes: ScreenVolumes) -> str:
    return (f"{volumes.screened} written comments were screened for safeguarding concerns; "
            f"{volumes.flagged} were passed straight to a safeguarding lead.")


def _png(chart) -> bytes:
    return charts.to_png(chart)


def item_rows(items) -> list[ItemRow]:
    clean = printable  # a control character in one item would stop the DOCX for everyone
    return [ItemRow(said=clean(i.you_said), head=HEADS.get(i.status, i.status), answer=clean(answer_text(i)))
            for i in items]
