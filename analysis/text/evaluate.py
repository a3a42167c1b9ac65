"""Measure theme coding, sentiment and the safeguarding screen on labelled files in the
NHS eval CSV format (pxtextmining framework v6 columns; see /work/shared/eval/README.md).

Scored theme labels: every sub-category column with at least MIN_TRAIN_EXAMPLES positives
in the training file, excluding the non-theme columns "Not assigned", "Labelling not
possible", "Person identifiable info?" and "Safeguarding concerns?" (the last is the
safeguarding screen's job and has ~2 examples).
"""
from __future__ import annotations

import hashlib
import time

import numpy as np
import pandas as pd

from .codebook import Codebook, default_codebook
from .coder import code_many
from .model import TextModel
from .polarity import polarity
from .safeguarding import screen
from .sentiment import fft_to_rating, label_for, rules_sentiment, sentiment

TEXT, RATING, SENTIMENT = "FFT answer", "FFT categorical answer", "Comment sentiment"
META = {"Comment ID", "Trust", "Respondent ID", "Date", "Service type 1", "Service type 2",
        RATING, "FFT question", TEXT, SENTIMENT}
NOT_THEMES = {"Not assigned", "Labelling not possible", "Person identifiable info?", "Safeguarding concerns?"}
MIN_TRAIN_EXAMPLES = 10


def read_eval(path) -> pd.DataFrame:
    df = pd.read_csv(path)
    if TEXT not in df.columns:
        raise ValueError(f"{path}: no {TEXT!r} column; not in the eval format")
    df[TEXT] = df[TEXT].fillna("").astype(str)
    return df


def label_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in META]


