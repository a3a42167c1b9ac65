import itertools
import json
import random

import pandas as pd
import pytest

from analysis.figures import question_figures, trend, whole_pct, wilson_ci
from analysis.suppression import (
    CONFIDENTIAL,
    MIN_BASE,
    THRESHOLD,
    suppress_breakdown,
    suppress_count,
    suppress_question,
    suppress_trend,
)

HAPPY = ["very_unhappy", "unhappy", "okay", "happy", "very_happy"]
POS = ["happy", "very_happy"]
SMALL = "<5"


def scale(*counts):
    c = dict(zip(HAPPY, counts))
    n = sum(counts)
    p = c["happy"] + c["very_happy"]
    ci = wilson_ci(p, n)
    return {
        "type": "scale",
        "n": n,
        "counts": c,
        "pct": {o: whole_pct(v, n) for o, v in c.items()},
        "positive": p,
        "positive_pct": whole_pct(p, n),
        "positive_ci95": list(ci) if ci else None,
        "positive_options": POS,
    }


def multi(n, **counts):
    return {"type": "multi", "n": n, "counts": counts, "pct": {o: whole_pct(v, n) for o, v in counts.items()}}


def values(out):
    return list(out["counts"].values())


# --- an independent reader -----------------------------------------------------
# Tries every table of whole numbers that fits what was published and collects the values
# each withheld number could take. No linear programming here, so it checks the module's
# reasoning rather than repeating it. "<5" means 1..4; "[c]" means 5 or more, except in
# a row whose n reads "<5", where it can be anything up to 4.


def _domain(shown, blanket, cap):
    if isinstance(shown, int):
        return [shown]
    if shown == SMALL:
        return list(range(1, 5))
    return list(range(0, 5)) if blanket else list(range(5, cap + 1))


def possible_rows(pub, cap):
    """Every (counts..., positive, n) of a scale row consistent with its publication."""
    blanket = pub["n"] == SMALL
    doms = [_domain(v, blanket, cap) for v in pub["counts"].values()]
    pos_dom = set(_domain(pub["positive"], blanket, cap))
    n_dom = set(_domain(pub["n"], blanket, cap * 5))
    for cells in itertools.product(*doms):
        p = cells[3] + cells[4]
        n = sum(cells)
        if p in pos_dom and n in n_dom:
            yield (*cells, p, n)


def exposed(pub, truth, cap):
    """Withheld small counts (1-4) that have only one possible value. A "[c]" of 5 or
    more that can be worked out is a number that could have been shown anyway."""
    options = list(zip(*possible_rows(pub, cap)))
    assert options, "the true table must be among the possibilities"
    names = HAPPY + ["positive", "n"]
    published = values(pub) + [pub["positive"], pub["n"]]
    true = values(truth) + [truth["positive"], truth["n"]]
    return [
        name
        for name, shown, real, seen in zip(names, published, true, options)
        if not isinstance(shown, int) and 0 < real < 5 and len(set(seen)) == 1
    ]


def assert_safe(counts):
    raw = scale(*counts)
    out = suppress_question(raw)
    assert exposed(out, raw, cap=max(raw["n"], 5)) == []
    return out


# --- suppress_count -------------------------------------------------------------


@pytest.mark.parametrize("count, shown", [(0, 0), (1, SMALL), (4, SMALL), (5, 5), (37, 37)])
def test_suppress_count(count, shown):
    assert suppress_count(count) == shown


def test_stricter_threshold_changes_the_marker():
    assert suppress_count(7, threshold=10) == "<10"
    assert suppress_count(10, threshold=10) == 10


@pytest.mark.parametrize("kwargs", [{"threshold": 4}, {"min_base": 9}, {"threshold": 3, "min_base": 5}])
def test_looser_than_the_product_rule_is_refused(kwargs):
    with pytest.raises(ValueError):
        suppress_question(scale(0, 0, 10, 10, 10), **kwargs)
    with pytest.raises(ValueError):
        suppress_breakdown({"A": {"q": scale(0, 0, 10, 10, 10)}}, **kwargs)


def test_suppress_count_refuses_low_threshold():
    with pytest.raises(ValueError):
        suppress_count(3, threshold=3)


