"""Phrases, emoji and openings that carry sentiment in children's service feedback, and the slang
TextBlob reads the wrong way round, for sentiment.py (the tables are in sentiment_words.py)."""
from __future__ import annotations

import re

from . import sentiment_words as W
from .prefilter import PrefixIndex

# Phrases and emoji (sentiment_words.PHRASES, .EMOJI): each hit counts like one scored word.
_DOMAIN = list(W.PHRASES[:W.FIRST_ROUND_PHRASES]) + list(W.EMOJI)
# What is matched is this one alternation's matches (group number -> polarity; the patterns
# use no capturing groups); the tests hold the faster scan below to it.
_WORDY = [(p, v) for p, v in _DOMAIN if p.startswith(r"\b") and "|^" not in p and not p.startswith("^")]
_OTHER = [(p, v) for p, v in _DOMAIN if (p, v) not in _WORDY]
_DOMAIN = _WORDY + _OTHER
_DOMAIN_RE = re.compile(r"\b(?:" + "|".join(f"({p})" for p, _v in _WORDY) + ")|"
                        + "|".join(f"({p})" for p, _v in _OTHER))
_DOMAIN_VALUES = [v for _p, v in _DOMAIN]
# Which _DOMAIN patterns can match a text (exact prefilter, see prefilter.py). A comment
# is scanned with only those, each compiled once (an alternation compiled per set of
# patterns took a one-off 11 ms for each new set: 4 s in a fresh import of 20,000 comments).
_DOMAIN_ONE = [re.compile(p) for p, _v in _DOMAIN]
_DOMAIN_INDEX = PrefixIndex(_DOMAIN_ONE)
# The later phrases are keyed on common words: they run as one regex of their own.
_LATE_RE = re.compile("|".join(f"({p})" for p, _v in W.PHRASES[W.FIRST_ROUND_PHRASES:]))
_LATE_VALUES = [v for _p, v in W.PHRASES[W.FIRST_ROUND_PHRASES:]]


def _domain_matches(norm: str, mask: int) -> list[tuple[int, re.Match]]:
    """(pattern index, match) of each _DOMAIN_RE match in norm, found with only the patterns in
    mask (the others cannot match), each compiled once. As the alternation does: the leftmost
    match wins, at one start the earlier pattern, and the scan goes on from the match's end."""
    ahead = {i: _DOMAIN_ONE[i].search(norm) for i in range(len(_DOMAIN)) if mask >> i & 1}
    found = []
    while ahead := {i: m for i, m in ahead.items() if m}:
        start, i = min((m.start(), i) for i, m in ahead.items())
        match = ahead[i]
        found.append((i, match))
        end = max(match.end(), start + 1)  # (an empty match moves on by one, as finditer does)
        ahead = {j: (m if m.start() >= end else _DOMAIN_ONE[j].search(norm, end)) for j, m in ahead.items()}
    return found


# Slang TextBlob reads the wrong way round, rewritten before it scores the text.
_REWRITES = [
    (re.compile(r"\b(is|was|looks|look|so|proper|well|bare|really|its|it's|it is) (sick|lit|fire|peng|class)\b(?! of)"),
     r"\1 great"),
    (re.compile(r"\b(?:dead|well|bare|proper) (good|nice|friendly|helpful|kind|fun|funny|lovely)\b"), r"very \1"),
    (re.compile(r"\bkilling it\b|\bkilled it\b"), "did great"),
    (re.compile(r"^(sick|class|lit|fire)\W*$"), "great"),  # the whole answer to "what was good?"
]
_REWRITES_INDEX = PrefixIndex([regex for regex, _repl in _REWRITES])
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|nobody|nothing|no one|without)(?: \w+)? $")
_OPENINGS = re.compile("|".join(f"({p})" for p, _v in W.OPENINGS))
_OPENING_VALUES = [v for _p, v in W.OPENINGS]


def rewrite(norm: str, words: set) -> str:
    """norm with the slang rewrites applied (only those that can match, see prefilter.py)."""
    rewritten = norm
    mask = _REWRITES_INDEX.mask(norm, words)
    if mask:
        for pos, (regex, repl) in enumerate(_REWRITES):
            if mask >> pos & 1:  # otherwise the pattern cannot match: sub would change nothing
                new = regex.sub(repl, rewritten)
                if new != rewritten:
                    rewritten = new
                    mask = _REWRITES_INDEX.mask(rewritten)  # the text changed: look again
    return rewritten


def phrase_hits(norm: str, words: set) -> list[tuple[int, float]]:
    """(position, polarity) of every phrase and emoji hit; a negated phrase counts the other way."""
    out = []
    mask = _DOMAIN_INDEX.mask(norm, words)
    if mask:
        for i, match in _domain_matches(norm, mask):
            value = _DOMAIN_VALUES[i]
            before = norm[max(0, match.start() - 20): match.start()]
            # "not boring" is mildly positive, as TextBlob treats "not good"
            out.append((match.start(), -0.5 * value if _NEGATED_BEFORE.search(before) else value))
    late = [(m.start(), _LATE_VALUES[m.lastindex - 1]) for m in _LATE_RE.finditer(norm)]
    if late:
        out = sorted(out + [(start, -0.5 * value if _NEGATED_BEFORE.search(norm[max(0, start - 20): start]) else value)
                            for start, value in late], key=lambda hit: hit[0])
    if not out or out[0][0] > 0:
        opening = _OPENINGS.match(norm)
        if opening:
            # last, as the reference counts it: the mean is then the same to the last bit
            out.append((0, _OPENING_VALUES[opening.lastindex - 1]))
    return out