def theme_lists(df: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    values = df[columns].fillna(0).to_numpy() > 0
    return [[columns[j] for j in np.flatnonzero(row)] for row in values]


def sentiment_labels(df: pd.DataFrame) -> list[str | None]:
    """1-2 positive, 3 neutral (includes mixed), 4-5 negative, blank -> None (not labelled)."""
    out = []
    for v in df[SENTIMENT]:
        if pd.isna(v):
            out.append(None)
        else:
            v = int(v)
            out.append("positive" if v <= 2 else "neutral" if v == 3 else "negative")
    return out


def ratings(df: pd.DataFrame) -> list[int | None]:
    return [fft_to_rating(v) if not pd.isna(v) else None for v in df[RATING]]


def micro_macro_f1(truth: list[list[str]], pred: list[list[str]], labels: list[str]) -> tuple[float, float]:
    tp = dict.fromkeys(labels, 0); fp = dict.fromkeys(labels, 0); fn = dict.fromkeys(labels, 0)
    wanted = set(labels)
    for t, p in zip(truth, pred):
        t, p = set(t) & wanted, set(p) & wanted
        for label in t & p:
            tp[label] += 1
        for label in p - t:
            fp[label] += 1
        for label in t - p:
            fn[label] += 1
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro = 2 * total_tp / (2 * total_tp + total_fp + total_fn) if total_tp else 0.0
    per_label = [2 * tp[l] / (2 * tp[l] + fp[l] + fn[l]) if tp[l] else 0.0 for l in labels]
    return micro, float(np.mean(per_label)) if per_label else 0.0


def _accuracy(truth, pred) -> float:
    pairs = [(t, p) for t, p in zip(truth, pred) if t]
    return sum(t == p for t, p in pairs) / len(pairs) if pairs else float("nan")


def evaluate_files(train_path, test_path, codebook: Codebook | None = None) -> dict:
    train, test = read_eval(train_path), read_eval(test_path)
    codebook = codebook or default_codebook()
    columns = [c for c in label_columns(train) if c not in NOT_THEMES and c in test.columns]
    train_counts = train[columns].fillna(0).gt(0).sum()
    scored = [c for c in columns if train_counts[c] >= MIN_TRAIN_EXAMPLES]
    train_themes, test_themes = theme_lists(train, columns), theme_lists(test, scored)
    train_sent, test_sent = sentiment_labels(train), sentiment_labels(test)
    train_rating, test_rating = ratings(train), ratings(test)
    train_texts, test_texts = train[TEXT].tolist(), test[TEXT].tolist()

    # Learned model: themes + sentiment from words only, then sentiment with the rating.
    model = TextModel.train(train_texts, train_themes, train_sent)
    micro, macro = micro_macro_f1(test_themes, model.predict_themes(test_texts), scored)
    acc_words = _accuracy(test_sent, model.predict_sentiment(test_texts))
    rated = TextModel.train(train_texts, [[] for _ in train_texts], train_sent, ratings=train_rating)
    acc_rated = _accuracy(test_sent, rated.predict_sentiment(test_texts, test_rating))

    # Untrained codebook mapped to the NHS sub-categories.
    cb_pred = [sorted(codebook.nhs_categories(codebook.code(t))) for t in test_texts]
    cb_micro, cb_macro = micro_macro_f1(test_themes, cb_pred, scored)

    rules_words = _accuracy(test_sent, [sentiment(t)[0] for t in test_texts])
    rules_rated = _accuracy(test_sent, [sentiment(t, r)[0] for t, r in zip(test_texts, test_rating)])
    textblob = _accuracy(test_sent, [label_for(polarity(t)) for t in test_texts])

    flags = [screen(t)[0] for t in test_texts]
    concern = test.get("Safeguarding concerns?", pd.Series(0, index=test.index)).fillna(0).gt(0).tolist()
    safe_col = test.get("Feeling safe", pd.Series(0, index=test.index)).fillna(0).gt(0).tolist()
    n_pos = sum(concern)
    negatives = [f for f, c, s in zip(flags, concern, safe_col) if not c and not s]

    start = time.perf_counter()
    repeats = max(1, 20_000 // max(1, len(test_texts)))
    for _ in range(repeats):
        code_many(test_texts, codebook=codebook)
    cps = repeats * len(test_texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    code_many(test_texts, codebook=codebook, model=model)
    cps_model = len(test_texts) / (time.perf_counter() - start)

    return {
        "themes": {"micro_f1": round(micro, 4), "macro_f1": round(macro, 4), "n_labels": len(scored),
                   "labels": scored, "min_train_examples": MIN_TRAIN_EXAMPLES},
        "codebook": {"micro_f1": round(cb_micro, 4), "macro_f1": round(cb_macro, 4)},
        "sentiment": {"accuracy": round(max(acc_rated, acc_words), 4),
                      "uses_rating": acc_rated > acc_words,
                      "model_accuracy_with_rating": round(acc_rated, 4),
                      "model_accuracy_without_rating": round(acc_words, 4),
                      "rules_accuracy_without_rating": round(rules_words, 4),
                      "rules_accuracy_with_rating": round(rules_rated, 4),
                      "textblob_accuracy": round(textblob, 4),
                      "n_labelled_test": sum(1 for s in test_sent if s)},
        "safeguarding": {"recall": round(sum(f for f, c in zip(flags, concern) if c) / n_pos, 4) if n_pos else None,
                         "false_alarm_rate": round(sum(negatives) / len(negatives), 4) if negatives else None,
                         "n_positive": n_pos, "n_negative": len(negatives),
                         "feeling_safe_rows": sum(safe_col),
                         "feeling_safe_flagged": sum(f for f, s in zip(flags, safe_col) if s)},
        "comments_per_second": round(cps, 1),
        "comments_per_second_with_model": round(cps_model, 1),
        "n_train": len(train), "n_test": len(test),
    }


def split_by_id(df: pd.DataFrame, id_column: str = "Comment ID") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic 70/30 split: sha1 of the id, mod 10 < 7 -> train."""
    import hashlib
    is_train = df[id_column].astype(str).map(lambda v: int(hashlib.sha1(v.encode()).hexdigest(), 16) % 10 < 7)
    return df[is_train], df[~is_train]


def evaluate_safeguarding_set(path) -> dict:
    """Recall and false alarms on a text,concern,category CSV; held-out half reported apart
    (sha1(text) odd = held out: written before the rules were tuned, never tuned on)."""
    import hashlib
    df = pd.read_csv(path, keep_default_na=False)  # "no" and "n/a" are comments here, not blanks
    df["concern"] = df["concern"].astype(int)
    df["flag"] = [screen(t)[0] for t in df["text"]]
    df["held_out"] = [int(hashlib.sha1(t.encode()).hexdigest(), 16) % 2 == 1 for t in df["text"]]

    def figures(part: pd.DataFrame) -> dict:
        pos, neg = part[part.concern == 1], part[part.concern == 0]
        return {"recall": round(float(pos.flag.mean()), 4), "false_alarm_rate": round(float(neg.flag.mean()), 4),
                "n_positive": len(pos), "n_negative": len(neg),
                "missed": pos[~pos.flag].text.tolist(), "false_alarms": neg[neg.flag].text.tolist()}

    return {"all": figures(df), "held_out": figures(df[df.held_out]), "tuning": figures(df[~df.held_out])}


SENTIMENT_CLASSES = ("positive", "neutral", "negative")


def family_is_train(family: str) -> bool:
    """The one split of a set written in paraphrase families: sha1(family) mod 10 < 7 -> train,
    so every wording of one idea sits on the same side."""
    return int(hashlib.sha1(str(family).encode()).hexdigest(), 16) % 10 < 7


def sentiment_figures(truth: list[str], pred: list[str]) -> dict:
    """Accuracy, recall and precision per class, and the confusion (truth -> predicted -> count)."""
    confusion = {t: {p: 0 for p in SENTIMENT_CLASSES} for t in SENTIMENT_CLASSES}
    for t, p in zip(truth, pred):
        confusion[t][p] += 1
    per_class = {}
    for c in SENTIMENT_CLASSES:
        n_true, n_pred = sum(confusion[c].values()), sum(confusion[t][c] for t in SENTIMENT_CLASSES)
        per_class[c] = {"n": n_true,
                        "recall": round(confusion[c][c] / n_true, 4) if n_true else None,
                        "precision": round(confusion[c][c] / n_pred, 4) if n_pred else None}
    correct = sum(confusion[c][c] for c in SENTIMENT_CLASSES)
    return {"accuracy": round(correct / len(truth), 4) if truth else None, "n": len(truth),
            "per_class": per_class, "confusion": confusion}


def read_children_sentiment(path) -> pd.DataFrame:
    """text,sentiment,family CSV, with a boolean train column from family_is_train."""
    df = pd.read_csv(path, keep_default_na=False, dtype=str)  # "none" and "n/a" are comments here
    df["train"] = df["family"].map(family_is_train)
    return df


def evaluate_children_sentiment(path) -> dict:
    """The sentiment coder (rules, and the learned model where they find no word of feeling),
    the rules alone and TextBlob alone on a children's set, train and test sides apart (the
    test side is the figure to report: nothing was trained or tuned on it)."""
    df = read_children_sentiment(path)
    df["coder"] = [sentiment(t)[0] for t in df["text"]]
    df["rules"] = [rules_sentiment(t)[0] for t in df["text"]]
    df["textblob"] = [label_for(polarity(t)) for t in df["text"]]
    out = {}
    for side, part in (("train", df[df.train]), ("test", df[~df.train])):
        truth = part["sentiment"].tolist()
        out[side] = {method: sentiment_figures(truth, part[method].tolist()) for method in SENTIMENT_METHODS}
        out[side]["missed"] = [(t, s, p) for t, s, p in zip(part.text, part.sentiment, part.coder) if s != p]
    return out


SENTIMENT_METHODS = {"coder": "sentiment coder (rules, then the model where they find no word of feeling)",
                     "rules": "sentiment rules alone", "textblob": "TextBlob alone"}


def evaluate_screen(dev_folder=None, nhs_path=None) -> dict:
    """The whole screen (rules and model) on what its training never read: the test side of
    the development set (split by paraphrase family) and the test side of the NHS file
    (split by Comment ID). The whole NHS file is reported too; its train side was used as
    everyday negatives when the model was trained."""
    from .safeguarding import CONCERN, rules, screen_many
    from .train_screen import DEV_SET, nhs_split, read_dev_set

    dev = read_dev_set(dev_folder or DEV_SET)
    test = dev[dev["split"] == "test"].reset_index(drop=True)
    found = screen_many(test["text"].tolist())
    test["either"] = [r.flagged for r in found]
    test["concern_level"] = [r.level == CONCERN for r in found]
    test["reason"] = [r.reason for r in found]
    test["rules"] = [rules(t)[0] for t in test["text"]]
    pos, neg = test[test["concern"] == 1], test[test["concern"] == 0]

    def rate(part: pd.DataFrame, column: str) -> float:
        return round(float(part[column].mean()), 4) if len(part) else float("nan")

    def by(part: pd.DataFrame, key: str) -> dict:
        return {name: {"n": len(group), "either": rate(group, "either"), "concern": rate(group, "concern_level")}
                for name, group in sorted(part.groupby(key))}

    flagged_pos = pos[pos["either"]]
    result = {"dev_test": {
        "n_positive": len(pos), "n_negative": len(neg), "n_families": int(test["family"].nunique()),
        "recall": {"either": rate(pos, "either"), "concern": rate(pos, "concern_level"), "rules_only": rate(pos, "rules")},
        "false_alarm_rate": {"either": rate(neg, "either"), "concern": rate(neg, "concern_level"),
                             "rules_only": rate(neg, "rules")},
        "recall_by_kind": by(pos, "kind"), "recall_by_category": by(pos, "category"),
        "recall_by_label_level": by(pos, "level"), "false_alarms_by_kind": by(neg, "kind"),
        "reason_matches_category": round(float((flagged_pos["reason"] == flagged_pos["category"]).mean()), 4)
        if len(flagged_pos) else None,
    }}
    if nhs_path is not None:
        train, held = nhs_split(nhs_path)
        for name, part in (("nhs_test_side", held), ("nhs_whole_file", pd.concat([train, held]))):
            texts = part[TEXT].tolist()
            flags = screen_many(texts)
            result[name] = {"n": len(texts),
                            "either": round(sum(f.flagged for f in flags) / len(texts), 4) if texts else None,
                            "concern": round(sum(f.level == CONCERN for f in flags) / len(texts), 4) if texts else None}
    return result


def evaluate_sentiment(path) -> dict:
    """The sentiment rules on a labelled file (`text,sentiment`) that nothing was tuned on."""
    se = pd.read_csv(path, dtype=str, keep_default_na=False)
    return sentiment_figures(se["sentiment"].tolist(), [sentiment(t)[0] for t in se["text"]])


def evaluate_holdout(safeguarding_path, sentiment_path) -> dict:
    """The screen and the sentiment coder on hold-out sets that nothing was trained or tuned on
    (tests/data/holdout/README.md): the closest figure to "wording someone else wrote"."""
    return {"safeguarding": evaluate_screen_holdout(safeguarding_path), "sentiment": evaluate_sentiment(sentiment_path)}


def evaluate_screen_holdout(path) -> dict:
    """Recall and false alarms of the screen on a `text,concern,kind` file nothing was tuned on."""
    from .safeguarding import CONCERN, screen_many

    sg = pd.read_csv(path, dtype={"text": str}, keep_default_na=False)
    found = screen_many(sg["text"].tolist())
    sg["either"] = [r.flagged for r in found]
    sg["concern_level"] = [r.level == CONCERN for r in found]
    pos, neg = sg[sg["concern"] == 1], sg[sg["concern"] == 0]
    return {"n_positive": len(pos), "n_negative": len(neg),
            "recall": {"either": round(float(pos["either"].mean()), 4),
                       "concern": round(float(pos["concern_level"].mean()), 4)},
            "false_alarm_rate": {"either": round(float(neg["either"].mean()), 4),
                                 "concern": round(float(neg["concern_level"].mean()), 4)},
            "missed_kinds": pos.loc[~pos["either"], "kind"].value_counts().to_dict(),
            "false_alarm_kinds": neg.loc[neg["either"], "kind"].value_counts().to_dict()}
