"""Views by topic and setting in the annual report's documents (HTML, PDF, DOCX): the words
above it, the picture, the table and the quotes. Every string is escaped (HTML) or stripped of
characters the format refuses (PDF, DOCX); the counts are the board's, already made safe."""
from __future__ import annotations

import base64
import html as markup
import io
from collections.abc import Callable

from voice_app.services import views_by_setting as views
from voice_app.services.text import printable

Chart = tuple[str, bytes] | None  # (alt text, PNG)


def html(table: views.ViewsBySetting, chart: Chart) -> str:
    e = markup.escape
    frame = views.display(table, with_quotes=False)
    out = [f"<h3>{e(views.TITLE)}</h3><p>{e(views.intro(table))}</p>"]
    if chart:
        out.append(f"<img alt='{e(chart[0], quote=True)}' style='max-width:100%' "
                   f"src='data:image/png;base64,{base64.b64encode(chart[1]).decode()}'>")
    out.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in frame.columns) + "</tr>"
               + "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>"
                         for row in frame.itertuples(index=False)) + "</table>")
    out += [f"<blockquote>{e(line)}</blockquote>" for line in views.quote_lines(table)]
    return "".join(out)


def pdf(document, table: views.ViewsBySetting, chart: Chart, write: Callable) -> None:
    """write(text, size, style="", space=1, indent=0): the report's own paragraph writer. Lines,
    not a table: a table row cannot run onto the next page."""
    write(views.TITLE, 13, "B", space=3)
    write(views.intro(table), 10)
    if chart:
        document.image(io.BytesIO(chart[1]), w=document.epw, alt_text=chart[0])
    for line in views.topic_lines(table):
        write(f"•  {line}", 10, indent=5)
    for line in views.quote_lines(table):
        write(line, 10, indent=8)


def docx(document, table: views.ViewsBySetting, chart: Chart) -> None:
    from docx.shared import Cm, Pt

    t = printable  # XML refuses control characters: one in a quote would stop the file
    document.add_heading(views.TITLE, level=3)
    document.add_paragraph(t(views.intro(table)))
    if chart:
        document.add_picture(io.BytesIO(chart[1]), width=Cm(16))
    frame = views.display(table, with_quotes=False)
    grid = document.add_table(rows=1, cols=len(frame.columns))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, frame.columns):
        cell.text = t(text)
    for row in frame.itertuples(index=False):
        for cell, text in zip(grid.add_row().cells, row):
            cell.text = t(text)
    for row in grid.rows:
        for cell in row.cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                run.font.size = Pt(8)  # eight columns across A4
    for line in views.quote_lines(table):
        document.add_paragraph(t(line), style="Quote")
