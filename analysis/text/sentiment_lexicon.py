"""Words for sentiment.py: spelling (text-speak and stretched letters to standard words) and the
value of each scored word of a clause, with negation, "too" and intensifiers, on TextBlob's
lexicon with the children's WORDS on top (the tables are in sentiment_words.py)."""
from __future__ import annotations

import re

from . import sentiment_words as W
from .polarity import emoticons, lexicon
from .prefilter import TOKEN

_SPELL_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STRETCH = re.compile(r"([a-z])\1{2,}")


def merged_lexicon() -> dict:
    """TextBlob's lexicon with the children's WORDS on top (None there removes a word)."""
    merged = dict(lexicon())
    for word, value in W.WORDS.items():
        if value is None:
            merged.pop(word, None)
        else:
            merged[word] = (value, 1.0, False)
    for word in W.NEGATORS:
        merged.pop(word, None)  # a negation turns the next word; it is not itself scored
    return merged


_LEX: dict = {}
_KNOWN: set = set()
_SPELLED: dict[str, tuple[str, bool]] = {}  # word -> (spelled-out form, was stretched) (memo)


def children_lexicon() -> dict:
    if not _LEX:
        _LEX.update(merged_lexicon())
        _KNOWN.update(_LEX, W.SPELLING, W.INTENSIFIERS, W.NEGATORS, W.FILLERS, W.CLAUSE_BREAKS, ("too", "like"))
    return _LEX


def spell_word(word: str) -> tuple[str, bool]:
    """One word's standard form, and whether its letters were stretched ("sooo", "funnn")."""
    found = _SPELLED.get(word)
    if found is None:
        shrunk, stretched = word, False
        if _STRETCH.search(word):
            children_lexicon()
            two = _STRETCH.sub(r"\1\1", word)
            shrunk = two if two in _KNOWN else _STRETCH.sub(r"\1", word)
            stretched = True
        found = (W.SPELLING.get(shrunk, shrunk), stretched)
        if len(_SPELLED) < 200_000:
            _SPELLED[word] = found
    return found


# A comment with none of SPELLING's plain words, no apostrophe or hyphen (for "don't",
# "no-one") and no stretched letters is already spelled out.
_SPELLING_WORDS = frozenset(w for w in W.SPELLING if TOKEN.fullmatch(w))


def spell_out_quickly(low: str, words: set) -> tuple[str, frozenset]:
    """spell_out(low), quickly when there is nothing to change; words = set(TOKEN.findall(low))."""
    if words.isdisjoint(_SPELLING_WORDS) and "'" not in low and "-" not in low and not _STRETCH.search(low):
        return low, frozenset()
    return spell_out(low)


def spell_out(low: str) -> tuple[str, frozenset]:
    """low (lower-cased, ’ straightened) with SPELLING applied word by word and stretched
    letters shrunk, and the set of spelled-out words that were stretched."""
    stretched = []

    def one(match: re.Match) -> str:
        word, was_stretched = spell_word(match.group())
        if was_stretched:
            stretched.append(word)
        return word

    return _SPELL_WORD.sub(one, low), frozenset(stretched)


def word_values(toks: list[str], stretched: frozenset) -> list[float]:
    """The sentiment of each scored word of one clause, with negation, "too" and intensifiers."""
    lex, emo = children_lexicon(), emoticons()
    special, fillers, negators = _special(), W.FILLERS, W.NEGATORS
    out: list[float] = []
    reach = 0  # words a negation still reaches
    silent = 0  # nonzero while the negation can make a silent verb a complaint
    boost = 1.0  # from an intensifier or modifier just before
    n = len(toks)
    i = 0
    while i < n:
        w = toks[i]
        entry = lex.get(w)
        if entry is None and w not in special:  # most words: not scored, not a rule word
            if w not in fillers:
                boost = 1.0
                if reach:
                    reach -= 1
            i += 1
            continue
        if w == "like":  # praise after a subject, but "treat you like a number" compares
            entry = (0.5, 1.0, False) if i and toks[i - 1] in W.LIKE_AFTER and (
                i + 1 == n or toks[i + 1] not in ("a", "an")) else None
        if w == "too" or (w == "to" and i + 1 < n and toks[i + 1] in W.TO_FOR_TOO):
            after = toks[i + 1: i + 3]
            if after and after[0] in ("much", "many") and len(after) > 1 and _praise(lex, after[1]):
                after = after[1:]
            if after and _praise(lex, after[0]):
                boost = W.INTENSIFIERS["too"]  # "too good", "too much fun": praise
                i += 1
                continue
            if after and after[0] not in fillers and after[0] not in negators:
                value = W.TOO_VALUE * (W.STRETCHED_BOOST if w in stretched else 1.0)
                out.append(-0.5 * value if reach else value)
                reach, boost = 0, 1.0
                i += 2  # the word after "too" is the complaint, not praise ("too hot", "too quiet")
                continue
            i += 1
            continue
        if entry is not None:
            p, intensity, is_modifier = entry
            if is_modifier and i + 1 < n and lex.get(toks[i + 1]) is not None:
                boost *= intensity  # "very good": the modifier scales the word after it
                i += 1
                continue
            if w in stretched:
                p *= W.STRETCHED_BOOST
            p = max(-1.0, min(1.0, p * boost))
            if reach:
                p, reach = -0.5 * p, 0
            out.append(p)
            boost = 1.0
        elif w in negators:
            reach = W.NEGATION_REACH
            silent = reach if w in W.SILENT_NEGATORS else 0
        elif w in W.SILENT_VERBS:
            if reach and silent:
                # "nobody rings me back", "they dont knock": a complaint, unless the negation
                # is for a word of feeling after the verb ("nobody says anything mean")
                if not _scored_within(lex, toks, i + 1, reach):
                    out.append(W.SILENT_NEGATED)
                    reach = 0
            elif w in W.SILENT_AFFIRMED:
                out.append(W.SILENT_AFFIRMED[w])
            boost = 1.0
        elif w in W.NEGATION_STOPS:
            reach = 0
        elif w in W.INTENSIFIERS:
            boost = W.INTENSIFIERS[w] * (W.STRETCHED_BOOST if w in stretched else 1.0)
        elif w == "!":
            if out:
                out[-1] = max(-1.0, min(1.0, out[-1] * 1.25))
        elif w in emo:
            out.append(emo[w])
        elif w not in fillers:
            boost = 1.0
            if reach:
                reach -= 1
        i += 1
    return out


_SPECIAL: set = set()


def _special() -> set:
    """Words (and marks) with a rule of their own in _word_values, besides scored words."""
    if not _SPECIAL:
        _SPECIAL.update(W.NEGATORS, W.NEGATION_STOPS, W.INTENSIFIERS, W.SILENT_VERBS, emoticons(),
                        ("!", "too", "to", "like"))
    return _SPECIAL


def _scored_within(lex: dict, toks: list[str], start: int, reach: int) -> bool:
    """A word of clear sentiment (or "too") among the next reach words."""
    for w in toks[start: start + reach]:
        if w == "too":
            return True
        entry = lex.get(w)
        if entry is not None and abs(entry[0]) >= 0.1:
            return True
    return False


def _praise(lex: dict, word: str) -> bool:
    entry = lex.get(word)
    return entry is not None and entry[0] >= 0.5
