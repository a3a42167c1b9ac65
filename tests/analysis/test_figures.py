import json
import math

import pandas as pd
import pytest
from scipy import stats

from analysis.figures import (
    FISHER,
    Z_TEST,
    breakdown,
    compare_proportions,
    question_figures,
    trend,
    whole_pct,
    wilson_ci,
)

HAPPY = ["very_unhappy", "unhappy", "okay", "happy", "very_happy"]
QUESTIONS = [
    {"id": "clinic_location", "type": "scale", "options": HAPPY, "positive": ["happy", "very_happy"]},
    {"id": "remote_used", "type": "multi", "options": ["video", "telephone", "neither"], "positive": []},
    {"id": "future_remote", "type": "single", "options": ["yes", "no", "not_sure"], "positive": []},
    {"id": "what_was_good", "type": "text", "options": [], "positive": []},
]


def frames(counts: dict, bases: dict, group=None):
    """counts {(question, option): count}, bases {question: n} -> the two contract frames."""
    c = pd.DataFrame(
        [(q, o, n) for (q, o), n in counts.items()], columns=["question_id", "option_id", "count"]
    )
    b = pd.DataFrame(list(bases.items()), columns=["question_id", "n"])
    if group is not None:
        c["group"] = group
        b["group"] = group
    return c, b


# --- whole_pct --------------------------------------------------------------


@pytest.mark.parametrize(
    "count, base, expected",
    [
        (37, 48, 77),  # 77.08: the seed report's 77% satisfied with clinic location
        (1, 8, 13),  # 12.5 rounds up (banker's rounding would give 12)
        (5, 8, 63),  # 62.5 -> 63 (round() gives 62)
        (31, 40, 78),  # 77.5 -> 78
        (1, 3, 33),
        (2, 3, 67),
        (0, 5, 0),
        (48, 48, 100),
    ],
)
def test_whole_pct_rounds_half_up(count, base, expected):
    assert whole_pct(count, base) == expected


def test_whole_pct_zero_base_is_none():
    assert whole_pct(0, 0) is None


def test_whole_pct_returns_plain_int_for_numpy_input():
    import numpy as np

    assert type(whole_pct(np.int64(37), np.int64(48))) is int


def test_whole_pct_refuses_negative():
    with pytest.raises(ValueError):
        whole_pct(-1, 10)


# --- wilson_ci --------------------------------------------------------------

# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison
# of seven methods", Statistics in Medicine 17:857-872, Table II, method 3 (score interval
# without continuity correction): 81/263 0.2553-0.3662; 15/148 0.0624-0.1605;
# 0/20 0.0000-0.1611; 1/29 0.0061-0.1718.
NEWCOMBE = [
    (81, 263, (25.5, 36.6)),
    (15, 148, (6.2, 16.0)),
    (0, 20, (0.0, 16.1)),
    (1, 29, (0.6, 17.2)),
]


@pytest.mark.parametrize("x, n, expected", NEWCOMBE)
def test_wilson_matches_newcombe_1998(x, n, expected):
    assert wilson_ci(x, n) == expected


def test_wilson_zero_of_ten():
    # 0/10: upper limit z^2/(n+z^2) = 3.8415/13.8415 = 27.75% -> 27.8
    assert wilson_ci(0, 10) == (0.0, 27.8)
    assert wilson_ci(10, 10) == (72.2, 100.0)


