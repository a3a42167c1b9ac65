"""The editable theme codebook (codebook.yaml) and a fast rule-based coder."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .prefilter import PrefixIndex

DEFAULT_PATH = Path(__file__).with_name("codebook.yaml")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# A negator within the three words before a phrase ("not friendly", "wasn't very good").
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|no|nor|dont|don't|didnt|didn't|doesnt|doesn't|wasnt|wasn't|isnt|isn't|"
    r"werent|weren't|arent|aren't|aint|ain't|cant|can't|couldnt|couldn't|wouldnt|wouldn't|"
    r"wont|won't|hardly|barely|nothing|nobody|none|without|lack of)"
    r"(?:[ \t]+[\w']+){0,2}[ \t]*$"  # same clause only: "nothing, it was good" is not negated
)
_NEGATION_WINDOW = 40  # characters looked back for a negator; keeps the check cheap


_FEW = 6  # up to this many possible phrases: search them one by one, not the whole theme


_BITS: dict[int, tuple[int, ...]] = {}


def _bits(mask: int) -> tuple[int, ...]:
    """Positions of the set bits, lowest first (memoised: masks here are few)."""
    found = _BITS.get(mask)
    if found is None:
        found = tuple(pos for pos in range(mask.bit_length()) if mask >> pos & 1)
        if len(_BITS) < 100_000:
            _BITS[mask] = found
    return found


def _alternation_starts(alternatives: list[re.Pattern], text: str):
    """Start positions finditer would give for "A1|A2|...": at each step the leftmost
    match, the earliest alternative winning a tie, scanning on from its end. The
    alternatives must not match the empty string (each has a literal key)."""
    n = len(alternatives)
    nxt = [alternatives[i].search(text) for i in range(n)]  # next match of each, or None
    while True:
        best = None
        for m in nxt:  # in alternative order, so the earliest alternative wins a tie
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best.start()
        pos = best.end()
        for i in range(n):
            m = nxt[i]
            if m is not None and m.start() < pos:
                nxt[i] = alternatives[i].search(text, pos)


class CodebookError(ValueError):
    """The codebook file is invalid; the message names the theme and the problem."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    nhs_categories: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower case, curly apostrophes straightened: the form every matcher sees."""
    return text.lower().replace("’", "'").replace("‘", "'")


def phrase_to_regex(phrase: str) -> str:
    """'friendl*' -> friendl\\w*, spaces -> any punctuation/space, "can't" matches "cant"."""
    if phrase.startswith("re:"):
        return phrase[3:]
    parts = []
    for word in phrase.lower().split():
        star = word.endswith("*")
        word = word.rstrip("*")
        piece = "['’]?".join(re.escape(bit) for bit in word.split("'"))
        parts.append(piece + (r"\w*" if star else ""))
    return r"[\W_]+".join(parts)


class Codebook:
    def __init__(self, themes: list[Theme], rules: list[tuple], version: str):
        self.themes = themes
        self.version = version
        self._rules = rules  # (theme id, compiled regex, negated action)
        self._by_id = {t.id: t for t in themes}
        # Which phrases can possibly match a text, from its words (exact: see prefilter.py).
        # A theme whose phrases mostly cannot match is then searched phrase by phrase.
        patterns, self._spans = [], []
        for regex in (rule[1] for rule in rules):
            alts = _ALTERNATIVES.get(regex.pattern) if regex.flags == re.UNICODE else None
            start = len(patterns)
            if alts is None:
                patterns.append(regex)
                self._spans.append((start, 1, None))
                continue
            singles = [re.compile(r"\b(?:" + a + r")(?!\w)") for a in alts[0]]
            singles += [re.compile(r"(?<!\w)(?:" + a + r")(?!\w)") for a in alts[1]]
            patterns.extend(singles)
            self._spans.append((start, (1 << len(singles)) - 1, singles))
        self._index = PrefixIndex(patterns)
        for pos, (start, full, singles) in enumerate(self._spans):
            if singles is not None and self._index.always >> start & full:
                self._spans[pos] = (start, full, None)  # a phrase without a usable key: whole pattern

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Codebook":
        path = Path(path) if path else DEFAULT_PATH
        raw = path.read_bytes()
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise CodebookError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
            raise CodebookError(f"{path}: expected a top-level 'themes:' list")
        entries = data["themes"]
        ids = [e.get("id") if isinstance(e, dict) else None for e in entries]
        themes, rules = [], []
        for pos, entry in enumerate(entries):
            theme, regex, negated = _parse_theme(entry, pos, ids)
            themes.append(theme)
            rules.append((theme.id, regex, negated))
        return cls(themes, rules, hashlib.sha1(raw).hexdigest()[:12])

    def theme(self, theme_id: str) -> Theme:
        return self._by_id[theme_id]

    def code(self, text: str) -> list[str]:
        """Theme ids found in the text, in codebook order (multi-label, deterministic)."""
        if not text:
            return []
        return self._code_low(normalise(text))

    def _code_low(self, low: str, words=None) -> list[str]:
        """code() on already normalised text; words = set of \\w+ tokens of low if known."""
        mask = self._index.mask(low, words)
        if not mask:
            return []
        found = set()
        spans = self._spans
        for pos, (theme_id, regex, negated) in enumerate(self._rules):
            start, full, singles = spans[pos]
            bits = mask >> start & full
            if not bits:
                continue  # none of this theme's phrases can match anywhere in the text
            few = singles is not None and bits != full and bits.bit_count() <= _FEW
            if negated == "keep":
                if few:
                    # the alternation matches somewhere iff one of its phrases does
                    if any(singles[i].search(low) for i in _bits(bits)):
                        found.add(theme_id)
                elif regex.search(low):
                    found.add(theme_id)
                continue
            starts = _alternation_starts([singles[i] for i in _bits(bits)], low) if few else \
                (match.start() for match in regex.finditer(low))
            for start in starts:
                if _NEGATED_BEFORE.search(low, max(0, start - _NEGATION_WINDOW), start):
                    if negated != "drop":
                        found.add(negated)
                else:
                    found.add(theme_id)
        return [t.id for t in self.themes if t.id in found]

    def nhs_categories(self, theme_ids) -> set[str]:
        """NHS framework sub-categories for the given theme ids (union)."""
        return {c for tid in theme_ids for c in self._by_id[tid].nhs_categories}


