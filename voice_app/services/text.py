"""Text that staff type, checked once before it is stored: every field has a length limit that
matches its database column, and NUL bytes never reach the database (PostgreSQL refuses them,
and a refused statement on a page would show its parameters)."""
from __future__ import annotations

# Shared limits for staff-typed text without a natural size (notes, descriptions).
SHORT = 120
LONG = 4000


def clean_text(value: str | None, what: str, max_chars: int, error: type[Exception] = ValueError) -> str:
    """`value` stripped and without NUL bytes; `error` with a plain message when it is too long.

    NUL bytes are removed rather than refused: they come from pasting, never from meaning."""
    text = (value or "").replace("\x00", "").strip()
    if len(text) > max_chars:
        raise error(f"the {what} is too long: {max_chars:,} characters at most (this one has {len(text):,})")
    return text
