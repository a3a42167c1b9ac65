"""Regression floors on the hold-out sets (tests/data/holdout/README.md): nothing is ever trained
or tuned on them; a failure here means fix the method on the development sets, not these rows."""
from pathlib import Path

from analysis.text.evaluate import evaluate_holdout, evaluate_sentiment

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout"


def test_the_screen_hears_disclosures_it_was_never_shown():
    figures = evaluate_holdout(HOLDOUT / "lead_safeguarding.csv", HOLDOUT / "lead_sentiment.csv")
    sg = figures["safeguarding"]
    assert (sg["n_positive"], sg["n_negative"]) == (45, 49)
    assert sg["recall"]["either"] >= 0.95  # measured 1.00 when shipped
    assert sg["false_alarm_rate"]["either"] <= 0.18  # measured 0.14 (0.04 as concern)
    assert figures["sentiment"]["n"] == 70


def test_childrens_sentiment_on_comments_written_blind():
    figures = evaluate_sentiment(HOLDOUT / "children_sentiment_v2.csv")
    assert figures["n"] == 240
    assert figures["accuracy"] >= 0.74  # measured 0.771 when first read (the target is 0.85: not met)