def test_product_floor_constants():
    assert (THRESHOLD, MIN_BASE) == (5, 10)


# --- within one question ----------------------------------------------------------


def test_nothing_small_nothing_hidden():
    raw = scale(0, 6, 10, 20, 12)
    out = suppress_question(raw)
    assert out["counts"] == raw["counts"] and out["pct"] == raw["pct"]
    assert out["positive_pct"] == raw["positive_pct"] and out["positive_ci95"] == raw["positive_ci95"]
    assert out["base_suppressed"] is False


def test_true_zero_is_shown():
    out = suppress_question(scale(0, 0, 0, 0, 12))
    assert values(out) == [0, 0, 0, 0, 12] and out["pct"]["very_unhappy"] == 0


def test_one_small_cell_brings_the_next_smallest_with_it():
    # 3 alone would be n - (10 + 20 + 20) = 3, so the next smallest (10) goes too, as [c]
    out = assert_safe((0, 3, 10, 20, 20))
    assert values(out) == [0, SMALL, CONFIDENTIAL, 20, 20]
    assert out["pct"] == {"very_unhappy": 0, "unhappy": None, "okay": None, "happy": 38, "very_happy": 38}
    assert out["n"] == 53 and out["positive"] == 40 and out["positive_pct"] == 75


def test_two_small_cells_that_add_to_two_are_not_enough():
    # "<5", "<5" with 62 - 60 = 2 left means both are 1: a third cell must go
    out = assert_safe((1, 1, 20, 20, 20))
    assert values(out) == [SMALL, SMALL, CONFIDENTIAL, 20, 20]


def test_secondary_of_exactly_threshold_is_not_enough_on_its_own():
    # (1, 5, ...): "<5" + "[c]" = 6 with [c] >= 5 would give 1 and 5
    out = assert_safe((1, 5, 20, 20, 20))
    assert values(out).count(SMALL) == 1 and values(out).count(CONFIDENTIAL) == 1
    assert out["counts"]["unhappy"] == 5  # the 20 went instead, which is safe


def test_positive_count_would_give_a_cell_back():
    # happy [c] alone would be positive 13 - very_happy 7 = 6
    out = assert_safe((0, 2, 0, 6, 7))
    assert out["counts"]["unhappy"] == SMALL
    assert not isinstance(out["positive"], int)
    assert out["positive_pct"] is None and out["positive_ci95"] is None
    assert out["n"] == 15 and out["base_suppressed"] is False


def test_small_positive_count_is_marked_and_hides_its_percentage():
    out = assert_safe((10, 10, 10, 3, 0))
    assert out["positive"] == SMALL
    assert out["positive_pct"] is None and out["positive_ci95"] is None


def test_base_under_ten_shows_counts_but_no_percentages():
    out = assert_safe((0, 0, 2, 3, 4))
    assert out["n"] == 9
    assert out["base_suppressed"] is True
    assert set(out["pct"].values()) == {None}
    assert out["positive_pct"] is None and out["positive_ci95"] is None


def test_base_of_ten_shows_percentages():
    out = suppress_question(scale(0, 0, 0, 5, 5))
    assert out["base_suppressed"] is False and out["positive_pct"] == 100


def test_base_under_five_withholds_the_whole_question():
    out = assert_safe((0, 0, 0, 3, 0))
    assert out["n"] == SMALL
    assert values(out) == [CONFIDENTIAL] * 5  # zeros too: else "all 3 said happy" shows
    assert out["positive"] == CONFIDENTIAL and out["base_suppressed"] is True


def test_empty_question():
    out = suppress_question(scale(0, 0, 0, 0, 0))
    assert out["n"] == 0 and values(out) == [0] * 5 and out["base_suppressed"] is True


def test_stricter_min_base():
    out = suppress_question(scale(0, 0, 5, 5, 5), min_base=20)
    assert out["n"] == 15 and out["base_suppressed"] is True and out["positive_pct"] is None


def test_shape_is_kept_and_json_safe():
    raw = scale(0, 3, 10, 20, 20)
    out = suppress_question(raw)
    assert set(out) == set(raw) | {"base_suppressed"}
    assert list(out["counts"]) == HAPPY
    json.dumps(out)


