"""Which question a form's column header is, and which option an answer label is, by wording.

Microsoft Forms, Google Forms and SurveyMonkey export a survey's question wording as column
headers and the chosen options' labels as cells. Both are matched against every version of a
survey's wording (every language, Easy Read, the under-11 words) after normalising: case,
punctuation, spacing, a leading number ("1. ", "Q2) ") and a trailing "(optional)" do not count.
"""
from __future__ import annotations

import re
import unicodedata

from surveys import Question, SurveyDefinition

_NUMBERING = re.compile(r"^[^\w(\[]*(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):]\s*", re.IGNORECASE)
_OPTIONAL = re.compile(r"\s*[(\[]\s*optional\s*[)\]][^\w(\[]*$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u02bc")  # "don't" and "don’t" and "dont" alike


def _letters(text: str) -> str:
    """Lower case, punctuation and symbols dropped (every script's), spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    kept = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    return _SPACES.sub(" ", kept).strip()


def normalise_header(text: str) -> str:
    """A header or a question's wording as compared: '2. How OLD are you? (optional)' is
    'how old are you'."""
    text = unicodedata.normalize("NFKC", text)
    previous = None
    while previous != text:  # "1. How old are you? (optional)" and "(optional) 1." alike
        previous = text
        text = _OPTIONAL.sub("", _NUMBERING.sub("", text)).strip()
    return _letters(text)


def normalise_label(text: str) -> str:
    """An answer label as compared: case, punctuation and spacing do not count (numbers do:
    '11 to 15' stays itself)."""
    return _letters(text)


def _versions(text) -> dict[str, str]:
    """Every wording of a text: {locale: words} ('en', 'pl', 'en:under_11', ...)."""
    return {"en": text} if isinstance(text, str) else dict(text)


def wording_index(definition: SurveyDefinition) -> dict[str, dict[str, list[str]]]:
    """normalised wording: {question id: the locales whose wording it is}, over every version."""
    index: dict[str, dict[str, list[str]]] = {}
    for q in definition.questions:
        for locale, words in _versions(q.text).items():
            index.setdefault(normalise_header(words), {}).setdefault(q.id, []).append(locale)
    return index


def common_locale(locales: list[list[str]]) -> str | None:
    """The one version every column's wording belongs to (the first in the survey's order)."""
    if not locales:
        return None
    shared = set(locales[0]).intersection(*locales[1:])
    return next((loc for loc in locales[0] if loc in shared), None)


def label_index(question: Question) -> dict[str, set[str]]:
    """normalised label (or id): the option ids it may mean, over every version's labels."""
    index: dict[str, set[str]] = {}
    for o in question.options:
        for words in [o.id, *_versions(o.label).values()]:
            index.setdefault(normalise_label(words), set()).add(o.id)
    return index


class LabelError(ValueError):
    """A label that is no option of the question, or more than one."""


def _quoted(label: str, limit: int = 80) -> str:
    """A cell as a message shows it: a long one cut short."""
    label = label.strip()
    return f"'{label}'" if len(label) <= limit else f"'{label[:limit]}…' ({len(label):,} characters)"


def option_for(question: Question, index: dict[str, set[str]], label: str) -> str:
    ids = index.get(normalise_label(label), set())
    if len(ids) == 1:
        return next(iter(ids))
    if ids:
        raise LabelError(f"{_quoted(label)} could mean more than one option ({', '.join(sorted(ids))})")
    options = ", ".join(f"{o.id} ({_versions(o.label).get('en') or next(iter(_versions(o.label).values()))})"
                        for o in question.options)
    raise LabelError(f"{_quoted(label)} is not an option (options: {options})")


def choices_for(question: Question, index: dict[str, set[str]], cell: str) -> list[tuple[str, str]]:
    """(label, option id) of a multiple-choice cell as the tools write it: Microsoft Forms 'A;B;'
    and Google Forms 'A, B'. A label that itself holds ', ' is still one label: the longest run
    of parts that is a label wins."""
    chosen: list[tuple[str, str]] = []
    for piece in (p for p in cell.split(";") if p.strip()):
        parts = piece.split(",")
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                candidate = ",".join(parts[start:end])
                if index.get(normalise_label(candidate)):
                    break
            else:
                end = start + 1
                candidate = parts[start]
            if candidate.strip():
                chosen.append((candidate.strip(), option_for(question, index, candidate.strip())))
            start = end
    return chosen
