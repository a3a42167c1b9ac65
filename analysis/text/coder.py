"""One call that codes a comment: themes, sentiment and the safeguarding screen."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import pandas as pd

from .codebook import Codebook, default_codebook
from .language import codebook_can_read
from .prefilter import TOKEN
from .safeguarding import screen_many
from .sentiment import _sentiment, decide

if TYPE_CHECKING:
    from .model import TextModel


@dataclass(frozen=True)
class Coding:
    themes: tuple[str, ...]
    sentiment: str
    sentiment_score: float
    flagged: bool
    flag_reason: str | None
    codebook_version: str
    flag_level: str | None = None  # concern (to the lead at once), check (lower priority); None: not flagged
    readable: bool = True  # English (or no words): False for a comment the codebook cannot read


def code_comment(text: str, rating: int | None = None, codebook: Codebook | None = None,
                 model: "TextModel | None" = None) -> Coding:
    """Code one comment. With a model, themes and sentiment come from it (the model speaks
    the labels it was trained on); the safeguarding screen is always the shipped one
    (rules and its own model), never an organisation's theme model."""
    return code_many([text], [rating], codebook, model)[0]


def code_many(texts: Sequence[str], ratings=None, codebook: Codebook | None = None,
              model: "TextModel | None" = None) -> list[Coding]:
    """Code many comments; the model (if any) predicts the whole batch at once."""
    codebook = codebook or default_codebook()
    texts = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    ratings = list(ratings) if ratings is not None else [None] * len(texts)
    if len(ratings) != len(texts):
        raise ValueError("ratings must be the same length as texts")
    model_sentiment = model_scores = None
    if model is not None:
        model_themes = model.predict_themes(texts)
        if model.has_sentiment:
            model_sentiment, model_scores = model.predict_sentiment_scores(texts, ratings)
    version = codebook.version
    readable = {text: codebook_can_read(text) for text in dict.fromkeys(texts)}
    screened = screen_many(texts, readable=readable)  # one batch for the screen's model, each distinct text once
    by_text: dict = {}  # text -> themes: surveys repeat "nothing", "good"...
    by_pair: dict = {}  # (text, rating) -> the rules' (label, score, unread)
    # The codebook's own rules, run on words worked out once (unless code() is overridden).
    fast_code = codebook._code_low if type(codebook).code is Codebook.code else None
    hits, themes_of = [], []
    for i, (text, rating) in enumerate(zip(texts, ratings)):
        low = words = None
        try:
            pair = (text, rating)
            hit = by_pair.get(pair)
        except TypeError:  # unhashable rating: no reuse
            pair, hit = None, None
        if hit is None:
            # One lower-casing and one word list serve the sentiment rules and the codebook.
            low = text.lower().replace("’", "'")
            words = set(TOKEN.findall(low))
            hit = _sentiment(text, rating, low, words)
            if pair is not None:
                by_pair[pair] = hit
        hits.append(hit)
        themes = by_text.get(text)
        if themes is None and model is not None:
            themes = tuple(model_themes[i])
        elif themes is None:
            if fast_code is None:
                themes = tuple(codebook.code(text))
            elif not text:
                themes = ()
            else:
                if low is None:
                    low = text.lower().replace("’", "'")
                    words = set(TOKEN.findall(low))
                # codebook.normalise(text) straightens ‘ too; the words are the same either way
                themes = tuple(fast_code(low.replace("‘", "'") if "‘" in low else low, words))
            by_text[text] = themes
        themes_of.append(themes)
    # What the rules could not read, the learned model decides: one batch, each text once
    # (not asked when the organisation's own model gives every comment's label and score).
    unread = sorted({hit[2] for hit in hits if hit[2] is not None}) if model_scores is None else []
    decided = dict(zip(unread, decide(unread)))
    out = []
    for i, ((label, score, norm), themes, flag) in enumerate(zip(hits, themes_of, screened)):
        if norm is not None and norm in decided:
            label, score = decided[norm]
        if model_sentiment is not None:
            # The organisation's workers taught the model: its label (and score) stand.
            label = model_sentiment[i]
            score = model_scores[i] if model_scores is not None else score
        out.append(Coding(themes, label, score, flag.flagged, flag.reason, version, flag.level, readable[texts[i]]))
    return out


def code_frame(df: pd.DataFrame, text_column: str, rating_column: str | None = None) -> pd.DataFrame:
    """Copy of df with columns themes (";"-joined ids), sentiment, sentiment_score,
    flagged, flag_reason, flag_level (concern or check; empty when not flagged)."""
    if text_column not in df.columns:
        raise ValueError(f"column {text_column!r} not found; columns are {list(df.columns)}")
    if rating_column is not None and rating_column not in df.columns:
        raise ValueError(f"column {rating_column!r} not found; columns are {list(df.columns)}")
    ratings = None
    if rating_column is not None:
        ratings = [None if pd.isna(r) else int(r) for r in df[rating_column]]
    codings = code_many(df[text_column].tolist(), ratings)
    out = df.copy()
    out["themes"] = [";".join(c.themes) for c in codings]
    out["sentiment"] = [c.sentiment for c in codings]
    out["sentiment_score"] = [c.sentiment_score for c in codings]
    out["flagged"] = [c.flagged for c in codings]
    out["flag_reason"] = [c.flag_reason for c in codings]
    out["flag_level"] = [c.flag_level for c in codings]
    return out