def test_input_is_not_changed():
    raw = scale(0, 3, 10, 20, 20)
    copy = json.loads(json.dumps(raw))
    suppress_question(raw)
    assert raw == copy


def test_already_suppressed_input_is_refused():
    with pytest.raises(ValueError):
        suppress_question(suppress_question(scale(0, 3, 10, 20, 20)))


@pytest.mark.parametrize("n, shown", [(0, 0), (3, SMALL), (12, 12)])
def test_text_question_shows_only_its_count(n, shown):
    assert suppress_question({"type": "text", "n": n})["n"] == shown


def test_multiple_choice_small_cell():
    # options are not tied by a sum here (people tick several), so "<5" alone is safe as
    # long as "each option <= n, together >= n" cannot pin it
    out = suppress_question(multi(43, video=25, telephone=4, neither=15))
    assert out["counts"] == {"video": 25, "telephone": SMALL, "neither": 15}
    assert out["pct"] == {"video": 58, "telephone": None, "neither": 35}


def test_multiple_choice_pinned_by_at_least_one_tick_each():
    # 10 people, 6 ticked video, nobody "neither": telephone >= 4 and it is < 5, so 4
    out = suppress_question(multi(10, video=6, telephone=4, neither=0))
    assert out["counts"]["telephone"] == SMALL
    assert out["counts"]["video"] == CONFIDENTIAL or out["n"] == CONFIDENTIAL


@pytest.mark.parametrize("seed", range(15))
def test_random_rows_never_expose_a_small_count(seed):
    rng = random.Random(seed)
    counts = tuple(rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in HAPPY)
    if sum(counts) == 0:
        counts = (0, 0, 1, 0, 6)
    out = assert_safe(counts)
    # primary rule always holds
    for real, shown in zip(counts, values(out)):
        if 0 < real < 5:
            assert shown in (SMALL, CONFIDENTIAL)
        if isinstance(shown, int):
            assert shown == real


# --- across groups ------------------------------------------------------------------


def test_across_groups_the_same_cell_of_another_group_goes_too():
    # A's unhappy is "<5"; if B and C showed theirs, the partnership total (shown on the
    # same page) minus them would give it.
    bd = {
        "A": {"q": scale(0, 3, 10, 20, 20)},
        "B": {"q": scale(0, 6, 10, 20, 20)},
        "C": {"q": scale(0, 8, 10, 20, 21)},
    }
    out = suppress_breakdown(bd)
    assert out["A"]["q"]["counts"]["unhappy"] == SMALL
    others = [out[g]["q"]["counts"]["unhappy"] for g in ("B", "C")]
    assert CONFIDENTIAL in others
    for g in out:
        assert isinstance(out[g]["q"]["n"], int) and out[g]["q"]["base_suppressed"] is False


def test_across_groups_not_needed_when_totals_are_not_published():
    bd = {"A": {"q": scale(0, 3, 10, 20, 20)}, "B": {"q": scale(0, 6, 10, 20, 20)}}
    out = suppress_breakdown(bd, totals_published=False)
    assert out["B"]["q"]["counts"] == bd["B"]["q"]["counts"]
    assert out["A"]["q"] == suppress_question(bd["A"]["q"])


