"""Regression floors on the hold-out sets (tests/data/holdout/README.md): nothing is ever trained
or tuned on them; a failure here means fix the method on the development sets, not these rows."""
from pathlib import Path

from analysis.text.evaluate import evaluate_holdout, evaluate_screen_holdout, evaluate_sentiment

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout"


def test_the_screen_hears_disclosures_it_was_never_shown():
    figures = evaluate_holdout(HOLDOUT / "lead_safeguarding.csv", HOLDOUT / "lead_sentiment.csv")
    sg = figures["safeguarding"]
    assert (sg["n_positive"], sg["n_negative"]) == (45, 49)
    assert sg["recall"]["either"] >= 0.95  # measured 1.00 when first shipped, 0.978 since concerns_g
    assert sg["false_alarm_rate"]["either"] <= 0.18  # measured 0.14, 0.122, then 0.102 (0.04 as concern)
    assert figures["sentiment"]["n"] == 70


def test_childrens_sentiment_on_comments_written_blind():
    figures = evaluate_sentiment(HOLDOUT / "children_sentiment_v2.csv")
    assert figures["n"] == 240
    # measured 0.771 with the rules alone when first read, 0.762 with the learned model added
    # (its negatives 0.80 -> 0.88, its neutrals 0.81 -> 0.63): the writer was not told the
    # labelling convention (a plain "ok" is positive, a request negative, mixed neutral)
    assert figures["accuracy"] >= 0.74


def test_childrens_sentiment_on_comments_written_blind_by_the_convention():
    figures = evaluate_sentiment(HOLDOUT / "children_sentiment_v3.csv")
    assert figures["n"] == 300
    assert figures["accuracy"] >= 0.85  # measured 0.857 with the rules alone, 0.883 with the model


def test_the_screen_on_a_second_set_written_blind():
    sg = evaluate_screen_holdout(HOLDOUT / "safeguarding_v2.csv")
    assert (sg["n_positive"], sg["n_negative"]) == (70, 90)
    assert sg["recall"]["either"] >= 0.95  # measured 0.971 before pairs_i and pairs_j, 0.957 since
    assert sg["false_alarm_rate"]["either"] <= 0.08  # measured 0.056 (0.044 as concern)


def test_the_screen_on_a_third_set_written_blind():
    # 84 disclosures (6 of each of 14 kinds) and 240 look-alikes (24 of each of 10 kinds), written
    # on 2026-11-29 by a writer shown nothing of the product. First read, with the screen as
    # shipped since pairs_i and pairs_j: recall 0.881 (0.548 as concern), false alarms 0.083
    # (0.042 as concern): short of issue 9's 0.95 and 5%, which is why these are floors, not targets.
    sg = evaluate_screen_holdout(HOLDOUT / "safeguarding_v3.csv")
    assert (sg["n_positive"], sg["n_negative"]) == (84, 240)
    assert sg["recall"]["either"] >= 0.85
    assert sg["false_alarm_rate"]["either"] <= 0.11
