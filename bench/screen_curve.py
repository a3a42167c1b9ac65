"""How the safeguarding screen's model learns from more data (issue 9): the model is trained on
a growing share of the development set's train-side families (plus the NHS train side, as the
shipped model is), and read on the development test side only; never on the hold-outs.

Run from the repo:  .venv/bin/python bench/screen_curve.py [--shares 0.25 0.5 0.75 1]
Prints, for each share, recall at 3/5/10% false alarms on the test side's look-alikes with the
rules included (a comment is flagged when either half fires), and at the full share the model
alone, the rules alone and the false alarms it takes to reach recall 0.95.
"""
from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text.screen_model import hashed  # noqa: E402
from analysis.text.train_screen import (CONCERN_C, TrainingData, eval_file, fit_part, nhs_negatives,  # noqa: E402
                                        nhs_split, probabilities, read_dev_set)

COLUMNS = ["text", "concern", "category", "family", "source"]
BUDGETS = (0.03, 0.05, 0.10)


def recall_at(flags_for, y: np.ndarray, thresholds: np.ndarray, budget: float) -> float:
    """The best recall whose false alarms stay within the budget (0 when even the strictest does not)."""
    for t in thresholds:  # ascending: the first that fits flags the most
        flags = flags_for(t)
        if flags[~y].mean() <= budget:
            return round(float(flags[y].mean()), 3)
    return 0.0


def false_alarms_at_recall(flags_for, y: np.ndarray, thresholds: np.ndarray, target: float = 0.95) -> float:
    for t in thresholds[::-1]:  # descending: the first that reaches the target flags the fewest
        flags = flags_for(t)
        if flags[y].mean() >= target:
            return round(float(flags[~y].mean()), 3)
    return 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    args = parser.parse_args(argv)
    dev = read_dev_set()
    nhs = nhs_negatives(nhs_split(eval_file())[0])
    train = dev[dev["split"] == "train"].assign(source="dev")
    test = TrainingData.of(dev[dev["split"] == "test"].assign(source="dev")[COLUMNS])
    test_counts, test_rows = hashed(test.text), np.arange(len(test.text))
    y = test.concern == 1
    out: dict = {"n_test": {"disclosures": int(y.sum()), "look_alikes": int((~y).sum())}, "curve": []}
    for share in args.shares:
        keep = train["family"].map(lambda f: zlib.crc32(f.encode()) % 1000 < share * 1000)
        data = TrainingData.of(pd.concat([train[keep][COLUMNS], nhs], ignore_index=True))
        part = fit_part(hashed(data.text), data.concern, np.arange(len(data.text)), CONCERN_C, data.weights)
        p = probabilities(part, test_counts, test_rows)
        thresholds = np.unique(p)
        either = lambda t: test.rules | (p >= t)  # noqa: E731
        row = {"share": share, "train_rows": int(keep.sum()),
               **{f"recall_at_{b:.0%}": recall_at(either, y, thresholds, b) for b in BUDGETS}}
        out["curve"].append(row)
        print(f"share {share:.2f} ({row['train_rows']} development rows): recall at "
              + ", ".join(f"{b:.0%} false alarms {row[f'recall_at_{b:.0%}']:.3f}" for b in BUDGETS), flush=True)
    model_alone = lambda t: p >= t  # noqa: E731  (the last, largest share)
    out["model_alone"] = {f"recall_at_{b:.0%}": recall_at(model_alone, y, thresholds, b) for b in BUDGETS}
    out["rules_alone"] = {"recall": round(float(test.rules[y].mean()), 3),
                          "false_alarms": round(float(test.rules[~y].mean()), 3)}
    out["false_alarms_at_recall_0.95"] = false_alarms_at_recall(either, y, thresholds)
    print(f"model alone: {out['model_alone']}; rules alone: {out['rules_alone']}; "
          f"rules or model at recall 0.95: false alarms {out['false_alarms_at_recall_0.95']:.3f}")
    print("JSON " + json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