def test_across_groups_by_brute_force():
    # Two groups of a three-option single question, totals published: every table that
    # fits the publication is tried, and A's small count must keep more than one value.
    opts = ["yes", "no", "not_sure"]

    def single(*c):
        n = sum(c)
        return {"type": "single", "n": n, "counts": dict(zip(opts, c)), "pct": {o: whole_pct(v, n) for o, v in zip(opts, c)}}

    bd = {"A": {"q": single(2, 9, 7)}, "B": {"q": single(8, 6, 11)}}
    out = suppress_breakdown(bd)
    pubs = [values(out[g]["q"]) + [out[g]["q"]["n"]] for g in ("A", "B")]
    truth = [[2, 9, 7, 18], [8, 6, 11, 25]]
    totals = [a + b for a, b in zip(truth[0], truth[1])]
    doms = [[_domain(v, False, 43) for v in row] for row in pubs]
    seen = []
    for a in itertools.product(*doms[0][:3]):
        if sum(a) not in doms[0][3]:
            continue
        b = tuple(t - x for t, x in zip(totals[:3], a))
        if all(x in d for x, d in zip(b, doms[1][:3])) and sum(b) in doms[1][3]:
            seen.append(a + (sum(a),) + b + (sum(b),))
    assert tuple(truth[0] + truth[1]) in seen
    flat_pub = pubs[0] + pubs[1]
    flat_true = truth[0] + truth[1]
    for i, (shown, real) in enumerate(zip(flat_pub, flat_true)):
        if not isinstance(shown, int) and 0 < real < 5:
            assert len({s[i] for s in seen}) > 1, f"cell {i} exposed: {flat_pub}"


def test_small_group_base_is_protected_across_groups():
    # A has 4 respondents: n "<5". With the total n published, B's n would give it away.
    bd = {"A": {"q": scale(0, 0, 0, 4, 0)}, "B": {"q": scale(2, 5, 10, 20, 20)}, "C": {"q": scale(0, 5, 5, 5, 5)}}
    out = suppress_breakdown(bd)
    assert out["A"]["q"]["n"] == SMALL
    assert [out[g]["q"]["n"] for g in "BC"].count(CONFIDENTIAL) >= 1


def test_breakdown_keeps_groups_and_questions():
    bd = {
        "North": {"q": scale(0, 6, 10, 20, 12), "t": {"type": "text", "n": 7}},
        "South": {"q": scale(0, 5, 10, 20, 15), "t": {"type": "text", "n": 9}},
    }
    out = suppress_breakdown(bd)
    assert list(out) == ["North", "South"] and list(out["North"]) == ["q", "t"]
    assert out["North"]["q"]["counts"] == bd["North"]["q"]["counts"]
    assert out["South"]["t"]["n"] == 9


def test_end_to_end_from_frames():
    qs = [{"id": "q", "type": "scale", "options": HAPPY, "positive": POS}]
    counts = pd.DataFrame({"question_id": ["q"] * 3, "option_id": ["okay", "happy", "very_happy"], "count": [2, 20, 18]})
    bases = pd.DataFrame({"question_id": ["q"], "n": [40]})
    out = suppress_question(question_figures(counts, bases, qs)["q"])
    assert out["counts"]["okay"] == SMALL and out["positive_pct"] is None  # 40 - 38 = 2
    assert out["n"] == 40


# --- trend ------------------------------------------------------------------------


def test_suppress_trend_hides_small_rounds_and_their_changes():
    rows = pd.DataFrame({"round": ["a", "b", "c", "d"], "order": [1, 2, 3, 4], "positive": [30, 3, 40, 45], "n": [48, 8, 50, 55]})
    out = suppress_trend(trend(rows))
    assert list(out["positive"]) == [30, SMALL, 40, 45]
    assert list(out["suppressed"]) == [False, True, False, False]
    assert pd.isna(out.loc[1, "pct"]) and pd.isna(out.loc[1, "ci_low"])
    # b's change from a, and c's change from b, would show b's figure
    assert pd.isna(out.loc[1, "change_points"]) and pd.isna(out.loc[2, "change_points"])
    assert out.loc[3, "change_points"] == 2


def test_suppress_trend_refuses_low_threshold():
    rows = trend(pd.DataFrame({"round": ["a"], "order": [1], "positive": [3], "n": [8]}))
    with pytest.raises(ValueError):
        suppress_trend(rows, threshold=2)


def test_suppress_trend_protects_the_complement_too():
    # 48 of 50 positive: n - positive = 2 would be a small count worked out by subtraction.
    rows = pd.DataFrame({"round": ["a", "b"], "order": [1, 2], "positive": [48, 30], "n": [50, 50]})
    out = suppress_trend(trend(rows))
    assert out.loc[0, "positive"] == CONFIDENTIAL and pd.isna(out.loc[0, "pct"])
    assert list(out["suppressed"]) == [True, False]
    assert out.loc[1, "positive"] == 30
