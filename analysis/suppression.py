"""Small-number suppression for anything a board or the public sees.

product.md: "a count from 1 to 4 is shown as <5 (and enough other cells suppressed that
it cannot be worked out); no percentage is shown for a base under 10."

Markers (one meaning each, so a reader never has to guess):

* ``0`` -- a true zero is shown. Hiding zeros would hide most of a small table, and
  "nobody chose this" is not a count of identifiable children; the GP Patient Survey and
  ONS tables publish zeros too. (Zeros still feed the checks below: a shown 0 is a known
  value a reader can subtract.)
* ``"<5"`` (``f"<{threshold}"``) -- primary suppression: the count is 1 to threshold-1.
  Only ever used for a count in that range, so "<5" is true as written.
* ``"[c]"`` -- "confidential", as in ONS tables: a count withheld only so that a "<5"
  elsewhere cannot be worked out. Usually it is threshold or more; when the question's
  base itself is under the threshold, every cell of it is "[c]", zeros included (else the
  zeros would show that all those few children gave the same answer).

How "cannot be worked out" is checked. The simple rule "if one cell of a row is
suppressed, suppress the next-smallest too" still leaks: counts (1, 1, 20, 20, 20) with
n = 62 publish "<5", "<5" and the rest, and 62 - 60 = 2 means both are 1; counts
(1, 5, 20, 20, 20) publish "<5", "[c]" and the reader, knowing [c] >= 5, gets 1 and 5.
So after the primary marks we take the published table as a reader would -- every shown
number, n, the positive count, the row relation (single choice: the options add up to n;
multiple choice: each option is at most n and together at least n) and, across groups,
column totals assumed published elsewhere -- and compute for every withheld number the
smallest and largest value it could have (a small linear programme; the constraints are
sums of cells, whose programmes have whole-number solutions, so the bounds are exact).
While any withheld small count (1..threshold-1) is pinned to one value, we withhold the
smallest non-zero number that shares a relation with it (the classic next-smallest
rule), preferring option counts to the positive count and both to n, and check again.
A withheld count of threshold or more that can be worked out is no disclosure: it is a
number we could have shown. The reader's table and its checks are in suppression_table.
"""

from __future__ import annotations

from analysis.suppression_table import SHOWN, SMALL, ReaderTable, add_question

THRESHOLD = 5
MIN_BASE = 10
CONFIDENTIAL = "[c]"


def small_marker(threshold: int = THRESHOLD) -> str:
    return f"<{threshold}"


def _check_limits(threshold: int, min_base: int = MIN_BASE) -> None:
    # The floors are the product rule; a caller may be stricter, never looser.
    if threshold < THRESHOLD:
        raise ValueError(f"threshold may not be lower than {THRESHOLD}: {threshold}")
    if min_base < MIN_BASE:
        raise ValueError(f"min_base may not be lower than {MIN_BASE}: {min_base}")


def suppress_count(count: int, threshold: int = THRESHOLD) -> int | str:
    """Primary rule for one count: 1..threshold-1 -> "<threshold"; 0 and larger shown."""
    _check_limits(threshold)
    count = int(count)
    return small_marker(threshold) if 0 < count < threshold else count


def _published(table: ReaderTable, i: int) -> int | str:
    """A cell as the reader sees it: its number, or the marker that stands for it."""
    c = table.cells[i]
    if c.state == SHOWN:
        return c.value
    return small_marker(table.threshold) if c.state == SMALL else CONFIDENTIAL


