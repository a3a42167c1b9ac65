"""The notice-board poster, in the spirit of the CAMHS Wellbeing Ambassadors' "You said… We did…"
notices: bright, large type readable from across a waiting room, a QR code to have your say.

Drawn once with Pillow (PNG); the PDF holds the same pages, with the words also written as
invisible text so the PDF can be searched and read aloud by a screen reader."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw, ImageFont

from voice_app.services.text import printable
from voice_app.services.you_said.item_views import ItemView
from voice_app.services.you_said.notices import Notice

SIZES_MM = {"A4": (210, 297), "A3": (297, 420)}
DPI = 150
ITEMS_PER_PAGE = 3
MAX_HIDDEN_CHARS = 1500  # per item's part, in the PDF's invisible (searchable) words
INK = "#1f1f1f"
BAND = "#5b2a86"         # purple header band
SAID = "#ffe066"         # yellow "you said" bubble
DID = {"done": "#8ce99a", "in_progress": "#a5d8ff", "planned": "#d0bfff", "not_possible": "#dee2e6"}
HEADS = {"done": "We did", "in_progress": "We are doing", "planned": "We are planning",
         "not_possible": "We can't, because"}


@lru_cache
def font_path(bold: bool) -> str:
    """DejaVu Sans ships with matplotlib, so the poster looks the same on every machine."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(bold), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines = []
    for para in text.splitlines() or [""]:
        line = ""
        for word in _pieces(draw, para.split(), font, width):
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _pieces(draw, words: list[str], font, width: int) -> list[str]:
    """Words, with any too wide for a line cut to fit (a link, or a key held down)."""
    out = []
    for word in words:
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = max(1, int(len(word) * width / draw.textlength(word, font=font)))
            while cut > 1 and draw.textlength(word[:cut], font=font) > width:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return out


def said_text(item: ItemView) -> str:
    """ "You said" in a child's own approved words where there are any, else the item's text."""
    return f"“{item.quotes[0]}”" if item.quotes else item.you_said


def did_text(item: ItemView) -> str:
    """The answer in one plain sentence or two, as a child reads it."""
    if item.status == "done":
        return item.we_did
    if item.status == "not_possible":
        return item.cant_because
    return item.we_did or item.progress


def heading(item: ItemView) -> str:
    """ "We are planning" is a promise, not a result: only what is done carries a tick."""
    words = HEADS.get(item.status, "")
    return f"✅ {words}" if item.status == "done" else words


def who_when(item: ItemView) -> str:
    """ "Who: Clinic manager · By: 1 December 2026", or when it was done."""
    parts = [f"Who: {item.owner_role}"] if item.owner_role else []
    if item.status in ("done", "not_possible") and item.done_at:
        parts.append(f"Done: {item.done_at:%-d %B %Y}" if item.status == "done"
                     else f"Decided: {item.done_at:%-d %B %Y}")
    elif item.due_on:
        parts.append(f"By: {item.due_on:%-d %B %Y}")
    return " · ".join(parts)


def answer_text(item: ItemView) -> str:
    """The answer with who and when, for a poster or a report."""
    when = who_when(item)
    return " ".join(p for p in (did_text(item), f"{when}." if when else "") if p)


def _pages(notice: Notice) -> list[list[ItemView]]:
    items = notice.items
    return [items[i:i + ITEMS_PER_PAGE] for i in range(0, len(items), ITEMS_PER_PAGE)] or [[]]


def _px(size: str) -> tuple[int, int]:
    w, h = SIZES_MM[size]
    return round(w / 25.4 * DPI), round(h / 25.4 * DPI)


def _draw_page(notice: Notice, items: list[ItemView], size: str, link: str | None) -> Image.Image:
    width, height = _px(size)
    u = width / 1240  # everything scales with the paper: A3 is the same poster, bigger
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    margin = int(60 * u)
    d.rectangle([0, 0, width, int(250 * u)], fill=BAND)
    d.text((margin, int(40 * u)), "You said… We did…", font=_font(int(96 * u), True), fill="white")
    d.text((margin, int(175 * u)), notice.title, font=_font(int(48 * u)), fill="white")
    y = int(290 * u)
    footer = int(300 * u) if link else int(80 * u)
    if not items:
        d.text((margin, y), "Nothing here yet: watch this space!", font=_font(int(48 * u)), fill=INK)
    # Three slots a page whatever the number of items: one item is a third of the sheet, not all of it.
    box_h = (height - y - footer) // ITEMS_PER_PAGE - int(30 * u)
    for item in items:
        _draw_item(d, item, margin, y, width - 2 * margin, box_h, u)
        y += box_h + int(30 * u)
    if link:
        _draw_qr(img, d, link, margin, height - footer + int(20 * u), u)
    return img


