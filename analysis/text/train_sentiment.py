"""Train the sentiment coder's learned half and write it where the package loads it from.

    python -m analysis.text.train_sentiment --out analysis/text/sentiment_model.npz

Data: the train sides (split once by paraphrase family, evaluate.family_is_train) of the
children's sentiment sets in tests/data: children_sentiment.csv, written with the rules, and
children_sentiment_round3.csv, written by two writers who never saw the rules. The test sides
are never read here. Fixed seeds: the same inputs give the same file.

The model speaks only where the rules find no evidence (sentiment._sentiment), so what it is
judged on is the rules and the model together. Its confidence threshold is chosen on
out-of-fold predictions (folds grouped by family) for the third round's train side only:
the rules were tuned on the first set, so the first set would make any change to them look
worse than it is.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from .evaluate import read_children_sentiment
from .screen_model import hashed
from .sentiment import read_by_rules
from .sentiment_lexicon import spell_out
from .sentiment_model import MODEL_PATH, SentimentModel, softmax
from .train_screen import fit_part

REPO = Path(__file__).resolve().parents[2]
SETS = (REPO / "tests" / "data" / "children_sentiment.csv", REPO / "tests" / "data" / "children_sentiment_round3.csv")
C = 1.0  # inverse regularisation; 1.0 and 4.0 were within 0.005 out of fold
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.34, 0.91, 0.01), 2)


def rules_reading(texts: list[str]) -> tuple[list[str], list[str | None]]:
    """The rules' labels, and the spelled-out text of each comment they could not read."""
    readings = [read_by_rules(text) for text in texts]
    return [label for label, _score, _norm in readings], [norm for _label, _score, norm in readings]


def spelled(texts: list[str]) -> list[str]:
    """Every comment as the model reads it (the rules' spelling), read or not."""
    return [spell_out(text.lower().replace("’", "'"))[0] for text in texts]


def combined(rules: list[str], unread: list[str | None], probabilities: np.ndarray, classes, threshold: float):
    best = probabilities.argmax(axis=1)
    return np.array([classes[b] if norm is not None and p[b] >= threshold else label
                     for label, norm, b, p in zip(rules, unread, best, probabilities)])


def choose_threshold(first: pd.DataFrame, third: pd.DataFrame) -> tuple[float, dict]:
    """The threshold that makes rules and model most accurate on the third round's train side,
    out of fold; ties go to the higher threshold (the model speaks less)."""
    texts = first["text"].tolist() + third["text"].tolist()
    labels = np.array(first["sentiment"].tolist() + third["sentiment"].tolist())
    counts = hashed(spelled(texts))
    families = np.array(first["family"].tolist() + third["family"].tolist())
    held = np.arange(len(first), len(texts))
    probabilities = np.zeros((len(held), 3))
    classes = None
    for fit_rows, held_rows in GroupKFold(n_splits=FOLDS).split(held, groups=families[held]):
        rows = np.r_[np.arange(len(first)), held[fit_rows]]
        part = fit_part(counts, labels, rows, C)
        probabilities[held_rows] = softmax(part.scores((counts[0][held[held_rows]], counts[1][held[held_rows]])))
        classes = tuple(sorted(set(labels[rows])))
    rules, unread = rules_reading(third["text"].tolist())
    truth = third["sentiment"].to_numpy()
    accuracy = {float(t): float(np.mean(combined(rules, unread, probabilities, classes, t) == truth))
                for t in THRESHOLDS}
    best = max(accuracy, key=lambda t: (round(accuracy[t], 4), t))
    return best, {"rules": float(np.mean(np.array(rules) == truth)), "combined": accuracy[best]}


def train(first: pd.DataFrame, third: pd.DataFrame) -> SentimentModel:
    first, third = first[first["train"]], third[third["train"]]
    threshold, figures = choose_threshold(first, third)
    both = pd.concat([first, third], ignore_index=True)
    counts = hashed(spelled(both["text"].tolist()))
    labels = both["sentiment"].to_numpy()
    part = fit_part(counts, labels, np.arange(len(both)), C).rounded()
    classes = tuple(sorted(set(labels)))  # the order of LogisticRegression.classes_
    info = (f"trained on {len(first)} + {len(third)} train-side children's comments; C={C}; threshold {threshold} "
            f"chosen out of fold ({FOLDS} folds by family) on the third round's train side: rules "
            f"{figures['rules']:.3f}, rules and model {figures['combined']:.3f}")
    return SentimentModel(part, classes, threshold, info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    model = train(*(read_children_sentiment(path) for path in SETS))
    model.save(args.out)
    print(f"{args.out}: {model.info}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
