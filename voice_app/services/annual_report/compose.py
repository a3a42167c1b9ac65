"""The annual report section "What children and young people have told us": for the partnership
and for each organisation, a plain-English narrative in the style of the seed report's CAMHS
paragraph, charts, themes, approved quotes and the "You said… We did…" table.

Built only from board-audience (suppressed) figures, published items and approved quotes: the
report is a public document. Exported as HTML, PDF, DOCX, and the figures as CSV or XLSX."""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis import charts
from voice_app.services import (access, audit, board, exports, records_report, views_by_setting, you_said)
from voice_app.services import views_by_setting_report as settings_report
from voice_app.services.accounts import StaffUser
from voice_app.services.poster import HEADS, answer_text, font_path
from voice_app.services.text import printable
from voice_app.store import queries
from voice_app.store.db import session_scope

FORMATS = ("html", "pdf", "docx", "csv", "xlsx")
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


@dataclass
class RoundPart:
    """One survey round: the seed's "Survey Findings" block."""
    heading: str
    sentence: str
    bullets: list[str] = field(default_factory=list)
    chart: tuple[str, bytes] | None = None  # (alt text, PNG)
    themes: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    rounds: list[RoundPart] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    items: list[you_said.ItemView] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # the board's pictures: (alt text, PNG)
    settings: views_by_setting.ViewsBySetting | None = None  # views by topic and setting
    settings_chart: tuple[str, bytes] | None = None  # (alt text, PNG)


@dataclass
class Report:
    title: str
    period: str
    sections: list[Section]


# --- building -------------------------------------------------------------------------------

def build(user: StaffUser | None, start: date, end: date, with_charts: bool = True) -> Report:
    """The report for a period. `user` None is the command line (an operator at the server)."""
    if user is not None:
        access.require(user, access.Can.SEE_BOARD_VIEWS)
    if end < start:
        raise ValueError("the end of the period is before its start")
    with session_scope() as session:
        orgs = [(o.id, o.name) for o in queries.all_organisations(session)]
    heard = records_report.build([org_id for org_id, _ in orgs], start, end)  # one plan for every section
    sections = [_section("The partnership", None, start, end, with_charts, heard)]
    sections += [_section(name, [org_id], start, end, with_charts, heard) for org_id, name in orgs]
    return Report(TITLE, f"{start:%-d %B %Y} to {end:%-d %B %Y}", sections)


def _section(heading: str, org_ids: list[int] | None, start: date, end: date, with_charts: bool,
             heard: records_report.RecordsReport) -> Section:
    data = board.build(board.Filters(organisation_ids=org_ids, start=start, end=end))
    section = Section(heading, figures=board.figures_rows(data, heading))
    if with_charts and org_ids is None:
        section.charts = board_charts(data)
    for r in data["rounds"]:
        chart = charts.positive_chart(r["figures"], r["labels"]) if with_charts else None
        alt = f"Share of positive answers per question, {r['title']}, {r['round']}"
        section.rounds.append(RoundPart(
            f"{r['title']}: {r['round']}", round_sentence(r), headline_bullets(r) + choice_bullets(r),
            (alt, _png(chart)) if chart is not None else None,
            [theme_sentence(t) for t in r["themes"][:3]], list(dict.fromkeys(q["text"] for q in r["quotes"]))))
    if not data["rounds"]:
        section.paragraphs.append("No survey rounds ran in this period.")
    # Voice records are counted beside the surveys, never in their figures.
    sentence = heard.sentence(None if org_ids is None else org_ids[0])
    if sentence:
        section.paragraphs.append(sentence)
    if org_ids is not None:
        section.paragraphs += heard.review_lines(org_ids[0])
    section.paragraphs.append(loop_sentence(data["loops"]))
    section.paragraphs.append(screen_sentence(data["safeguarding"]))
    section.items = you_said.public_items(org_ids, start, end)
    section.settings = views_by_setting.build(None if org_ids is None else org_ids[0], start, end)
    section.figures += views_by_setting.figure_rows(section.settings, heading)
    picture = views_by_setting.chart(section.settings) if with_charts else None
    if picture is not None:
        section.settings_chart = (f"{views_by_setting.TITLE}: {heading}", _png(picture))
    return section


def board_charts(data: dict) -> list[tuple[str, bytes]]:
    """The board summary's pictures for board papers: per survey, % positive across rounds and
    by site, and the "You said… We did…" items by status (the same charts as the board page)."""
    glance = board.chart_data(data)
    out = []
    for s in glance.surveys:
        for points, group, alt in ((s.trend, "Round", f"{s.title}: % positive for each question, round by round, "
                                    "with 95% intervals"),
                                   (s.sites, "Site", f"{s.title}: % positive for each question by site "
                                    f"({s.sites_round}), with 95% intervals")):
            chart = charts.board_positive_chart([p.model_dump() for p in points], group)
            if chart is not None:
                out.append((alt, _png(chart)))
    loops = charts.loops_chart([item.model_dump() for item in glance.loops])
    if loops is not None:
        out.append(("“You said… We did…” items by status", _png(loops)))
    return out


