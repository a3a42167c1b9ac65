"""A text model that learns themes and sentiment from comments people have coded.

TF-IDF on word 1-2-grams plus character 2-5-grams (robust to misspellings) plus the
codebook's own theme hits as indicator features, one linear SVM per theme with a
per-theme decision threshold chosen by cross-validation on the training data only, and a
logistic regression for sentiment that can also use the respondent's rating.

Choices (unweighted classes, codebook indicators at weight 0.5 for themes; logistic
regression C=3 for sentiment) were made by cross-validation inside the eval train split
only (themes 3-fold: micro-F1 0.609 -> 0.655; sentiment 5-fold with rating 0.817 ->
0.829), never on its test part.

Storage: to_bytes() pickles the model. Pickle can run code when loaded, so from_bytes()
must only ever be given bytes that to_bytes() produced and that we stored ourselves (e.g.
in our own database), never bytes uploaded by a user.
"""
from __future__ import annotations

import pickle
from typing import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import FeatureUnion
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

_MAGIC = b"voice_app.TextModel.v1\n"
MIN_EXAMPLES = 5  # themes with fewer training examples are not learned (too few to learn from)
SENTIMENT_C = 3.0  # logistic regression, unweighted classes (CV on train: 0.829 vs 0.817 for the SVM)
CODEBOOK_WEIGHT = 0.5  # scale of the codebook theme indicators next to the TF-IDF features


def _features() -> FeatureUnion:
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True,
                                  token_pattern=r"(?u)\b\w+\b|[^\w\s]")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                  lowercase=True, max_features=150_000)),
    ])


def _rating_features(ratings, n: int) -> sparse.csr_matrix:
    """One-hot of the 1..5 rating (all zeros when missing)."""
    rows = np.zeros((n, 5))
    if ratings is not None:
        for i, r in enumerate(ratings):
            if r is not None and not (isinstance(r, float) and np.isnan(r)) and 1 <= int(r) <= 5:
                rows[i, int(r) - 1] = 1.0
    return sparse.csr_matrix(rows)


def _tune_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """Decision threshold that maximises F1 on cross-validated scores."""
    best_t, best_f1 = 0.0, -1.0
    for t in np.unique(np.round(np.clip(scores, -1.5, 1.5), 2)):
        pred = scores >= t
        tp = np.sum(pred & truth)
        f1 = 2 * tp / (pred.sum() + truth.sum()) if tp else 0.0
        if f1 > best_f1:
            best_t, best_f1 = float(t), f1
    return best_t


