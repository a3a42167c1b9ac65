"""The learned half of the sentiment coder: decides the comments in which the rules
(sentiment.py) find no word of feeling at all.

Children often complain by telling what happened ("the letter came after the appointment",
"packed out, nowhere to sit", "had to remind him my name lol"): no word in any lexicon is
negative, so the rules say neutral. A linear model over word and character n-grams, trained
on children's comments labelled by the NHS convention, reads the shape of a complaint, a
request or praise in such comments. It speaks only where the rules are silent, and only when
it is confident: a word of feeling, a rating or a plain "nothing" always leaves the rules'
answer as it is.

Same file format as the safeguarding screen's model (screen_model.py): hashed features, plain
arrays in `sentiment_model.npz`, nothing pickled. `python -m analysis.text.train_sentiment`
rebuilds the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .screen_model import LinearPart, hashed

MODEL_PATH = Path(__file__).with_name("sentiment_model.npz")
FORMAT = 1


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row of a linear model's class scores as probabilities that sum to 1."""
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    return scores / scores.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class SentimentModel:
    part: LinearPart  # one row per class
    classes: tuple[str, ...]  # the order of the rows (LogisticRegression.classes_)
    threshold: float  # the model decides only from this probability of its best class
    info: str = ""  # how it was trained, for people reading the file

    def probabilities(self, norm_texts: Sequence[str]) -> np.ndarray:
        """Class probabilities (rows: texts, columns: self.classes) of spelled-out texts."""
        if not len(norm_texts):
            return np.zeros((0, len(self.classes)))
        return softmax(self.part.scores(hashed(norm_texts)))

    def decide(self, norm_texts: Sequence[str]) -> list[tuple[str, float] | None]:
        """(label, probability) where the model is confident, else None (the rules' neutral stands)."""
        out: list[tuple[str, float] | None] = []
        for row in self.probabilities(norm_texts):
            best = int(np.argmax(row))
            out.append((self.classes[best], float(row[best])) if row[best] >= self.threshold else None)
        return out

    def save(self, path: Path) -> None:
        np.savez_compressed(path, format=np.array(FORMAT), classes=np.array(self.classes),
                            threshold=np.array(self.threshold), info=np.array(self.info),
                            **self.part.arrays("sentiment"))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "SentimentModel":
        with np.load(path, allow_pickle=False) as data:  # numbers and strings only, never code
            if int(data["format"]) != FORMAT:
                raise ValueError(f"{path}: sentiment model format {int(data['format'])}, expected {FORMAT}")
            return cls(LinearPart.from_arrays(data, "sentiment"), tuple(str(c) for c in data["classes"]),
                       float(data["threshold"]), str(data["info"]))


@lru_cache(maxsize=1)
def shipped_model() -> SentimentModel:
    """The model shipped with the package, loaded once per process."""
    return SentimentModel.load(MODEL_PATH)