def round_sentence(r: dict) -> str:
    """ "There were 48 returned responses to …, a response rate of 24%." """
    n = r["responses"]
    if n == "<5":
        return (f"Fewer than 5 responses were returned to the {r['title']} survey ({r['round']}): "
                "too few to report.")
    if not isinstance(n, int):
        return (f"The number of responses to the {r['title']} survey ({r['round']}) is not shown, so that "
                "small numbers elsewhere cannot be worked out from it.")
    words = f"There {'was' if n == 1 else 'were'} {n} returned response{'' if n == 1 else 's'} to the {r['title']} survey ({r['round']})"
    if r["response_rate_pct"] is not None:
        words += f", a response rate of {r['response_rate_pct']}%"
    return words + "."


def headline_bullets(r: dict) -> list[str]:
    """ "77% were happy with where the clinic is (n=47)", with the change when it is more than chance."""
    out = []
    for h in r["headlines"]:
        if h["positive_pct"] is None:
            continue
        phrase = (PHRASES.get((r.get("survey"), h["question_id"])) or PHRASES.get(h["question_id"])
                  or f"gave a positive answer to “{h['question']}”")
        text = f"{h['positive_pct']}% {phrase} (n={h['n']})"
        if h["significant"] and h["change_points"]:
            way = "up" if h["change_points"] > 0 else "down"
            text += f", {way} {abs(h['change_points'])} points since {r['compared_with']}"
        out.append(text)
    return out


def choice_bullets(r: dict) -> list[str]:
    """ "Which way of having sessions do you like best? 56% face to face, 9% phone call… (n=43)",
    from the board-suppressed figures: an option without a percentage is left out."""
    out = []
    for qid, fig in r["figures"].items():
        if fig.get("type") not in ("single", "multi") or qid == "age_band" or fig.get("base_suppressed"):
            continue
        shares = sorted(((p, o) for o, p in fig["pct"].items() if isinstance(p, int)), reverse=True)
        if not shares:
            continue
        parts = ", ".join(f"{p}% {r['labels'].get(o, o).lower()}" for p, o in shares)
        note = "; people could choose more than one" if fig["type"] == "multi" else ""
        out.append(f"{r['labels'].get(qid, qid)} {parts} (n={fig['n']}{note})")
    return out


def theme_sentence(t: dict) -> str:
    mood = ""
    if t["positive_pct"] is not None:
        mood = (", mostly positive" if t["positive_pct"] >= 60 else
                ", mostly negative" if (t["negative_pct"] or 0) >= 60 else ", mixed views")
    return f"{t['theme']} ({t['comments']} comments{mood})"


def loop_sentence(loops: dict) -> str:
    if not loops["items"]:
        return "No “You said… We did…” items were recorded yet."
    text = (f"{loops['items']} “You said… We did…” item{'s were' if loops['items'] != 1 else ' was'} recorded; "
            f"{loops['we_did']} reached “we did” and {loops['not_possible']} had an honest "
            f"“we can't, because…”, so {loops['closed_pct']}% of loops were closed")
    if loops["median_days_to_close"] is not None:
        text += f", in a median of {loops['median_days_to_close']:g} days"
    return text + "."


def screen_sentence(volumes: dict) -> str:
    return (f"{volumes['screened']} written comments were screened for safeguarding concerns; "
            f"{volumes['flagged']} were passed straight to a safeguarding lead.")


def _png(chart) -> bytes:
    return charts.to_png(chart)


# --- exporting ------------------------------------------------------------------------------

