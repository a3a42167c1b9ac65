"""Word cloud and ranked theme counts for a set of comments."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

import pandas as pd

from .codebook import Codebook, default_codebook

# Survey-answer filler that would otherwise dominate every cloud. Deliberately NOT stopped:
# "staff", "waiting", "helpful", "rude", "listened" - those carry the message. "good" and
# "nothing" are stopped because "nothing, all good" is the most common non-answer.
SURVEY_STOP_WORDS = {
    "nothing", "good", "really", "very", "just", "also", "get", "got", "would", "could", "think", "thing",
    "things", "lot", "bit", "much", "always", "everything", "anything", "something", "n/a", "na", "none",
    "yes", "no", "ok", "okay", "dont", "don't", "didnt", "didn't", "im", "i'm", "ive", "i've", "it's", "its",
    "feel", "felt", "made", "make", "go", "went", "come", "came", "like", "know", "want", "one", "time",
    "well", "still", "even", "can", "will", "us", "also", "thats", "that's", "lol", "x", "xx", "xxx",
    "answer", "comment", "comments", "did", "not", "say", "said",
}
_WORD = re.compile(r"[a-z][a-z']+")
MIN_WORDS = 3  # fewer distinct words than this is not a cloud; the caller shows a message


def word_cloud(texts: Iterable[str], width: int = 800, height: int = 400):
    """PIL image of a word cloud, or None when there is too little text."""
    from wordcloud import STOPWORDS, WordCloud

    stop = set(STOPWORDS) | SURVEY_STOP_WORDS
    words = [w.strip("'") for t in texts if t for w in _WORD.findall(str(t).lower())]
    counts = Counter(w for w in words if len(w) > 1 and w not in stop)
    if len(counts) < MIN_WORDS:
        return None
    cloud = WordCloud(width=width, height=height, background_color="white", collocations=False,
                      stopwords=stop, random_state=42, max_words=150)
    return cloud.generate_from_frequencies(counts).to_image()


def top_themes(codings, codebook: Codebook | None = None) -> pd.DataFrame:
    """Ranked theme counts (columns theme, name, count) from Coding objects or theme-id lists."""
    codebook = codebook or default_codebook()
    counts: Counter = Counter()
    for item in codings:
        themes = getattr(item, "themes", item)
        if isinstance(themes, str):
            themes = [t for t in themes.split(";") if t]
        counts.update(set(themes))
    names = {t.id: t.name for t in codebook.themes}
    rows = [{"theme": tid, "name": names.get(tid, tid), "count": n} for tid, n in counts.items()]
    df = pd.DataFrame(rows, columns=["theme", "name", "count"])
    return df.sort_values(["count", "theme"], ascending=[False, True], ignore_index=True)
