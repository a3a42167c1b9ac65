"""Which version of a survey a child answered, and a language's name for staff.

A survey comes in a standard version, an under-11 version (a child who said they were under 11,
or a link for under-11s, which answers the age question for them) and Easy Read (the kiosk's
language "en-easy"). Results break down and filter by these and by language, for staff; a board
sees them only as fixed groupings of the round's disclosure plan (services/disclosure.py)."""
from __future__ import annotations

from analysis.text.language import language_name as language_label  # noqa: F401 (for staff)
from voice_app.store.tally import EASY_READ, UNDER_11

VERSIONS = {"standard": "Standard", "under_11": "Under 11", "easy_read": "Easy Read"}


def version_of(lang: str | None, age_band: object) -> str:
    """"under_11", "easy_read" or "standard", from what is stored: the age band (answered, or
    fixed by the link) and the response's language. Under-11 words win over Easy Read (the kiosk
    shows an under-11 who chose Easy Read the under-11 words). The store's version_column is the
    same rule in SQL."""
    if age_band == UNDER_11:
        return "under_11"
    return "easy_read" if lang == EASY_READ else "standard"


def version_label(version: str) -> str:
    return VERSIONS.get(version, version)
