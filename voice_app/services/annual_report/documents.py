"""The annual report as documents: the one tree compose.build makes, rendered as HTML (one
Jinja2 template, autoescaped), PDF and DOCX, and its figures as CSV or XLSX. Exports are audited."""
from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from voice_app.services import audit, exports
from voice_app.services import views_by_setting_report as settings_report
from voice_app.services.accounts import StaffUser
from voice_app.services.annual_report.compose import Report, Section, build
from voice_app.services.coding import Progress, no_progress
from voice_app.services.poster import font_path
from voice_app.services.text import printable

FORMATS = ("html", "pdf", "docx", "csv", "xlsx")


def export(user: StaffUser | None, start: date, end: date, fmt: str, progress: Progress | None = None) -> bytes:
    """The report in one format, audited (the command line is recorded as "system").
    progress(stage, done, total) hears its sections composed, then rendered."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    report = build(user, start, end, with_charts=fmt in ("html", "pdf", "docx"), progress=progress)
    if fmt in ("pdf", "docx"):  # laid out a section at a time
        data = {"pdf": to_pdf, "docx": to_docx}[fmt](report, progress)
    else:
        data = {"html": to_html, "csv": to_csv, "xlsx": to_xlsx}[fmt](report)
        (progress or no_progress)("rendering", len(report.sections), len(report.sections))
    audit.record(user, "exported the annual report", fmt, start=start, end=end)
    return data


def _each_section(report: Report, progress: Progress | None) -> Iterator[Section]:
    """The report's sections in turn, telling progress("rendering", …) as each is laid out."""
    tell, total = progress or no_progress, len(report.sections)
    for done, section in enumerate(report.sections):
        tell("rendering", done, total)
        yield section
    tell("rendering", total, total)


safe_cell = exports.neutralise  # one rule for every spreadsheet this service writes


def figures_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([row for s in report.sections for row in s.figures])


def to_csv(report: Report) -> bytes:
    return exports.to_csv(figures_frame(report))


def to_xlsx(report: Report) -> bytes:
    return exports.to_xlsx(figures_frame(report))


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True,
                      undefined=StrictUndefined)
    env.filters["base64"] = lambda png: base64.b64encode(png).decode()
    return env.get_template("report.html.j2")


def _settings_html(s: Section) -> Markup:
    return Markup(settings_report.html(s.settings, s.settings_chart))  # escaped where it is made


def to_html(report: Report) -> bytes:
    return _template().render(report=report, settings_html=_settings_html).encode("utf-8")


def to_pdf(report: Report, progress: Progress | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.add_font("DejaVu", "", font_path(False))
    pdf.add_font("DejaVu", "B", font_path(True))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _pdf_text(pdf, report.title, 20, "B")
    _pdf_text(pdf, report.period, 11)
    for s in _each_section(report, progress):
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
                pdf.image(io.BytesIO(r.chart.png), w=pdf.epw * 0.9, alt_text=r.chart.alt)
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
            for row in s.items:
                _pdf_text(pdf, "You said", 10, "B", space=3)
                _pdf_text(pdf, row.said, 10, indent=5)
                _pdf_text(pdf, row.head, 10, "B")
                _pdf_text(pdf, row.answer, 10, indent=5)
        if s.settings is not None and s.settings.rows:
            settings_report.pdf(pdf, s.settings, s.settings_chart, lambda *a, **k: _pdf_text(pdf, *a, **k))
    return bytes(pdf.output())


def _pdf_text(pdf, text: str, size: int, style: str = "", space: float = 1, indent: float = 0) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.ln(space)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")


def to_docx(report: Report, progress: Progress | None = None) -> bytes:
    from docx import Document
    from docx.shared import Cm

    t = printable  # XML refuses control characters: one in a quote would stop the file
    doc = Document()
    doc.add_heading(t(report.title), level=1)
    doc.add_paragraph(t(report.period))
    for s in _each_section(report, progress):
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
                doc.add_picture(io.BytesIO(r.chart.png), width=Cm(16))
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
            for row in s.items:
                for cell, text in zip(table.add_row().cells, (row.said, row.head, row.answer)):
                    cell.text = text
        if s.settings is not None and s.settings.rows:
            settings_report.docx(doc, s.settings, s.settings_chart)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
