import json

import altair as alt
import pandas as pd
import pytest

from analysis.charts import (
    BRBG,
    NOT_ENOUGH,
    diverging_scale_chart,
    figures_table,
    has_data,
    positive_chart,
    small_multiples_chart,
    trend_chart,
)
from analysis.figures import breakdown, question_figures, trend
from analysis.suppression import suppress_breakdown, suppress_question, suppress_trend

HAPPY = ["very_unhappy", "unhappy", "okay", "happy", "very_happy"]
SAT = ["very_dissatisfied", "dissatisfied", "neither", "satisfied", "very_satisfied"]
QUESTIONS = [
    {"id": "clinic_location", "type": "scale", "options": HAPPY, "positive": HAPPY[-2:]},
    {"id": "overall_satisfaction", "type": "scale", "options": SAT, "positive": SAT[-2:]},
    {"id": "remote_used", "type": "multi", "options": ["video", "telephone", "neither"], "positive": []},
    {"id": "what_was_good", "type": "text", "options": [], "positive": []},
]
LABELS = {"clinic_location": "Where the clinic is", "happy": "Happy"}

COUNTS = {
    "clinic_location": [0, 3, 8, 20, 17],
    "overall_satisfaction": [2, 4, 11, 15, 16],
    "remote_used": [25, 30, 4],
}
BASES = {"clinic_location": 48, "overall_satisfaction": 48, "remote_used": 43, "what_was_good": 30}


def frames(scale_by=1, group=None):
    rows = [
        (q["id"], o, c * scale_by)
        for q in QUESTIONS
        for o, c in zip(q["options"], COUNTS.get(q["id"], []))
    ]
    counts = pd.DataFrame(rows, columns=["question_id", "option_id", "count"])
    bases = pd.DataFrame([(q, n * scale_by) for q, n in BASES.items()], columns=["question_id", "n"])
    if group:
        counts["group"], bases["group"] = group, group
    return counts, bases


@pytest.fixture
def raw():
    return question_figures(*frames(), QUESTIONS)


@pytest.fixture
def suppressed(raw):
    return {q: suppress_question(f) for q, f in raw.items()}


def small_figs():
    # 6 respondents: percentages must not be shown
    c = pd.DataFrame({"question_id": ["clinic_location"] * 2, "option_id": ["happy", "okay"], "count": [4, 2]})
    b = pd.DataFrame({"question_id": ["clinic_location"], "n": [6]})
    return {q: suppress_question(f) for q, f in question_figures(c, b, QUESTIONS[:1]).items()}


def serialises(chart):
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict()
    json.dumps(spec)
    return spec


def layer_data(chart, i=0):
    # altair moves data shared by every layer up to the layered chart
    data = chart.layer[i].data
    return data if isinstance(data, pd.DataFrame) else chart.data


# --- has_data -------------------------------------------------------------------


def test_has_data(raw, suppressed):
    assert has_data(raw) and has_data(suppressed)
    assert not has_data(small_figs())
    assert not has_data({})


# --- diverging ---------------------------------------------------------------------


def test_diverging_builds_and_splits_neutral_across_zero(raw):
    chart = diverging_scale_chart(raw, QUESTIONS, LABELS)
    serialises(chart)
    df = layer_data(chart)
    loc = df[df["question"] == "Where the clinic is"].set_index("option")
    # negatives 0% + 6%, neutral 17% split: bar starts at -(6 + 8.5)
    assert loc.loc["Very unhappy", "start"] == pytest.approx(-14.5)
    assert loc.loc["Okay", "start"] == pytest.approx(-8.5)
    assert loc.loc["Okay", "end"] == pytest.approx(8.5)
    assert loc.loc["Happy", "start"] == pytest.approx(8.5)
    assert set(df["question"]) == {"Where the clinic is", "Overall satisfaction"}  # scales only


def test_diverging_uses_the_colour_blind_safe_palette(raw):
    spec = serialises(diverging_scale_chart(raw, QUESTIONS, LABELS))
    colour_scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour_scale["range"][:5] == BRBG[5]
    assert colour_scale["domain"][:5] == ["Very unhappy", "Unhappy", "Okay", "Happy", "Very happy"]


def test_diverging_leaves_out_questions_with_withheld_cells(suppressed):
    chart = diverging_scale_chart(suppressed, QUESTIONS, LABELS)
    # both scales have a "<5" cell, so nothing can be drawn
    assert chart is None