def _parse_theme(entry, pos: int, all_ids: list) -> tuple[Theme, re.Pattern, str]:
    label = f"theme #{pos + 1}"
    if not isinstance(entry, dict):
        raise CodebookError(f"{label}: expected a mapping with id, name, description, phrases")
    tid = entry.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise CodebookError(f"{label}: 'id' must be lower_case_with_underscores, got {tid!r}")
    label = f"theme '{tid}'"
    if all_ids.count(tid) > 1:
        raise CodebookError(f"{label}: id used more than once")
    for key in ("name", "description"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CodebookError(f"{label}: '{key}' is missing or empty")
    phrases = entry.get("phrases")
    if not isinstance(phrases, list) or not phrases:
        raise CodebookError(f"{label}: 'phrases' must be a non-empty list")
    nhs = entry.get("nhs_categories", [])
    if not isinstance(nhs, list) or not all(isinstance(c, str) for c in nhs):
        raise CodebookError(f"{label}: 'nhs_categories' must be a list of column names")
    negated = entry.get("negated", "keep")
    if negated not in ("keep", "drop") and negated not in all_ids:
        raise CodebookError(f"{label}: 'negated' must be keep, drop or a theme id, got {negated!r}")
    alternatives = []
    for phrase in phrases:
        if not isinstance(phrase, (str, int, float)) or not str(phrase).strip():
            raise CodebookError(f"{label}: empty or non-text phrase {phrase!r}")
        source = phrase_to_regex(str(phrase).strip())
        try:
            re.compile(source)
        except re.error as exc:
            raise CodebookError(f"{label}: bad pattern {phrase!r}: {exc}") from exc
        alternatives.append(source)
    # Longest first so "waiting room" wins over "room" inside one alternation.
    alternatives.sort(key=len, reverse=True)
    # Alternatives that start with a letter/digit get one shared leading \b, which lets the
    # engine skip mid-word positions at once (several times faster than a lookbehind on each).
    wordy = [a for a in alternatives if a[:1].isalnum()]
    other = [a for a in alternatives if not a[:1].isalnum()]
    source = _theme_source(wordy, other)
    regex = re.compile(source)
    _ALTERNATIVES[source] = (tuple(wordy), tuple(other))
    theme = Theme(tid, entry["name"].strip(), entry["description"].strip(), tuple(nhs))
    return theme, regex, negated


# Compiled theme pattern source -> its (wordy, other) alternatives, so the coder can build
# the same pattern from only the alternatives that can match a given comment.
_ALTERNATIVES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _theme_source(wordy, other) -> str:
    parts = []
    if wordy:
        parts.append(r"\b(?:" + "|".join(wordy) + r")(?!\w)")
    if other:
        parts.append(r"(?<!\w)(?:" + "|".join(other) + r")(?!\w)")
    return "|".join(parts)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The packaged codebook, loaded and compiled once per process."""
    return Codebook.load()
