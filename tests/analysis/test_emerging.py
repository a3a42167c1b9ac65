from analysis.emerging import emerging_terms


def test_terms_come_only_from_comments_without_a_theme():
    texts = ["the wifi is slow", "wifi never works", "slow wifi again", "staff were kind", "kind staff"]
    themes = ["", "", "", "staff_manner", "staff_manner"]
    df = emerging_terms(texts, themes, min_count=2)
    assert df.iloc[0].to_dict() == {"term": "wifi", "comments": 3}
    assert "slow" in set(df["term"]) and "kind" not in set(df["term"])


def test_counted_once_per_comment_and_threshold():
    df = emerging_terms(["parking parking parking"], [""], min_count=2)
    assert df.empty
