"""Right-to-left words (Arabic, Urdu) for a PDF: fpdf2 cannot join and order their letters
without a shaping library this install lacks, so Pillow does (its Raqm layout), and the PDF
shows each line as a picture, with the same words written invisibly beside it so that the PDF
can still be searched and read aloud."""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, features

from voice_app.services.poster import font_path

PX_PER_MM = 300 / 25.4  # drawn at 300 dpi: sharp when printed
MM_PER_PT = 25.4 / 72
INK = (31, 31, 31)


def available() -> bool:
    return features.check("raqm")


@lru_cache(maxsize=16)
def _font(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(bold), px, layout_engine=ImageFont.Layout.RAQM)


def lines(text: str, size_pt: float, width_mm: float, bold: bool = False) -> list[str]:
    """The words wrapped to the width, as they will be drawn."""
    font = _font(round(size_pt * MM_PER_PT * PX_PER_MM), bold)
    width = width_mm * PX_PER_MM
    out = []
    for para in text.splitlines() or [""]:
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial, direction="rtl") > width:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return out


@lru_cache(maxsize=512)  # a block is drawn twice (to see whether it fits), a scale's words on every question
def line_png(line: str, size_pt: float, width_mm: float, height_mm: float, bold: bool = False,
             align: str = "R") -> bytes:
    """One line drawn right to left, against the right edge (or centred with align "C")."""
    font = _font(round(size_pt * MM_PER_PT * PX_PER_MM), bold)
    width, height = round(width_mm * PX_PER_MM), round(height_mm * PX_PER_MM)
    image = Image.new("RGB", (width, height), "white")
    length = font.getlength(line, direction="rtl")
    x = (width - length) / 2 if align == "C" else width - length
    ImageDraw.Draw(image).text((x, height / 2), line, font=font, fill=INK, direction="rtl", anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()
