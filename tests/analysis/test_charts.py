import json

import altair as alt
import pandas as pd
import pytest

from analysis.chart_tables import NOT_ENOUGH, TREND_COLUMNS, figures_display, figures_table, interval_text, trend_display
from analysis.charts import (
    BRBG,
    NOT_SHOWN,
    diverging_scale_chart,
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


def test_diverging_shows_every_question_and_no_bar_for_a_withheld_cell(suppressed):
    chart = diverging_scale_chart(suppressed, QUESTIONS, LABELS)
    spec = serialises(chart)
    # both scales have a withheld cell; both keep their row (they used to be left out whole)
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == ["Where the clinic is", "Overall satisfaction"]
    df = layer_data(chart)
    for qid in ("clinic_location", "overall_satisfaction"):
        fig = suppressed[qid]
        withheld = {LABELS.get(o, o.replace("_", " ").capitalize()) for o, c in fig["counts"].items()
                    if not isinstance(c, int)}
        drawn = set(df[df["question"] == ("Where the clinic is" if qid == "clinic_location" else "Overall satisfaction")]["option"])
        assert not drawn & withheld  # no segment of its own for a withheld count
    grey = df[df["option"] == NOT_SHOWN]
    assert grey["pct"].isna().all() and (grey["count"] == "not shown").all()


def test_diverging_segments_add_up_to_the_whole_bar(suppressed):
    df = layer_data(diverging_scale_chart(suppressed, QUESTIONS, LABELS))
    for _, bar in df.groupby("question"):
        assert bar["end"].max() - bar["start"].min() == pytest.approx(100, abs=1.5)  # whole % each


LONG = {"clinic_location": "How do you feel about where the clinic is?",
        "overall_satisfaction": "How do you feel about the rooms where you have your sessions?"}


def rendered(chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json())


def test_long_labels_are_wrapped_not_cut_to_the_same_stub(raw):
    for chart in (diverging_scale_chart(raw, QUESTIONS, LONG), positive_chart(raw, LONG)):
        svg = rendered(chart)
        assert "…" not in svg  # Vega cuts a label with an ellipsis
        for words in ("the clinic is?", "sessions?"):
            assert words in svg


def test_the_legend_fits_beside_the_chart(raw):
    svg = rendered(diverging_scale_chart(raw, QUESTIONS, LONG))
    width = float(svg.split('width="')[1].split('"')[0])
    assert width < 700  # a column at the side, not ten side by side (900 px and cut off)
    assert "Very dissatisfied" in svg and "Very happy" in svg


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


# --- tables for people ----------------------------------------------------------------------


def all_text(df: pd.DataFrame) -> bool:
    return all(isinstance(v, str) for col in df for v in df[col])


def test_figures_display_is_text_in_words(suppressed):
    df = figures_display(suppressed, QUESTIONS, LABELS)
    assert list(df.columns) == ["Question", "Answer", "Count", "%", "n", "95% interval", "Note", "Asked as"]
    assert all_text(df)  # "<5" and 12 in one column: one type for Arrow
    assert not df.isin(["None", "nan", "NaN", "<NA>"]).any().any()
    assert "<5" in set(df["Count"])
    positive = df[(df["Question"] == "Clinic location") & (df["Answer"] == "Positive")].iloc[0]
    assert positive["Asked as"] == "Where the clinic is"
    assert positive["95% interval"] == interval_text(suppressed["clinic_location"]["positive_ci95"])
    assert positive["%"] == "77%"


def test_interval_text_is_short():
    assert interval_text([61.8, 79.5]) == "62–80%"
    assert interval_text(None) == "" and interval_text([float("nan"), 3.0]) == ""


def test_trend_display_speaks_words_not_column_names():
    for table in (trend(ROUNDS), suppress_trend(trend(ROUNDS))):
        df = trend_display(table)
        assert list(df.columns) == TREND_COLUMNS and all_text(df)
        text = " ".join(df.astype(str).to_numpy().ravel())
        for raw_word in ("None", "nan", "<NA>", "ci_low", "change_points", "True", "False"):
            assert raw_word not in text
    shown = trend_display(suppress_trend(trend(ROUNDS)))
    assert list(shown["% positive"]) == ["63%", "not shown (too few answers)", "80%"]
    assert shown["Change"].tolist()[1:] == ["", ""]  # next to a withheld round
    assert trend_display(trend(ROUNDS))["Change"].tolist()[0] == ""