class TextModel:
    def __init__(self):
        self.features = None
        self.labels: list[str] = []
        self.theme_models: list[LinearSVC] = []
        self.thresholds: list[float] = []
        self.sentiment_model = None  # LogisticRegression (LinearSVC in older stored models)
        self.uses_rating = False
        self.codebook = None  # Codebook whose theme hits are extra theme features (None: not used)
        self.codebook_weight = 0.0

    @property
    def has_sentiment(self) -> bool:
        return self.sentiment_model is not None

    @classmethod
    def train(cls, texts: Sequence[str], theme_labels: Sequence[Sequence[str]],
              sentiments: Sequence[str] | None = None, ratings: Sequence[int | None] | None = None,
              folds: int = 4, C: float = 0.5, codebook=None,
              progress: Callable[[int, int], None] | None = None) -> "TextModel":
        """Learn from coded comments. sentiments entries may be None (not labelled);
        ratings (1 worst .. 5 best) are used as extra sentiment features when given;
        codebook (default: the packaged one) supplies theme indicator features;
        progress(done, total) hears each theme learned, then the feelings."""
        texts = ["" if t is None else str(t) for t in texts]
        if len(theme_labels) != len(texts):
            raise ValueError("theme_labels must be the same length as texts")
        self = cls()
        self.features = _features()
        X = self.features.fit_transform(texts)
        if codebook is None:
            from .codebook import default_codebook
            codebook = default_codebook()
        self.codebook, self.codebook_weight = codebook, CODEBOOK_WEIGHT
        Xt = self._theme_matrix(X, texts)
        counts: dict[str, int] = {}
        for labels in theme_labels:
            for label in set(labels):
                counts[label] = counts.get(label, 0) + 1
        self.labels = sorted(l for l, c in counts.items() if c >= min(MIN_EXAMPLES, len(texts) // 2 or 1)
                             and c < len(texts))
        kfold = KFold(n_splits=min(folds, len(texts)), shuffle=True, random_state=0)
        steps = len(self.labels) + (sentiments is not None)
        tell = progress or (lambda done, total: None)
        tell(0, steps)
        for done, label in enumerate(self.labels, 1):
            y = np.array([label in labels for labels in theme_labels])
            model = LinearSVC(C=C)
            cv_scores = cross_val_predict(model, Xt, y, cv=kfold, method="decision_function")
            self.thresholds.append(_tune_threshold(cv_scores, y))
            self.theme_models.append(model.fit(Xt, y))
            tell(done, steps)
        if sentiments is not None:
            keep = [i for i, s in enumerate(sentiments) if s]
            if len({sentiments[i] for i in keep}) >= 2:
                self.uses_rating = ratings is not None
                Xs = self._sentiment_matrix(X[keep], [ratings[i] for i in keep] if ratings is not None else None)
                model = LogisticRegression(C=SENTIMENT_C, max_iter=2000)
                self.sentiment_model = model.fit(Xs, [sentiments[i] for i in keep])
            tell(steps, steps)
        return self

    def _theme_matrix(self, X, texts):
        """TF-IDF plus the codebook's theme hits (0/1 per codebook theme, scaled)."""
        codebook = getattr(self, "codebook", None)  # models pickled before this had none
        if codebook is None or not getattr(self, "codebook_weight", 0.0):
            return X
        ids = {t.id: j for j, t in enumerate(codebook.themes)}
        hits = np.zeros((len(texts), len(ids)))
        for i, text in enumerate(texts):
            for theme_id in codebook.code(text):
                hits[i, ids[theme_id]] = self.codebook_weight
        return sparse.hstack([X, sparse.csr_matrix(hits)], format="csr")

    def _sentiment_matrix(self, X, ratings):
        if not self.uses_rating:
            return X
        return sparse.hstack([X, _rating_features(ratings, X.shape[0])], format="csr")

    def predict_themes(self, texts) -> list[list[str]]:
        texts = ["" if t is None else str(t) for t in texts]
        if not self.labels:
            return [[] for _ in texts]
        X = self._theme_matrix(self.features.transform(texts), texts)
        scores = np.column_stack([m.decision_function(X) for m in self.theme_models])
        hits = scores >= np.array(self.thresholds)
        return [[self.labels[j] for j in np.flatnonzero(row)] for row in hits]

    def predict_sentiment(self, texts, ratings=None) -> list[str]:
        if self.sentiment_model is None:
            raise ValueError("this model was trained without sentiment labels")
        texts = ["" if t is None else str(t) for t in texts]
        X = self._sentiment_matrix(self.features.transform(texts), ratings)
        return [str(s) for s in self.sentiment_model.predict(X)]

    def predict_sentiment_scores(self, texts, ratings=None) -> tuple[list[str], list[float] | None]:
        """(labels, scores): score = P(positive) - P(negative) in [-1, 1], so that a stored score
        agrees with the learned label; scores None for older stored models without probabilities."""
        if self.sentiment_model is None:
            raise ValueError("this model was trained without sentiment labels")
        texts = ["" if t is None else str(t) for t in texts]
        X = self._sentiment_matrix(self.features.transform(texts), ratings)
        labels = [str(s) for s in self.sentiment_model.predict(X)]
        if not hasattr(self.sentiment_model, "predict_proba"):
            return labels, None
        classes = [str(c) for c in self.sentiment_model.classes_]
        proba = self.sentiment_model.predict_proba(X)
        pos = proba[:, classes.index("positive")] if "positive" in classes else np.zeros(len(texts))
        neg = proba[:, classes.index("negative")] if "negative" in classes else np.zeros(len(texts))
        return labels, [round(float(p - n), 4) for p, n in zip(pos, neg)]

    def to_bytes(self) -> bytes:
        return _MAGIC + pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> "TextModel":
        """Load bytes produced by to_bytes(). Only pass our own stored bytes (pickle)."""
        if not data.startswith(_MAGIC):
            raise ValueError("not a voice_app TextModel (wrong header)")
        model = pickle.loads(data[len(_MAGIC):])
        if not isinstance(model, cls):
            raise ValueError("bytes did not contain a TextModel")
        return model
