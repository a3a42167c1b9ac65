"""Emerging words: what children keep saying that no theme in the codebook covers yet."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.text.wordcloud import SURVEY_STOP_WORDS

_WORD = re.compile(r"[a-z][a-z']+")
_STOP = SURVEY_STOP_WORDS | {
    "the", "and", "a", "to", "of", "i", "it", "is", "was", "in", "my", "me", "for", "that", "you",
    "with", "on", "be", "are", "but", "they", "so", "have", "not", "at", "this", "we", "there", "do",
    "can", "more", "when", "just", "its", "it's", "im", "i'm", "dont", "don't", "as", "if", "or",
    "all", "what", "about", "our", "your", "had", "get", "were", "would", "like", "lot", "been",
}


def emerging_terms(texts: Iterable[str], themes: Iterable[str], min_count: int = 3,
                   top: int = 20) -> pd.DataFrame:
    """Words and two-word phrases frequent among comments that have no theme.

    Columns: term, comments (how many uncoded comments use it). Counted once per comment.
    """
    counts: Counter[str] = Counter()
    for text, coded in zip(texts, themes):
        if coded or not text:
            continue
        words = [w.strip("'") for w in _WORD.findall(str(text).lower())]
        words = [w for w in words if w and w not in _STOP and len(w) > 2]
        pairs = {f"{a} {b}" for a, b in zip(words, words[1:])}
        counts.update(set(words) | pairs)
    rows = [(t, n) for t, n in counts.most_common() if n >= min_count][:top]
    return pd.DataFrame(rows, columns=["term", "comments"])
