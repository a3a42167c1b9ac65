"""The sentiment coder's learned half: it decides only comments in which the rules find no
word of feeling, and it loads without pickle (test_shipped_models.py: it is what its training
command builds)."""
import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.coder import code_many
from analysis.text.sentiment import sentiment
from analysis.text.sentiment_model import MODEL_PATH, shipped_model
from analysis.text.train_sentiment import rules_reading

sentiment_module = importlib.import_module("analysis.text.sentiment")  # the package exports the function


def test_a_complaint_told_without_a_word_of_feeling_is_negative():
    # The rules alone call these neutral: nothing in them is a word of complaint.
    texts = ["had to sit on the floor cos there were no chairs", "the toilets had no paper"]
    assert rules_reading(texts)[0] == ["neutral", "neutral"]
    assert [sentiment(t)[0] for t in texts] == ["negative", "negative"]
    assert [c.sentiment for c in code_many(texts)] == ["negative", "negative"]
    assert all(score < 0 for _label, score in map(sentiment, texts))


def test_a_plain_fact_stays_neutral():
    assert sentiment("we did painting and made slime") == ("neutral", 0.0)


class Certain:
    """A stand-in model that calls everything negative with certainty."""
    def decide(self, norm_texts):
        return [("negative", 1.0) for _ in norm_texts]


WORDS_OF_FEELING = ["the staff are lovely", "it was rubbish", "nothing", "no", "😀", "👍👍", "", "   ",
                    "الموظفون لطفاء", "good but the food is bad", "meh"]


@pytest.mark.parametrize("text", WORDS_OF_FEELING)
def test_the_model_never_overrides_the_rules_evidence_a_nothing_or_another_script(text, monkeypatch):
    before = sentiment(text)
    monkeypatch.setattr(sentiment_module, "shipped_model", lambda: Certain())
    assert sentiment(text) == before
    assert (code_many([text])[0].sentiment, code_many([text])[0].sentiment_score) == before


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefghij klmnop😀!'")), max_size=40),
       st.one_of(st.none(), st.integers(1, 5)))
def test_one_comment_and_a_batch_agree_and_a_rating_always_wins(text, rating):
    label, score = sentiment(text, rating)
    coded = code_many([text, text], [rating, rating])
    assert [(c.sentiment, c.sentiment_score) for c in coded] == [(label, score)] * 2
    assert label in ("positive", "neutral", "negative") and -1 <= score <= 1
    if rating is not None:  # the child's own rating is evidence: the model is not asked
        assert sentiment_module._sentiment(text, rating, text.lower(), set())[2] is None


def test_shipped_model_loads_from_plain_arrays():
    assert MODEL_PATH.stat().st_size < 3_000_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
    model = shipped_model()
    assert model is shipped_model()
    assert model.classes == ("negative", "neutral", "positive")
    assert 1 / 3 < model.threshold < 1
