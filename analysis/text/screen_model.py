"""The learned half of the safeguarding screen: a linear model over word and character
n-grams that catches new wordings of the kinds of disclosure the rules were never written for.

Why this shape: the model ships inside the package and must load with any scikit-learn
release and without the internet, so nothing is pickled. Features come from
`HashingVectorizer` (stateless: the same text always hashes to the same columns), and the
file `screen_model.npz` holds only plain arrays: which hashed columns are kept, their IDF
weights, and the logistic-regression coefficients. Prediction is sparse algebra in numpy
and scipy. `python -m analysis.text.train_screen` rebuilds the file.

Texts reach this module already normalised by `safeguarding.normalise` (lower case, no
apostrophes, slang spelled out), so the rules and the model read the same words.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

MODEL_PATH = Path(__file__).with_name("screen_model.npz")
FORMAT = 1
N_FEATURES = 2 ** 20  # per block; wide enough that collisions between kept n-grams are rare

# Word 1-2-grams read phrases ("comes in my room"); character 2-5-grams inside word
# boundaries read misspellings and text-speak ("nite", "wen", "kms").
_WORDS = HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b",
                           n_features=N_FEATURES, alternate_sign=False, norm=None, lowercase=False)
_CHARS = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=N_FEATURES,
                           alternate_sign=False, norm=None, lowercase=False)


def hashed(norm_texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Raw n-gram counts of normalised texts: (words, characters)."""
    texts = list(norm_texts)
    return _WORDS.transform(texts), char_counts(texts)


def char_counts(texts: list[str]) -> sparse.csr_matrix:
    """The same counts as _CHARS.transform(texts), each distinct word hashed once.

    char_wb n-grams never cross a word edge, so a text's counts are the sum of its words'
    counts; words repeat across comments, and hashing every n-gram of every comment was
    most of the time code_many spent on the screen."""
    column: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for text in texts:
        indices.extend(column.setdefault(word, len(column)) for word in text.split())
        indptr.append(len(indices))
    words = sparse.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr)),
                              shape=(len(texts), len(column)))
    if not column:
        return sparse.csr_matrix((len(texts), N_FEATURES))
    return (words @ _CHARS.transform(list(column))).tocsr()


@dataclass(frozen=True)
class Vocabulary:
    """The hashed columns a model reads, with their IDF weights."""
    columns: np.ndarray  # sorted hashed column ids
    idf: np.ndarray

    @classmethod
    def fit(cls, counts: sparse.csr_matrix, min_df: int = 2) -> "Vocabulary":
        """Columns seen in at least min_df texts; smoothed IDF as TfidfTransformer computes it."""
        df = np.bincount(counts.indices, minlength=counts.shape[1]) if counts.nnz else np.zeros(counts.shape[1])
        columns = np.flatnonzero(df >= min_df)
        n = counts.shape[0]
        idf = np.log((1 + n) / (1 + df[columns])) + 1.0
        return cls(columns.astype(np.int64), idf.astype(np.float64))

    def transform(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Kept columns only, sublinear TF times IDF, each row scaled to unit length."""
        tf = counts.astype(np.float64)
        tf.data = 1.0 + np.log(tf.data)
        pick = sparse.csr_matrix((self.idf, (self.columns, np.arange(len(self.columns)))),
                                 shape=(counts.shape[1], len(self.columns)))
        return normalize(tf @ pick)


def features(words: Vocabulary, chars: Vocabulary, counts) -> sparse.csr_matrix:
    word_counts, char_counts = counts
    return sparse.hstack([words.transform(word_counts), chars.transform(char_counts)], format="csr")


@dataclass(frozen=True)
class LinearPart:
    """One logistic regression: its vocabularies, coefficients (classes x features) and intercepts."""
    words: Vocabulary
    chars: Vocabulary
    coef: np.ndarray
    intercept: np.ndarray

    def scores(self, counts) -> np.ndarray:
        x = features(self.words, self.chars, counts)
        return np.asarray(x @ self.coef.T) + self.intercept

    def arrays(self, prefix: str) -> dict:
        return {f"{prefix}_word_columns": self.words.columns.astype(np.int32),
                f"{prefix}_word_idf": self.words.idf.astype(np.float32),
                f"{prefix}_char_columns": self.chars.columns.astype(np.int32),
                f"{prefix}_char_idf": self.chars.idf.astype(np.float32),
                f"{prefix}_coef": self.coef.astype(np.float32),
                f"{prefix}_intercept": self.intercept.astype(np.float32)}

    @classmethod
    def from_arrays(cls, data, prefix: str) -> "LinearPart":
        def vocab(block):
            return Vocabulary(data[f"{prefix}_{block}_columns"].astype(np.int64),
                              data[f"{prefix}_{block}_idf"].astype(np.float64))
        return cls(vocab("word"), vocab("char"), data[f"{prefix}_coef"].astype(np.float64),
                   data[f"{prefix}_intercept"].astype(np.float64))

    def rounded(self) -> "LinearPart":
        """The same part as it will be after a round trip through the file (float32 weights)."""
        return LinearPart.from_arrays(self.arrays("p"), "p")


@dataclass(frozen=True)
class ScreenModel:
    concern: LinearPart  # one row: is this a disclosure?
    category: LinearPart  # one row per category: which kind?
    categories: tuple[str, ...]
    check_threshold: float  # probability from which a comment is flagged "check"
    concern_threshold: float  # probability from which it is flagged "concern"
    info: str = ""  # how it was trained (data sizes, seeds), for people reading the file

    def probabilities(self, norm_texts: Sequence[str], counts=None) -> np.ndarray:
        """Probability that each normalised text is a disclosure."""
        if not len(norm_texts):
            return np.zeros(0)
        counts = counts if counts is not None else hashed(norm_texts)
        return 1.0 / (1.0 + np.exp(-self.concern.scores(counts)[:, 0]))

    def categories_of(self, norm_texts: Sequence[str]) -> list[str]:
        """The most likely of the eight categories for each text."""
        if not len(norm_texts):
            return []
        best = np.argmax(self.category.scores(hashed(norm_texts)), axis=1)
        return [self.categories[i] for i in best]

    def level(self, probability: float) -> str | None:
        if probability >= self.concern_threshold:
            return "concern"
        if probability >= self.check_threshold:
            return "check"
        return None

    def save(self, path: Path) -> None:
        np.savez_compressed(path, format=np.array(FORMAT), categories=np.array(self.categories),
                            thresholds=np.array([self.check_threshold, self.concern_threshold]),
                            info=np.array(self.info), **self.concern.arrays("concern"),
                            **self.category.arrays("category"))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "ScreenModel":
        # allow_pickle=False: the file holds numbers and strings only, never code
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT:
                raise ValueError(f"{path}: screen model format {int(data['format'])}, expected {FORMAT}")
            check, concern = (float(v) for v in data["thresholds"])
            return cls(LinearPart.from_arrays(data, "concern"), LinearPart.from_arrays(data, "category"),
                       tuple(str(c) for c in data["categories"]), check, concern, str(data["info"]))


@lru_cache(maxsize=1)
def shipped_model() -> ScreenModel:
    """The model shipped with the package, loaded once per process. A missing file is an
    error, not a quiet fall-back to the rules: that would miss what the model catches."""
    return ScreenModel.load(MODEL_PATH)
