"""analysis/disclosure.py: after protect(), no withheld count under 5 can be worked out from
the shown figures, taken together -- checked with integer programmes, by hand and over many
random tables."""
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.disclosure import Family, feasible_range, primary, protect

T = 5


def hierarchy(counts: dict) -> Family:
    """counts {(org, site, option): n} -> sites, organisations and the partnership, each with
    its n and every option count (the shape of a board's results page)."""
    keys = sorted(counts)
    fam = Family([counts[k] for k in keys])
    orgs = sorted({k[0] for k in keys})
    groups = ([("all", lambda k: True, 6)] + [(("org", o), lambda k, o=o: k[0] == o, 3) for o in orgs]
              + [(("site", s), lambda k, s=s: k[1] == s, 0) for s in sorted({k[1] for k in keys})])
    options = sorted({k[2] for k in keys})
    for name, member, level in groups:
        atoms = [i for i, k in enumerate(keys) if member(k)]
        n = fam.add((name, "n"), atoms, rank=2 + level)
        fam.figures[n].base = n
        for o in options:
            fam.add((name, o), [i for i in atoms if keys[i][2] == o], base=n, rank=level)
    return fam


def assert_protected(fam: Family) -> None:
    decision = protect(fam, T)
    for i in decision.withheld:
        v = fam.value(i)
        if v >= T or not fam.figures[i].atoms:
            continue
        lo, hi = feasible_range(fam, decision.withheld, i, T, integer=True)
        assert lo <= 0 and hi >= T, (fam.figures[i].key, v, lo, hi)
        if v > 0:
            lo, hi = feasible_range(fam, decision.withheld, i, T, markers=True, blanket=decision.blanket, integer=True)
            assert hi - lo >= 1, (fam.figures[i].key, v, lo, hi)


def test_the_whole_minus_all_but_one_site_is_not_a_site():
    # The attack: all sites 8, the other two 7, so the third is 1.
    counts = {("A", "a1", "unhappy"): 1, ("A", "a1", "happy"): 30,
              ("A", "a2", "unhappy"): 4, ("A", "a2", "happy"): 25,
              ("B", "b1", "unhappy"): 3, ("B", "b1", "happy"): 40}
    fam = hierarchy(counts)
    before = primary(fam, T)
    pinned = [i for i in before.withheld if fam.value(i) and
              feasible_range(fam, before.withheld, i, T)[1] < T]
    assert pinned  # primary suppression alone leaves them to subtraction
    assert_protected(fam)


def test_a_hidden_cell_that_two_shown_figures_give_away_is_protected():
    # Age under 11 (15) less the under-11 version (12): 3 on Easy Read under 11, never shown.
    fam = Family([12, 3, 20, 7])  # standard u11, Easy Read u11, standard 11-15, Easy Read no age
    for key, atoms in [("all", [0, 1, 2, 3]), ("age u11", [0, 1]), ("version u11", [0]),
                       ("Easy Read", [1, 3]), ("age 11-15", [2]), ("no age", [3])]:
        fam.add(key, atoms)
    hidden = fam.add("Easy Read u11", [1], hidden=True)
    decision = protect(fam, T)
    assert hidden in decision.withheld and decision.withheld - {hidden}
    lo, hi = feasible_range(fam, decision.withheld, hidden, T, integer=True)
    assert lo <= 0 and hi >= T


def test_four_small_sites_under_a_small_total_are_not_pinned_by_their_markers():
    # Each site "<5" and the partnership "<5": if "<5" meant at least one, the total would be 4.
    counts = {("A", f"s{i}", o): (1 if o == "unhappy" else 20) for i in range(4) for o in ("unhappy", "happy")}
    assert_protected(hierarchy(counts))


def test_a_tiny_site_gives_nothing_away_not_even_that_nobody_chose_an_option():
    counts = {("A", "big", "unhappy"): 6, ("A", "big", "okay"): 9, ("A", "big", "happy"): 30,
              ("A", "tiny", "unhappy"): 0, ("A", "tiny", "okay"): 0, ("A", "tiny", "happy"): 3}
    fam = hierarchy(counts)
    decision = protect(fam, T)
    tiny = [i for i, f in enumerate(fam.figures) if f.key[0] == ("site", "tiny")]
    assert set(tiny) <= decision.withheld
    for i in tiny:
        assert feasible_range(fam, decision.withheld, i, T, integer=True)[1] >= T


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 14), min_size=12, max_size=12), st.integers(2, 3))
def test_any_small_table_is_protected(values, sites):
    orgs = ["A", "A", "B"][:sites]
    counts = {(orgs[s], f"s{s}", o): values[s * 4 + k] for s in range(sites)
              for k, o in enumerate(("very_unhappy", "unhappy", "okay", "happy"))}
    assert_protected(hierarchy(counts))
