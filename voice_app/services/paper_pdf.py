"""Drawing the paper version (services/paper.py decides what it says): large type, a block per
question that never splits across pages, tick boxes with their numbers and faces, lined boxes."""
from __future__ import annotations

import io
import re

import segno
from fpdf import FPDF
from fpdf.enums import TextMode

from voice_app.kiosk_words import direction
from voice_app.services import rtl_text
from voice_app.services.paper import PaperForm, PaperOption, PaperQuestion, paper_form
from voice_app.services.poster import font_path

QR_MM = 34
BOX_MM = 7
LINE_MM = 10  # between the lines of a box to write in
TEXT_LINES = 5
AGES = {"under_11": "under 11", "11_to_15": "11 to 15", "16_plus": "16 or older"}
INK = (31, 31, 31)
FACE = (255, 224, 102)  # the kiosk's yellow


def paper_pdf(survey_key: str, lang: str = "en", age_band: str | None = None,
              site_slug: str | None = None) -> bytes:
    """The paper version as an A4 PDF; PaperError names an unknown survey, language, age or site."""
    return render(paper_form(survey_key, lang, age_band, site_slug))


def new_pdf(title: str) -> FPDF:
    """An A4 PDF with the poster's fonts (DejaVu Sans: Latin, Greek and Cyrillic)."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_font("DejaVu", "", font_path(False))
    pdf.add_font("DejaVu", "B", font_path(True))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_text_color(*INK)
    return pdf


def qr_png(link: str) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def render(form: PaperForm) -> bytes:
    pdf = new_pdf(form.title)
    pdf.rtl = direction(form.lang) == "rtl"
    pdf.set_subject(form.link or form.title)
    pdf.add_page()
    _header(pdf, form)
    for question in form.questions:
        _whole(pdf, _question, form, question)
    _whole(pdf, _text, form.help_now, 12, space=8)
    return bytes(pdf.output())


def _whole(pdf: FPDF, draw, *args, **kwargs) -> None:
    """Draw a block on this page if it fits, else on the next: never split across pages."""
    with pdf.offset_rendering() as trial:
        draw(trial, *args, **kwargs)
    if trial.page_break_triggered:
        pdf.add_page()
    draw(pdf, *args, **kwargs)


def _text(pdf: FPDF, text: str, size: float, style: str = "", space: float = 1, indent: float = 0,
          width: float | None = None) -> None:
    if not text:
        return
    pdf.set_font("DejaVu", style, size)
    pdf.ln(space)
    pdf.set_x(pdf.l_margin + indent)
    _cell(pdf, width or pdf.epw - indent, size * 0.5, text)


def _cell(pdf: FPDF, width: float, line_h: float, text: str, align: str = "L") -> None:
    """Words wrapped to `width` from the current place, in the current font; then the next line
    at the left margin. Right-to-left words are drawn by Pillow (services/rtl_text.py)."""
    if not getattr(pdf, "rtl", False):
        pdf.multi_cell(width, line_h, text, align=align, new_x="LMARGIN", new_y="NEXT")
        return
    x, size, bold = pdf.get_x(), pdf.font_size_pt, "B" in pdf.font_style
    for line in rtl_text.lines(text, size, width, bold):
        y = pdf.get_y()
        pdf.image(io.BytesIO(rtl_text.line_png(line, size, width, line_h * 1.3, bold, "C" if align == "C" else "R")),
                  x=x, y=y, w=width, h=line_h * 1.3, alt_text=line)
        pdf.text_mode = TextMode.INVISIBLE  # the same words, for search and screen readers
        pdf.set_xy(x, y)
        pdf.cell(width, line_h * 1.3, re.sub("[\u2066-\u2069]", "", line))  # direction marks: the picture has them
        pdf.text_mode = TextMode.FILL
        pdf.set_xy(x, y + line_h * 1.3)
    pdf.set_x(pdf.l_margin)


def _header(pdf: FPDF, form: PaperForm) -> None:
    top = pdf.get_y()
    words = pdf.epw - QR_MM - 6 if form.link else pdf.epw
    _text(pdf, form.title, 24, "B", width=words)
    if form.age_band:
        _text(pdf, f"For children {AGES.get(form.age_band, form.age_band)}", 13, width=words)
    _text(pdf, form.intro, 14, space=3, width=words)
    if not form.link:  # no site, no kiosk link: a QR code would open an error
        _place_and_date(pdf, form)
        return
    qx = pdf.l_margin + pdf.epw - QR_MM
    pdf.image(io.BytesIO(qr_png(form.link)), x=qx, y=top, w=QR_MM, h=QR_MM,
              alt_text=f"QR code: the same survey online, {form.link}")
    pdf.set_xy(qx, top + QR_MM + 1)
    pdf.set_font("DejaVu", "", 9)
    _cell(pdf, QR_MM, 4, form.scan, align="C")
    pdf.set_y(max(pdf.get_y(), top + QR_MM + 12))
    _place_and_date(pdf, form)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(pdf.epw, 4, form.link, new_x="LMARGIN", new_y="NEXT")


def _place_and_date(pdf: FPDF, form: PaperForm) -> None:
    """A box for where and when, and the form number a worker writes as they type it in."""
    pdf.ln(3)
    y, h = pdf.get_y(), 16
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(pdf.l_margin, y, pdf.epw, h)
    thirds = pdf.epw / 3
    for i, (label, value) in enumerate(((form.place, form.site_name or ""), (form.date, ""), ("Form no. (staff)", ""))):
        x = pdf.l_margin + i * thirds
        if i:
            pdf.line(x, y, x, y + h)
        pdf.set_xy(x + 2, y + 1.5)
        pdf.set_font("DejaVu", "B", 11)
        _cell(pdf, thirds - 4, 5, label)
        pdf.set_xy(x + 2, y + 8)
        size = 12
        pdf.set_font("DejaVu", "", size)
        while size > 7 and pdf.get_string_width(value) > thirds - 5:  # a long site name stays in its box
            size -= 1
            pdf.set_font("DejaVu", "", size)
        _cell(pdf, thirds - 4, 6, value)
    pdf.set_y(y + h + 2)


def _question(pdf: FPDF, form: PaperForm, q: PaperQuestion) -> None:
    pdf.ln(4)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    _text(pdf, f"{q.number}. {q.text}", 16, "B", space=3)
    _text(pdf, q.help, 12, space=1)
    if q.type == "text":
        _text(pdf, form.before_writing, 11, space=2)
        _text(pdf, form.text_label, 12, space=2)
        _lined_box(pdf)
    elif q.type == "scale":
        _text(pdf, form.tick_one, 11, space=1)
        _faces_row(pdf, q.options)
    else:
        _text(pdf, form.tick_any if q.type == "multi" else form.tick_one, 11, space=1)
        for option in q.options:
            _option_line(pdf, option)


def _lined_box(pdf: FPDF) -> None:
    pdf.ln(2)
    y, h = pdf.get_y(), LINE_MM * TEXT_LINES
    pdf.rect(pdf.l_margin, y, pdf.epw, h)
    pdf.set_line_width(0.15)
    for i in range(1, TEXT_LINES):
        pdf.line(pdf.l_margin + 3, y + i * LINE_MM, pdf.l_margin + pdf.epw - 3, y + i * LINE_MM)
    pdf.set_y(y + h + 1)


def _box(pdf: FPDF, x: float, y: float, number: int) -> None:
    pdf.set_line_width(0.5)
    pdf.rect(x, y, BOX_MM, BOX_MM)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_xy(x + BOX_MM + 0.5, y - 0.5)
    pdf.cell(4, 4, str(number))


def _faces_row(pdf: FPDF, options: list[PaperOption]) -> None:
    """A scale across the page: face, box and words under each."""
    pdf.ln(2)
    top = pdf.get_y()
    col = pdf.epw / len(options)
    bottom = top
    for i, option in enumerate(options):
        cx = pdf.l_margin + col * i + col / 2
        _face_or_picture(pdf, option, cx, top + 8, 8)
        _box(pdf, cx - BOX_MM / 2, top + 19, option.number)
        pdf.set_font("DejaVu", "", 13)
        pdf.set_xy(cx - col / 2 + 1, top + 28)
        _cell(pdf, col - 2, 6, option.label, align="C")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 1)


def _option_line(pdf: FPDF, option: PaperOption) -> None:
    pdf.ln(2)
    y = pdf.get_y()
    x = pdf.l_margin + 2
    _box(pdf, x, y + 1.5, option.number)
    text_x = x + BOX_MM + 8
    if option.smile is not None or option.picture:
        _face_or_picture(pdf, option, text_x + 5, y + 5, 5)
        text_x += 14
    pdf.set_font("DejaVu", "", 14)
    pdf.set_xy(text_x, y + 1.5)
    _cell(pdf, pdf.l_margin + pdf.epw - text_x, 7, option.label)
    pdf.set_y(max(pdf.get_y(), y + 10))


def _face_or_picture(pdf: FPDF, option: PaperOption, cx: float, cy: float, r: float) -> None:
    if option.picture:
        pdf.image(option.picture, x=cx - r, y=cy - r, w=2 * r, h=2 * r, keep_aspect_ratio=True, alt_text="")
    elif option.smile is not None:
        face(pdf, cx, cy, r, option.smile)


def face(pdf: FPDF, cx: float, cy: float, r: float, smile: float) -> None:
    """A round face whose mouth curves up (smile > 0) or down (smile < 0), flat at 0."""
    pdf.set_line_width(r * 0.07)
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(*FACE)
    pdf.circle(cx, cy, r, style="DF")
    pdf.set_fill_color(*INK)
    for dx in (-0.35, 0.35):
        pdf.circle(cx + dx * r, cy - 0.25 * r, r * 0.1, style="F")
    width, depth = 0.45 * r, 0.12 * r * smile
    mouth_y = cy + 0.35 * r - depth / 2
    points = [(cx + width * t / 10, mouth_y + depth * (1 - (t / 10) ** 2)) for t in range(-10, 11)]
    pdf.polyline(points)
