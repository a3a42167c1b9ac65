"""The children's sentiment set (tests/data/children_sentiment.csv, see children_sentiment.md):
its split by paraphrase family, and the accuracy of the rules on its held-out side."""
from collections import Counter
from pathlib import Path

import pytest

from analysis.text.evaluate import evaluate_children_sentiment, read_children_sentiment

SET = Path(__file__).resolve().parents[2] / "data" / "children_sentiment.csv"
ROUND3 = Path(__file__).resolve().parents[2] / "data" / "children_sentiment_round3.csv"
# Measured 0.902 on the test side (246 comments: 0.938 on the first round's 161, 0.835 on the
# second round's 85) when the rules were last tuned on the train side; 0.789 before that round.
TEST_SIDE_FLOOR = 0.90


@pytest.mark.parametrize("path", [SET, ROUND3], ids=["first", "round3"])
def test_the_set_is_large_labelled_and_split_by_family(path):
    df = read_children_sentiment(path)
    assert len(df) >= 700
    assert set(df.sentiment) == {"positive", "neutral", "negative"}
    sizes = Counter(df.family)
    # every idea in several voices (a few one-word answers lost their twins to de-duplication)
    assert sum(n >= 3 for n in sizes.values()) >= 0.9 * len(sizes)
    sides = df.groupby("family").train.nunique()
    assert (sides == 1).all()  # all wordings of one idea on the same side
    for side in (df[df.train], df[~df.train]):
        assert set(side.sentiment) == {"positive", "neutral", "negative"}
    assert 0.6 < df.train.mean() < 0.8
    assert not df.text.duplicated().any()


def test_no_comment_is_in_both_sets():
    assert not set(read_children_sentiment(SET).text) & set(read_children_sentiment(ROUND3).text)


def test_rules_read_the_held_out_childrens_comments():
    figures = evaluate_children_sentiment(SET)["test"]
    rules, textblob = figures["rules"], figures["textblob"]
    assert rules["accuracy"] >= TEST_SIDE_FLOOR, figures["missed"]
    for label, per_class in rules["per_class"].items():
        assert per_class["recall"] >= 0.8, (label, per_class)
    assert textblob["accuracy"] < rules["accuracy"]  # what the rules add to TextBlob alone
    assert figures["coder"]["accuracy"] >= rules["accuracy"]  # the model only adds (measured 0.911)


def test_the_coder_reads_comments_by_writers_who_never_saw_the_rules():
    """Round 3 (children_sentiment.md) was written by two writers shown only the labelling
    convention. Its test side was never trained or tuned on: measured 0.722 for the rules alone
    and 0.793 for the coder when the model was shipped."""
    figures = evaluate_children_sentiment(ROUND3)["test"]
    assert figures["coder"]["n"] == 396
    assert figures["coder"]["accuracy"] >= 0.78
    assert figures["coder"]["accuracy"] > figures["rules"]["accuracy"] + 0.03