def test_diverging_draws_suppressed_figures_without_small_cells():
    figs = question_figures(*frames(scale_by=5), QUESTIONS)
    sup = {q: suppress_question(f) for q, f in figs.items()}
    chart = diverging_scale_chart(sup, QUESTIONS, LABELS)
    serialises(chart)
    assert len(layer_data(chart)) == 10


def test_diverging_nothing_to_draw_is_none():
    assert diverging_scale_chart(small_figs(), QUESTIONS, LABELS) is None


# --- positive ------------------------------------------------------------------------


def test_positive_chart(raw):
    chart = positive_chart(raw, LABELS)
    serialises(chart)
    df = layer_data(chart)
    row = df[df["question"] == "Where the clinic is"].iloc[0]
    assert row["pct"] == 77 and row["n"] == "48"
    assert (row["ci_low"], row["ci_high"]) == tuple(raw["clinic_location"]["positive_ci95"])
    assert "n=48" in row["label"]


def test_positive_chart_on_suppressed_figures(suppressed):
    chart = positive_chart(suppressed, LABELS)
    serialises(chart)
    shown = [q for q, f in suppressed.items() if f.get("positive_pct") is not None]
    assert len(layer_data(chart)) == len(shown)


def test_positive_chart_nothing_to_draw_is_none():
    assert positive_chart(small_figs(), LABELS) is None


# --- small multiples ---------------------------------------------------------------------


def test_small_multiples_by_site_names_the_withheld_site():
    c1, b1 = frames(group="North clinic")
    c2, b2 = frames(scale_by=3, group="South clinic")
    c3 = pd.DataFrame({"question_id": ["clinic_location"], "option_id": ["happy"], "count": [3], "group": ["Hospital"]})
    b3 = pd.DataFrame({"question_id": ["clinic_location"], "n": [3], "group": ["Hospital"]})
    bd = breakdown(pd.concat([c1, c2, c3]), pd.concat([b1, b2, b3]), QUESTIONS)
    sup = suppress_breakdown(bd)
    chart = small_multiples_chart(sup, "clinic_location", LABELS)
    spec = serialises(chart)
    assert "Hospital" in spec["title"]["subtitle"]
    assert "Hospital" not in set(layer_data(chart)["group"])
    assert small_multiples_chart(bd, "clinic_location", LABELS) is not None


def test_small_multiples_nothing_to_draw_is_none():
    assert small_multiples_chart({"A": small_figs()}, "clinic_location", LABELS) is None
    assert small_multiples_chart({"A": small_figs()}, "no_such_question", LABELS) is None


# --- trend --------------------------------------------------------------------------------


ROUNDS = pd.DataFrame({"round": ["2023", "2024", "2025"], "order": [1, 2, 3], "positive": [30, 3, 40], "n": [48, 8, 50]})


def test_trend_chart_raw_and_suppressed():
    t = trend(ROUNDS)
    serialises(trend_chart(t))
    s = suppress_trend(t)
    chart = trend_chart(s)
    spec = serialises(chart)
    assert list(layer_data(chart)["round"]) == ["2023", "2025"]
    assert "2024" in spec["title"]["subtitle"]
    # the withheld round keeps its place on the axis
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2023", "2024", "2025"]


def test_trend_chart_nothing_to_draw_is_none():
    t = suppress_trend(trend(ROUNDS.assign(positive=[3, 2, 1], n=[8, 8, 8])))
    assert trend_chart(t) is None


# --- table ---------------------------------------------------------------------------------


def test_figures_table_raw(raw):
    df = figures_table(raw, QUESTIONS, LABELS)
    assert list(df.columns) == ["question_id", "question", "option_id", "option", "count", "pct", "n", "ci95", "note"]
    # 5 + positive, 5 + positive, 3 options, 1 text
    assert len(df) == 6 + 6 + 3 + 1
    pos = df[(df["question_id"] == "clinic_location") & (df["option_id"] == "positive")].iloc[0]
    assert (pos["count"], pos["pct"], pos["n"]) == (37, 77, 48)
    assert type(pos["count"]) is int  # not turned into floats
    text = df[df["question_id"] == "what_was_good"].iloc[0]
    assert text["n"] == 30 and text["count"] is None


def test_figures_table_shows_markers(suppressed):
    df = figures_table(suppressed, QUESTIONS, LABELS)
    loc = df[df["question_id"] == "clinic_location"].set_index("option_id")
    assert loc.loc["unhappy", "count"] == "<5" and loc.loc["unhappy", "pct"] is None
    assert "[c]" in set(df["count"])


def test_figures_table_notes_small_base():
    df = figures_table(small_figs(), QUESTIONS, LABELS)
    assert set(df["note"]) == {NOT_ENOUGH}
    assert df["pct"].isna().all()