def export(user: StaffUser | None, start: date, end: date, fmt: str) -> bytes:
    """The report in one format, audited (the command line is recorded as "system")."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    report = build(user, start, end, with_charts=fmt in ("html", "pdf", "docx"))
    data = {"html": to_html, "pdf": to_pdf, "docx": to_docx, "csv": to_csv, "xlsx": to_xlsx}[fmt](report)
    audit.record(user, "exported the annual report", fmt, start=start, end=end)
    return data


safe_cell = exports.neutralise  # one rule for every spreadsheet this service writes


def figures_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([row for s in report.sections for row in s.figures])


def to_csv(report: Report) -> bytes:
    return exports.to_csv(figures_frame(report))


def to_xlsx(report: Report) -> bytes:
    return exports.to_xlsx(figures_frame(report))


def item_rows(items: list[you_said.ItemView]) -> list[tuple[str, str, str]]:
    clean = printable  # a control character in one item would stop the DOCX for everyone
    return [(clean(i.you_said), HEADS.get(i.status, i.status), clean(answer_text(i))) for i in items]


def to_html(report: Report) -> bytes:
    e = html.escape  # every string from a user or the database goes through this
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{e(report.title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}"
             "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.4rem;vertical-align:top}"
             "blockquote{border-left:4px solid #5b2a86;margin:.5rem 0;padding-left:1rem}</style>",
             f"<h1>{e(report.title)}</h1><p>{e(report.period)}</p>"]
    for s in report.sections:
        parts.append(f"<h2>{e(s.heading)}</h2>")
        if s.charts:
            parts.append("<h3>At a glance</h3>")
        parts += [f"<img alt='{e(alt, quote=True)}' style='max-width:100%' "
                  f"src='data:image/png;base64,{base64.b64encode(png).decode()}'>" for alt, png in s.charts]
        for r in s.rounds:
            parts.append(f"<h3>{e(r.heading)}</h3><p>{e(r.sentence)}</p>")
            if r.bullets:
                parts.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in r.bullets) + "</ul>")
            if r.chart:
                parts.append(f"<img alt='{e(r.chart[0], quote=True)}' style='max-width:100%' "
                             f"src='data:image/png;base64,{base64.b64encode(r.chart[1]).decode()}'>")
            if r.themes:
                parts.append("<p>What they wrote about most:</p><ul>"
                             + "".join(f"<li>{e(t)}</li>" for t in r.themes) + "</ul>")
            parts += [f"<blockquote>“{e(q)}”</blockquote>" for q in r.quotes]
        parts += [f"<p>{e(p)}</p>" for p in s.paragraphs]
        if s.items:
            parts.append("<h3>You said… We did…</h3><table><tr><th>You said</th><th></th><th>What happened</th></tr>"
                         + "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>"
                                   for a, b, c in item_rows(s.items)) + "</table>")
        if s.settings is not None and s.settings.rows:
            parts.append(settings_report.html(s.settings, s.settings_chart))
    parts.append("<p><small>Percentages are of those who answered each question; n is that number. "
                 "Counts from 1 to 4 are shown as &lt;5, and no percentage is given for fewer than 10 answers.</small></p>")
    return "\n".join(parts).encode("utf-8")


def to_pdf(report: Report) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.add_font("DejaVu", "", font_path(False))
    pdf.add_font("DejaVu", "B", font_path(True))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _pdf_text(pdf, report.title, 20, "B")
    _pdf_text(pdf, report.period, 11)
    for s in report.sections:
        _pdf_text(pdf, s.heading, 16, "B", space=6)
        if s.charts:
            _pdf_text(pdf, "At a glance", 13, "B", space=3)
        for alt, png in s.charts:
            pdf.image(io.BytesIO(png), w=pdf.epw * 0.9, alt_text=alt)
        for r in s.rounds:
            _pdf_text(pdf, r.heading, 13, "B", space=3)
            _pdf_text(pdf, r.sentence, 11)
            for b in r.bullets:
                _pdf_text(pdf, f"•  {b}", 11, indent=5)
            if r.chart:
                pdf.image(io.BytesIO(r.chart[1]), w=pdf.epw * 0.9, alt_text=r.chart[0])
            if r.themes:
                _pdf_text(pdf, "What they wrote about most:", 11)
                for t in r.themes:
                    _pdf_text(pdf, f"•  {t}", 11, indent=5)
            for q in r.quotes:
                _pdf_text(pdf, f"“{q}”", 11, indent=8)
        for p in s.paragraphs:
            _pdf_text(pdf, p, 11)
        if s.items:
            _pdf_text(pdf, "You said… We did…", 13, "B", space=3)
            # Blocks, not a table: a table row cannot run onto the next page, so one long item
            # ("row too high") would stop the whole report.
            for said, head, answer in item_rows(s.items):
                _pdf_text(pdf, "You said", 10, "B", space=3)
                _pdf_text(pdf, said, 10, indent=5)
                _pdf_text(pdf, head, 10, "B")
                _pdf_text(pdf, answer, 10, indent=5)
        if s.settings is not None and s.settings.rows:
            settings_report.pdf(pdf, s.settings, s.settings_chart, lambda *a, **k: _pdf_text(pdf, *a, **k))
    return bytes(pdf.output())


def _pdf_text(pdf, text: str, size: int, style: str = "", space: float = 1, indent: float = 0) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.ln(space)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Cm

    t = printable  # XML refuses control characters: one in a quote would stop the file
    doc = Document()
    doc.add_heading(t(report.title), level=1)
    doc.add_paragraph(t(report.period))
    for s in report.sections:
        doc.add_heading(t(s.heading), level=2)
        if s.charts:
            doc.add_heading("At a glance", level=3)
        for _, png in s.charts:
            doc.add_picture(io.BytesIO(png), width=Cm(16))
        for r in s.rounds:
            doc.add_heading(t(r.heading), level=3)
            doc.add_paragraph(t(r.sentence))
            for b in r.bullets:
                doc.add_paragraph(t(b), style="List Bullet")
            if r.chart:
                doc.add_picture(io.BytesIO(r.chart[1]), width=Cm(16))
            if r.themes:
                doc.add_paragraph("What they wrote about most:")
                for theme in r.themes:
                    doc.add_paragraph(t(theme), style="List Bullet")
            for q in r.quotes:
                doc.add_paragraph(f"“{t(q)}”", style="Quote")
        for p in s.paragraphs:
            doc.add_paragraph(t(p))
        if s.items:
            doc.add_heading("You said… We did…", level=3)
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ["You said", "", "What happened"]):
                cell.text = text
            for row in item_rows(s.items):
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        if s.settings is not None and s.settings.rows:
            settings_report.docx(doc, s.settings, s.settings_chart)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