def _publish(table: ReaderTable, idx: dict, fig: dict, min_base: int) -> dict:
    n = _published(table, idx["n"])
    base_suppressed = not (isinstance(n, int) and n >= min_base)
    out = {"type": fig["type"], "n": n}
    if "counts" in fig:
        out["counts"] = {o: _published(table, idx[("opt", o)]) for o in fig["counts"]}
        # A percentage of a withheld count would give the count back.
        out["pct"] = {
            o: (fig["pct"][o] if not base_suppressed and isinstance(out["counts"][o], int) else None)
            for o in fig["counts"]
        }
    if "positive" in fig:
        positive = _published(table, idx["positive"])
        show = not base_suppressed and isinstance(positive, int)
        out["positive"] = positive
        out["positive_pct"] = fig["positive_pct"] if show else None
        out["positive_ci95"] = fig["positive_ci95"] if show else None
        out["positive_options"] = list(fig["positive_options"])
    out["base_suppressed"] = base_suppressed
    return out


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def suppress_question(fig: dict, threshold: int = THRESHOLD, min_base: int = MIN_BASE) -> dict:
    """One entry of question_figures made safe to publish; same shape plus
    ``"base_suppressed"`` (True when n is under min_base or withheld: then every
    percentage and the interval are None). Withheld counts read "<5" or "[c]" (module
    docstring) and their percentages are None."""
    _check_limits(threshold, min_base)
    table = ReaderTable(threshold)
    idx = add_question(table, None, fig)
    table.protect()
    return _publish(table, idx, fig, min_base)


def suppress_breakdown(
    bd: dict,
    threshold: int = THRESHOLD,
    min_base: int = MIN_BASE,
    totals_published: bool = True,
) -> dict:
    """breakdown() output made safe: each group as suppress_question, and across groups.

    With ``totals_published`` (the default, and the safe assumption: the partnership
    figure is normally on the same page) every column total -- each option count, the
    positive count and n, summed over the groups -- is taken as known, so a withheld cell
    in one group is not the total minus the other groups; when it would be, the smallest
    such cell of another group is withheld too. Groups must not overlap (sites, age bands).

    Raises suppression_table.UnprotectableError (a ValueError) in the rare case where the
    totals alone pin a small count however much is withheld; the caller should then merge
    small groups or show "not enough responses" for the breakdown.
    """
    _check_limits(threshold, min_base)
    out = {g: {} for g in bd}
    questions = list(dict.fromkeys(q for figs in bd.values() for q in figs))
    for qid in questions:
        table = ReaderTable(threshold)
        idx = {g: add_question(table, g, figs[qid]) for g, figs in bd.items() if qid in figs}
        if totals_published and len(idx) > 1:
            fields = set.intersection(*(set(i) for i in idx.values()))
            for f in fields:
                cells = {i[f]: 1 for i in idx.values()}
                table.eq.append((cells, sum(table.cells[j].value for j in cells)))
        table.protect()
        for g, i in idx.items():
            out[g][qid] = _publish(table, i, bd[g][qid], min_base)
    return out


def suppress_trend(df, threshold: int = THRESHOLD, min_base: int = MIN_BASE):
    """trend() output made safe for a board: a positive count of 1..threshold-1 reads
    "<5" and no percentage, interval or change is shown for a round under min_base or
    with a withheld count (either side of a change). Rounds are different people, so
    there is no total across them to protect."""
    _check_limits(threshold, min_base)
    out = df.copy()
    # n minus positive is published too (by subtraction), so it must not be small either.
    hidden = [not (n >= min_base and not 0 < x < threshold and not 0 < n - x < threshold)
              for x, n in zip(df["positive"], df["n"])]
    out["positive"] = [CONFIDENTIAL if 0 < n - x < threshold and not 0 < x < threshold
                       else suppress_count(x, threshold) for x, n in zip(df["positive"], df["n"])]
    out["n"] = [suppress_count(n, threshold) for n in df["n"]]
    out = out.astype({"positive": object, "n": object})
    for col in ("pct", "ci_low", "ci_high"):
        out.loc[hidden, col] = None
    prev_hidden = [True] + hidden[:-1]
    change_hidden = [a or b for a, b in zip(hidden, prev_hidden)]
    for col in ("change_points", "p_value", "test", "significant"):
        if col in out:
            out.loc[change_hidden, col] = None
    out["suppressed"] = hidden
    return out