@pytest.mark.parametrize("x, n", [(x, n) for n in (1, 7, 10, 12, 48, 263) for x in range(0, n + 1, max(1, n // 6))])
def test_wilson_agrees_with_scipy(x, n):
    # independent implementation: scipy's binomtest Wilson interval
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson_ci(x, n)
    assert low == pytest.approx(ci.low * 100, abs=0.051)
    assert high == pytest.approx(ci.high * 100, abs=0.051)


def test_wilson_empty_base_is_none():
    assert wilson_ci(0, 0) is None


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError):
        wilson_ci(11, 10)


# --- compare_proportions -----------------------------------------------------


def test_small_rounds_six_point_change_is_not_significant():
    # 9/12 = 75% -> 13/16 = 81%: six points, but with these bases that is noise
    r = compare_proportions(9, 12, 13, 16)
    assert r["change_points"] == 6
    assert r["test"] == FISHER  # expected "no" cells are about 2
    assert r["significant"] is False
    assert r["p_value"] == pytest.approx(stats.fisher_exact([[9, 3], [13, 3]])[1])


def test_large_rounds_six_point_change_is_significant():
    r = compare_proportions(700, 1000, 760, 1000)
    assert r["change_points"] == 6
    assert r["test"] == Z_TEST
    pooled = 1460 / 2000
    z = 0.06 / math.sqrt(pooled * (1 - pooled) * (2 / 1000))
    assert r["p_value"] == pytest.approx(2 * stats.norm.sf(z))
    assert r["p_value"] < 0.01 and r["significant"] is True


def test_change_is_signed_and_p_symmetric():
    up = compare_proportions(300, 500, 350, 500)
    down = compare_proportions(350, 500, 300, 500)
    assert up["change_points"] == 10 and down["change_points"] == -10
    assert up["p_value"] == pytest.approx(down["p_value"])


def test_expected_cell_of_exactly_five_uses_z_test():
    # 20 and 20 people, 10 "yes" in all: every expected "yes" cell is 20*10/40 = 5
    assert compare_proportions(4, 20, 6, 20)["test"] == Z_TEST
    # 9 "yes" in all: expected 4.5 < 5 -> Fisher
    assert compare_proportions(4, 20, 5, 20)["test"] == FISHER


def test_alpha_is_used():
    r = compare_proportions(30, 100, 42, 100)  # p about 0.077
    assert not r["significant"]
    assert compare_proportions(30, 100, 42, 100, alpha=0.10)["significant"]


@pytest.mark.parametrize("args", [(0, 0, 5, 10), (5, 10, 0, 0)])
def test_empty_round_gives_no_test(args):
    r = compare_proportions(*args)
    assert r == {"change_points": None, "p_value": None, "significant": False, "test": None}


# --- question_figures ---------------------------------------------------------


def seed_like():
    return frames(
        {
            ("clinic_location", "unhappy"): 3,
            ("clinic_location", "okay"): 8,
            ("clinic_location", "happy"): 20,
            ("clinic_location", "very_happy"): 17,
            ("remote_used", "video"): 25,
            ("remote_used", "telephone"): 30,
            ("remote_used", "neither"): 4,
            ("future_remote", "yes"): 18,
            ("future_remote", "no"): 16,
            ("future_remote", "not_sure"): 9,
        },
        {"clinic_location": 48, "remote_used": 43, "future_remote": 43, "what_was_good": 30},
    )


def test_scale_figures_like_the_seed_report():
    figs = question_figures(*seed_like(), QUESTIONS)
    f = figs["clinic_location"]
    assert f["type"] == "scale" and f["n"] == 48
    assert f["counts"] == {"very_unhappy": 0, "unhappy": 3, "okay": 8, "happy": 20, "very_happy": 17}
    assert f["pct"] == {"very_unhappy": 0, "unhappy": 6, "okay": 17, "happy": 42, "very_happy": 35}
    assert f["positive"] == 37 and f["positive_pct"] == 77  # seed: 77% satisfied
    assert f["positive_ci95"] == list(wilson_ci(37, 48))
    assert f["positive_options"] == ["happy", "very_happy"]


def test_multiple_choice_is_percent_of_people_not_ticks():
    f = question_figures(*seed_like(), QUESTIONS)["remote_used"]
    assert f["pct"] == {"video": 58, "telephone": 70, "neither": 9}
    assert sum(f["pct"].values()) > 100  # people could tick more than one
    assert "positive" not in f  # adding ticks would count people twice


def test_single_choice_and_text():
    figs = question_figures(*seed_like(), QUESTIONS)
    assert figs["future_remote"]["pct"] == {"yes": 42, "no": 37, "not_sure": 21}  # seed: 42% / 37%
    assert "positive" not in figs["future_remote"]
    assert figs["what_was_good"] == {"type": "text", "n": 30}


def test_single_choice_with_positive_list_gets_positive():
    q = [{"id": "future_remote", "type": "single", "options": ["yes", "no", "not_sure"], "positive": ["yes"]}]
    f = question_figures(*seed_like(), q)["future_remote"]
    assert f["positive"] == 18 and f["positive_pct"] == 42


def test_scale_without_positive_list_uses_top_two():
    q = [{"id": "clinic_location", "type": "scale", "options": HAPPY}]
    assert question_figures(*seed_like(), q)["clinic_location"]["positive"] == 37


def test_unanswered_question_has_zero_base_and_no_percentages():
    c, b = frames({}, {})
    f = question_figures(c, b, QUESTIONS[:1])["clinic_location"]
    assert f["n"] == 0 and f["positive"] == 0
    assert set(f["pct"].values()) == {None}
    assert f["positive_pct"] is None and f["positive_ci95"] is None


def test_figures_are_json_safe():
    json.dumps(question_figures(*seed_like(), QUESTIONS))


def test_unknown_option_is_refused():
    c, b = frames({("clinic_location", "ecstatic"): 2}, {"clinic_location": 2})
    with pytest.raises(ValueError, match="ecstatic"):
        question_figures(c, b, QUESTIONS[:1])


def test_counts_that_do_not_add_up_are_refused():
    c, b = frames({("clinic_location", "happy"): 5}, {"clinic_location": 6})
    with pytest.raises(ValueError, match="add up"):
        question_figures(c, b, QUESTIONS[:1])


def test_count_above_base_is_refused():
    c, b = frames({("remote_used", "video"): 7}, {"remote_used": 6})
    with pytest.raises(ValueError):
        question_figures(c, b, QUESTIONS[1:2])


def test_several_groups_need_breakdown():
    c1, b1 = frames({("clinic_location", "happy"): 5}, {"clinic_location": 5}, group="A")
    c2, b2 = frames({("clinic_location", "happy"): 5}, {"clinic_location": 5}, group="B")
    with pytest.raises(ValueError, match="breakdown"):
        question_figures(pd.concat([c1, c2]), pd.concat([b1, b2]), QUESTIONS[:1])


def test_missing_column_is_reported():
    c, b = seed_like()
    with pytest.raises(ValueError, match="count"):
        question_figures(c.drop(columns="count"), b, QUESTIONS)


# --- breakdown ----------------------------------------------------------------


def test_breakdown_is_question_figures_per_group_in_given_order():
    c1, b1 = frames({("clinic_location", "happy"): 6, ("clinic_location", "okay"): 4}, {"clinic_location": 10}, "South")
    c2, b2 = frames({("clinic_location", "very_happy"): 12}, {"clinic_location": 12}, "North")
    bd = breakdown(pd.concat([c1, c2]), pd.concat([b1, b2]), QUESTIONS[:1])
    assert list(bd) == ["South", "North"]
    assert bd["South"] == question_figures(c1.drop(columns="group"), b1.drop(columns="group"), QUESTIONS[:1])
    assert bd["North"]["clinic_location"]["positive_pct"] == 100


def test_group_with_base_but_no_counts_is_kept():
    c, b = frames({("clinic_location", "happy"): 6}, {"clinic_location": 6}, "A")
    b = pd.concat([b, pd.DataFrame({"question_id": ["clinic_location"], "n": [0], "group": ["B"]})])
    bd = breakdown(c, b, QUESTIONS[:1])
    assert bd["B"]["clinic_location"]["n"] == 0


def test_breakdown_needs_group_column():
    with pytest.raises(ValueError, match="group"):
        breakdown(*seed_like(), QUESTIONS)


# --- trend --------------------------------------------------------------------


def test_trend_orders_rounds_and_compares_each_with_the_previous():
    rows = pd.DataFrame(
        {"round": ["2025", "2023", "2024"], "order": [3, 1, 2], "positive": [760, 700, 0], "n": [1000, 1000, 0]}
    )
    t = trend(rows)
    assert list(t["round"]) == ["2023", "2024", "2025"]
    assert list(t["pct"][[0, 2]]) == [70, 76]
    assert pd.isna(t["pct"][1])
    assert (t.loc[0, "ci_low"], t.loc[0, "ci_high"]) == wilson_ci(700, 1000)
    # first round and any change touching an empty round have no change
    assert t["change_points"].isna().all()
    assert t["significant"].isna().all()
    assert "pct" not in rows  # input untouched


def test_trend_change_columns():
    rows = pd.DataFrame({"round": ["a", "b", "c"], "order": [1, 2, 3], "positive": [9, 13, 800], "n": [12, 16, 1000]})
    t = trend(rows)
    assert t.loc[1, "change_points"] == 6 and not t.loc[1, "significant"]
    assert t.loc[1, "test"] == FISHER
    assert t.loc[2, "change_points"] == -1
    assert pd.isna(t.loc[0, "change_points"]) and pd.isna(t.loc[0, "p_value"])
