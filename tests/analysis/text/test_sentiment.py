import random

import pytest
from textblob import TextBlob

from analysis.text.polarity import polarity
from analysis.text.sentiment import fft_to_rating, sentiment


@pytest.mark.parametrize("text,label", [
    ("the staff were amazing 😊", "positive"),
    ("this waiting room is sick", "positive"),
    ("dead good", "positive"),
    ("couldn't fault them", "positive"),
    ("it was rubbish", "negative"),
    ("so boring", "negative"),
    ("took ages to get an appointment", "negative"),
    ("not good at all", "negative"),
    ("😡", "negative"),
    ("nothing", "neutral"),
    ("i came on tuesday", "neutral"),
])
def test_sentiment_examples(text, label):
    got, score = sentiment(text)
    assert got == label, (text, got, score)
    assert -1 <= score <= 1


def test_rating_moves_the_label():
    assert sentiment("it was ok", 5)[0] == "positive"
    assert sentiment("it was ok", 1)[0] == "negative"
    assert sentiment("nothing", 5)[0] == "positive"


def test_fft_rating_conversion():
    assert fft_to_rating(1) == 5 and fft_to_rating(5) == 1 and fft_to_rating(6) is None
    assert fft_to_rating(None) is None


def test_fast_polarity_matches_textblob():
    rnd = random.Random(1)
    words = ["the", "staff", "were", "very", "not", "good", "bad", "really", "helpful", "rude", "never",
             "great", "!", "waiting", "was", "too", "long", "amazing", "terrible", "nice", ":)", "but", "kind",
             "I", "didn't", "like", "it", ".", "extremely", "happy", "sad", "boring", "lovely", "awful"]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 15))) for _ in range(400)]
    texts += ["The nurse was lovely!", "Not very helpful at all.", "Staff are great :) thanks", "really really bad"]
    same = sum(abs(polarity(t) - TextBlob(t).sentiment.polarity) < 1e-9 for t in texts)
    assert same / len(texts) >= 0.97
