"""What a comment is written in, as far as coding needs to know: the codebook, the sentiment
words and the theme models read English, so a comment mostly in another script (Arabic,
Cyrillic…) is for a person to code; and which comments read right to left."""
from __future__ import annotations

import unicodedata


def _letters(text: str) -> list[str]:
    return [c for c in text or "" if c.isalpha()]


def codebook_can_read(text: str) -> bool:
    """True when at least half the letters are Latin (or there are none: "10/10", "😀")."""
    letters = _letters(text)
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return not letters or latin * 2 >= len(letters)


def right_to_left(text: str) -> bool:
    """True when most letters are of a right-to-left script (Arabic, Hebrew…)."""
    letters = _letters(text)
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in letters)
    return bool(letters) and rtl * 2 > len(letters)
