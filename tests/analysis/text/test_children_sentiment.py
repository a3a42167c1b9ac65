"""The children's sentiment set (tests/data/children_sentiment.csv, see children_sentiment.md):
its split by paraphrase family, and the accuracy of the rules on its held-out side."""
from collections import Counter
from pathlib import Path

from analysis.text.evaluate import evaluate_children_sentiment, read_children_sentiment

SET = Path(__file__).resolve().parents[2] / "data" / "children_sentiment.csv"
# Measured 0.902 on the test side (246 comments: 0.938 on the first round's 161, 0.835 on the
# second round's 85) when the rules were last tuned on the train side; 0.789 before that round.
TEST_SIDE_FLOOR = 0.90


def test_the_set_is_large_labelled_and_split_by_family():
    df = read_children_sentiment(SET)
    assert len(df) >= 700
    assert set(df.sentiment) == {"positive", "neutral", "negative"}
    sizes = Counter(df.family)
    assert min(sizes.values()) >= 3  # every idea in several voices
    sides = df.groupby("family").train.nunique()
    assert (sides == 1).all()  # all wordings of one idea on the same side
    for side in (df[df.train], df[~df.train]):
        assert set(side.sentiment) == {"positive", "neutral", "negative"}
    assert 0.6 < df.train.mean() < 0.8
    assert not df.text.duplicated().any()


def test_rules_read_the_held_out_childrens_comments():
    figures = evaluate_children_sentiment(SET)["test"]
    rules, textblob = figures["rules"], figures["textblob"]
    assert rules["accuracy"] >= TEST_SIDE_FLOOR, figures["missed"]
    for label, per_class in rules["per_class"].items():
        assert per_class["recall"] >= 0.8, (label, per_class)
    assert textblob["accuracy"] < rules["accuracy"]  # what the rules add to TextBlob alone