def _draw_item(d, item: ItemView, x: int, y: int, w: int, h: int, u: float) -> None:
    half = (w - int(30 * u)) // 2
    head, body = _font(int(50 * u), True), _font(int(42 * u))
    d.rounded_rectangle([x, y, x + half, y + h], radius=int(40 * u), fill=SAID)
    d.text((x + int(30 * u), y + int(25 * u)), "You said", font=head, fill=INK)
    _text_block(d, said_text(item), body, x + int(30 * u), y + int(100 * u), half - int(60 * u), y + h, u)
    rx = x + half + int(30 * u)
    d.rounded_rectangle([rx, y, rx + half, y + h], radius=int(40 * u), fill=DID.get(item.status, "#eeeeee"))
    d.text((rx + int(30 * u), y + int(25 * u)), HEADS.get(item.status, ""), font=head, fill=INK)
    _text_block(d, answer_text(item), body, rx + int(30 * u), y + int(100 * u), half - int(60 * u), y + h, u)


def _text_block(d, text: str, font, x: int, y: int, w: int, bottom: int, u: float) -> int:
    step = int(font.size * 1.25)
    # Only what fits is drawn, so only what could fit is measured: a megabyte of text costs no more.
    room_chars = max((bottom - y) // step, 1) * max(w // max(font.size // 5, 1), 1)
    lines = _wrap(d, printable(text)[:room_chars + 1], font, w)
    room = max((bottom - int(20 * u) - y) // step, 1)
    if len(lines) > room:  # a poster is not the place for an essay: the page shows the rest
        lines = lines[:room]
        lines[-1] = lines[-1].rstrip(".") + "…"
    for line in lines:
        d.text((x, y), line, font=font, fill=INK)
        y += step
    return y


def _draw_qr(img: Image.Image, d, link: str, x: int, y: int, u: float) -> None:
    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="png", scale=10, border=2)
    qr = Image.open(buf).convert("RGB").resize((int(240 * u), int(240 * u)), Image.NEAREST)
    img.paste(qr, (x, y))
    tx = x + int(280 * u)
    d.text((tx, y + int(40 * u)), "Tell us what you think!", font=_font(int(52 * u), True), fill=INK)
    d.text((tx, y + int(120 * u)), "Scan the code with a phone or tablet.", font=_font(int(34 * u)), fill=INK)


def poster_png(notice: Notice, size: str = "A4", link: str | None = None, page: int = 0) -> bytes:
    """One page of the poster as a PNG (the first by default)."""
    _check_size(size)
    pages = _pages(notice)
    img = _draw_page(notice, pages[min(page, len(pages) - 1)], size, link)
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


def poster_pdf(notice: Notice, size: str = "A4", link: str | None = None) -> bytes:
    """Every page of the poster as one PDF."""
    _check_size(size)
    w, h = SIZES_MM[size]
    pdf = FPDF(unit="mm", format=(w, h))
    pdf.set_auto_page_break(False)
    pdf.set_title(f"You said… We did… {notice.title}")
    pdf.add_font("DejaVu", "", font_path(False))
    for items in _pages(notice):
        pdf.add_page()
        buf = io.BytesIO()
        _draw_page(notice, items, size, link).save(buf, format="PNG")
        pdf.image(buf, x=0, y=0, w=w, h=h)
        _invisible_words(pdf, notice, items)
    return bytes(pdf.output())


def _invisible_words(pdf: FPDF, notice: Notice, items: list[ItemView]) -> None:
    pdf.set_font("DejaVu", size=10)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(10, 10)
    words = [f"You said… We did… {notice.title}"]
    for item in items:
        words += [f"You said: {said_text(item)}", f"{HEADS.get(item.status, '')}: {answer_text(item)}"]
    # The words under the picture, cut like the picture's: a page holds a few hundred of them.
    pdf.multi_cell(0, 5, "\n".join(printable(w)[:MAX_HIDDEN_CHARS] for w in words))
    pdf.text_mode = TextMode.FILL


def _check_size(size: str) -> None:
    if size not in SIZES_MM:
        raise ValueError(f"size must be one of {', '.join(SIZES_MM)}")
