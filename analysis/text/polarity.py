"""Fast re-implementation of TextBlob's PatternAnalyzer polarity.

TextBlob's own tokenizer and analyzer cost ~160 microseconds a comment, which alone
uses most of the 5,000 comments/second budget. The lexicon (en-sentiment.xml) and the
scoring rules (modifiers, negation, "!" boost, emoticons) are reused exactly from
TextBlob; only the tokenizer is a simpler regex one, so scores match TextBlob on the
vast majority of comments (checked in tests/analysis/text/test_sentiment.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

_PUNCT = ".,;:!?()[]{}`'\"@#$^&*+-|=~_"
_QUOTES = re.compile(r"[\"'‘’“”]")
_STRIP = re.compile(r"^([%s]*)(.*?)([%s]*)$" % (re.escape(_PUNCT), re.escape(_PUNCT)), re.S)
_NEGATIONS = frozenset(("no", "not", "n't", "never"))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict, dict]:
    """word -> (polarity, intensity, is_modifier); emoticon -> polarity. Loaded once."""
    from textblob.en import sentiment as pattern_sentiment
    from textblob._text import EMOTICONS

    pattern_sentiment.load() if dict.__len__(pattern_sentiment) == 0 else None
    lex = {}
    for word, by_pos in dict.items(pattern_sentiment):
        if None not in by_pos:
            continue
        p, _s, i = by_pos[None]
        lex[word] = (p, i, "RB" in by_pos)
    emo = {}
    for (_kind, p), faces in EMOTICONS.items():
        for face in faces:
            emo.setdefault(face.lower(), p)
    return lex, emo


_CHUNKS: dict[str, tuple[str, ...]] = {}  # whitespace-separated chunk -> its tokens (memo)


def _chunk_tokens(chunk: str, emo: dict) -> tuple[str, ...]:
    if chunk in emo:
        return (chunk,)
    out = []
    lead, core, tail = _STRIP.match(chunk).groups()
    if core:
        out.append(core)
    bangs = tail.count("!") if core else (lead + tail).count("!")
    out.extend("!" * bangs)
    if "(!)" in lead + core + tail:
        out.append("(!)")
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Lower-cased tokens close to TextBlob's find_tokens (quotes split off, punctuation
    stripped from word edges, "!" kept as its own token)."""
    _lex, emo = _lexicon()
    out = []
    memo = _CHUNKS
    for chunk in _QUOTES.sub(" ' ", text.lower()).split():
        found = memo.get(chunk)
        if found is None:
            found = _chunk_tokens(chunk, emo)
            if len(memo) < 200_000:
                memo[chunk] = found
        out.extend(found)
    return out


def polarity(text: str) -> float:
    """TextBlob PatternAnalyzer polarity in [-1, 1] (0.0 when no known words)."""
    return polarity_and_count(text)[0]


def polarity_and_count(text: str) -> tuple[float, int]:
    """(TextBlob polarity, number of scored words): the count lets callers weigh it."""
    lex, emo = _lexicon()
    a: list[list] = []  # [polarity, intensity, negated(-1)/1]
    m = None  # preceding modifier word
    n = None  # preceding negation
    for w in tokens(text):
        e = lex.get(w)
        if e is not None:
            p, i, is_mod = e
            if m is None:
                a.append([p, i, 1])
            else:
                last = a[-1]
                last[0] = max(-1.0, min(p * last[1], 1.0))
                last[1] = i
            if n is not None:
                a[-1][1] = 1.0 / a[-1][1]
                a[-1][2] = -1
            m = w if is_mod else None
            n = w if w in _NEGATIONS else None
            continue
        if w in _NEGATIONS:
            n = w
        elif n and len(w.strip("'")) > 1:
            n = None
        if n is not None and m is not None and m.endswith("ly"):
            a[-1][2] = -1
            n = None
        elif m and len(w) > 2:
            m = None
        if w == "!" and a:
            a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, 1.0))
        elif w == "(!)":
            a.append([0.0, 1.0, 1])
        elif w in emo:
            a.append([emo[w], 1.0, 1])
    if not a:
        return 0.0, 0
    return sum(p * -0.5 if neg < 0 else p for p, _i, neg in a) / len(a), len(a)
