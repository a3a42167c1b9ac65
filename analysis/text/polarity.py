"""Fast re-implementation of TextBlob's PatternAnalyzer polarity.

TextBlob's own tokenizer and analyzer cost ~160 microseconds a comment, which alone
uses most of the 5,000 comments/second budget. The lexicon (TextBlob's en-sentiment.xml
data file, read and averaged here as TextBlob's loader does) and the scoring rules
(modifiers, negation, "!" boost, emoticons) are TextBlob's, and no private TextBlob module
is imported; only the tokenizer is a simpler regex one, so scores match TextBlob on the
vast majority of comments (checked in tests/analysis/text/test_sentiment.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

_PUNCT = ".,;:!?()[]{}`'\"@#$^&*+-|=~_"
_QUOTES = re.compile(r"[\"'‘’“”]")
_STRIP = re.compile(r"^([%s]*)(.*?)([%s]*)$" % (re.escape(_PUNCT), re.escape(_PUNCT)), re.S)
_NEGATIONS = frozenset(("no", "not", "n't", "never"))


# TextBlob's emoticons and their polarity (from pattern, BSD licence), kept here so that no
# private TextBlob module is imported.
_EMOTICONS = {
    1.00: ("<3", "♥", ">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D"),
    0.75: (">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)"),
    0.50: (">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)"),
    0.25: (">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)"),
    0.05: (">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°"),
    -0.25: (">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>"),
    -0.75: (">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/"),
    -1.00: (":'(", ":'''(", ";'("),
}


def _mean(values) -> float:
    values = list(values)
    return sum(values) / float(len(values) or 1)


def _read_sentiment_xml() -> dict:
    """word -> {part of speech (None: all) -> (polarity, subjectivity, intensity)}, read from the
    en-sentiment.xml data file shipped with TextBlob and averaged as TextBlob's loader does."""
    from importlib.resources import files
    from xml.etree import ElementTree

    root = ElementTree.fromstring(files("textblob.en").joinpath("en-sentiment.xml").read_bytes())
    senses: dict = {}
    for node in root.iter("word"):
        form = node.attrib.get("form")
        if form:
            psi = (float(node.attrib.get("polarity", 0.0)), float(node.attrib.get("subjectivity", 0.0)),
                   float(node.attrib.get("intensity", 1.0)))
            senses.setdefault(form, {}).setdefault(node.attrib.get("pos"), []).append(psi)
    words = {}
    for form, by_pos in senses.items():
        averaged = {pos: tuple(_mean(v) for v in zip(*psi)) for pos, psi in by_pos.items()}
        averaged[None] = tuple(_mean(v) for v in zip(*averaged.values()))
        words[form] = averaged
    # TextBlob's English loader also scores the adverb of every adjective ("terribly").
    for form, by_pos in list(words.items()):
        if "JJ" in by_pos:
            stem = form[:-1] + "i" if form.endswith("y") else form
            stem = stem[:-2] if stem.endswith("le") else stem
            entry = words.setdefault(stem + "ly", {})
            entry["RB"] = entry[None] = by_pos["JJ"]
    return words


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict, dict]:
    """word -> (polarity, intensity, is_modifier); emoticon -> polarity. Loaded once."""
    lex = {}
    for word, by_pos in _read_sentiment_xml().items():
        p, _s, i = by_pos[None]
        lex[word] = (p, i, "RB" in by_pos)
    emo = {}
    for p, faces in _EMOTICONS.items():
        for face in faces:
            emo.setdefault(face.lower(), p)
    return lex, emo


def lexicon() -> dict:
    """TextBlob's word lexicon: word -> (polarity, intensity, is_modifier). Read only."""
    return _lexicon()[0]


def emoticons() -> dict:
    """Emoticon -> polarity. Read only."""
    return _lexicon()[1]


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
