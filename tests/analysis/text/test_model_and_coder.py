import pandas as pd
import pytest

from analysis.text import code_comment, code_frame, code_many
from analysis.text.coder import Coding
from analysis.text.model import TextModel
from analysis.text.wordcloud import top_themes, word_cloud

KIND = ["the staff were kind", "kind nurse", "very kind people", "she was kind and nice", "kind and caring staff",
        "so kind to me", "kind doctor", "everyone was kind"]
WAIT = ["waited ages", "long wait to be seen", "the wait was too long", "waited two hours", "waiting forever",
        "long waiting list", "wait was long", "waited months"]


@pytest.fixture(scope="module")
def model():
    texts = KIND + WAIT
    themes = [["manner"]] * len(KIND) + [["waiting"]] * len(WAIT)
    sentiments = ["positive"] * len(KIND) + ["negative"] * len(WAIT)
    return TextModel.train(texts, themes, sentiments, folds=2)


def test_model_round_trip(model):
    assert model.predict_themes(["kind staff", "the wait"]) == [["manner"], ["waiting"]]
    assert model.predict_sentiment(["kind staff", "waited ages"]) == ["positive", "negative"]
    again = TextModel.from_bytes(model.to_bytes())
    assert again.predict_themes(["kind staff"]) == [["manner"]]
    with pytest.raises(ValueError):
        TextModel.from_bytes(b"something else")


def test_model_with_ratings():
    texts = KIND + WAIT
    m = TextModel.train(texts, [[] for _ in texts], ["positive"] * 8 + ["negative"] * 8,
                        ratings=[5] * 8 + [1] * 8, folds=2)
    assert m.predict_sentiment(["ok"], [5]) == ["positive"]


def test_code_comment():
    c = code_comment("The staff were kind but I dont feel safe at home", rating=2)
    assert isinstance(c, Coding)
    assert "staff_manner" in c.themes
    assert c.flagged and c.flag_reason == "not feeling safe"
    assert len(c.codebook_version) == 12


def test_code_many_with_model(model):
    out = code_many(["kind staff", "waited ages"], model=model)
    assert out[0].themes == ("manner",) and out[1].sentiment == "negative"
    assert code_many(["a", None, float("nan")])[1].themes == ()


def test_code_frame():
    df = pd.DataFrame({"comment": ["thank you, kind staff", "he hurts me", None]})
    out = code_frame(df, "comment")
    assert list(out.columns) == ["comment", "themes", "sentiment", "sentiment_score", "flagged", "flag_reason",
                                 "flag_level"]
    assert "staff_manner" in out.loc[0, "themes"].split(";")
    assert out.loc[1, "flagged"] and not out.loc[2, "flagged"]
    assert out.loc[1, "flag_level"] == "concern"
    with pytest.raises(ValueError, match="answer"):
        code_frame(df, "answer")


def test_word_cloud():
    assert word_cloud([]) is None
    assert word_cloud(["", "nothing", "good"]) is None
    img = word_cloud(["staff were kind and friendly", "waiting room was comfy and quiet"] * 3, 400, 200)
    assert img.size == (400, 200)


def test_top_themes():
    df = top_themes([["staff_manner", "waiting_times"], ["staff_manner"], "staff_manner;school"])
    assert df.iloc[0].to_dict() == {"theme": "staff_manner", "name": "Staff manner", "count": 3}
    assert list(df.columns) == ["theme", "name", "count"]
