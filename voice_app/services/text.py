"""Text that staff type, checked once before it is stored: every field has a length limit that
matches its database column, and NUL bytes never reach the database (PostgreSQL refuses them,
and a refused statement on a page would show its parameters)."""
from __future__ import annotations

import re

# Shared limits for staff-typed text without a natural size (notes, descriptions).
SHORT = 120
LONG = 4000


# Control characters (NUL among them), lone surrogates and non-characters: no page, PDF, DOCX
# or database needs them, and some refuse them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str | None) -> str:
    """Text any document can hold: line ends made \\n, control characters dropped."""
    if not text:
        return ""
    return _UNPRINTABLE.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(value: str | None, what: str, max_chars: int, error: type[Exception] = ValueError) -> str:
    """`value` stripped and without control characters; `error` with a plain message when it is too long.

    NUL bytes and other control characters are removed rather than refused: they come from
    pasting, never from meaning."""
    text = printable(value).strip()
    if len(text) > max_chars:
        raise error(f"the {what} is too long: {max_chars:,} characters at most (this one has {len(text):,})")
    return text
