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
number we could have shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

THRESHOLD = 5
MIN_BASE = 10
CONFIDENTIAL = "[c]"

SHOWN, SMALL, CONF = "shown", "small", "conf"


class UnprotectableError(ValueError):
    """No amount of withholding hides a small count (see suppress_breakdown)."""


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


# ---------------------------------------------------------------------------
# the published table as a reader sees it
# ---------------------------------------------------------------------------


@dataclass
class _Cell:
    key: tuple  # (group, field) with field "n", "positive" or ("opt", option_id)
    value: int
    state: str = SHOWN
    blanket: bool = False  # withheld with its whole row: a reader can assume nothing of it

    @property
    def rank(self) -> int:
        # tie-break for the next-smallest rule: options before positive before n
        return {"n": 2, "positive": 1}.get(self.key[1], 0)


@dataclass
class _Table:
    threshold: int
    cells: list = field(default_factory=list)
    eq: list = field(default_factory=list)  # (coefs {index: c}, rhs)  sum == rhs
    ub: list = field(default_factory=list)  # (coefs {index: c}, rhs)  sum <= rhs

    def add(self, key, value) -> int:
        self.cells.append(_Cell(key, int(value)))
        return len(self.cells) - 1

    def bounds(self, i: int) -> tuple:
        c, t = self.cells[i], self.threshold
        if c.state == SHOWN:
            return (c.value, c.value)
        if c.state == SMALL:
            return (1, t - 1)
        return (0, None) if c.blanket else (t, None)

    def feasible_range(self, i: int) -> tuple[float, float]:
        size = len(self.cells)
        a_eq = b_eq = a_ub = b_ub = None
        if self.eq:
            a_eq, b_eq = _matrix(self.eq, size)
        if self.ub:
            a_ub, b_ub = _matrix(self.ub, size)
        bounds = [self.bounds(j) for j in range(size)]
        ends = []
        for sign in (1, -1):
            cost = np.zeros(size)
            cost[i] = sign
            res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if res.status == 3:  # unbounded: only possible upwards
                ends.append(np.inf)
            elif res.status != 0:
                raise ValueError(f"figures are inconsistent (no table fits them): {res.message}")
            else:
                ends.append(sign * res.fun)
        return ends[0], ends[1]

    def pinned(self) -> int | None:
        """A withheld small number (1..threshold-1) a reader could work out exactly.

        Only small numbers need to stay hidden: a "[c]" worked out as 12 gives away a
        count we could have shown anyway, and a zero worked out as zero the same; the
        programme still uses what such a number pins when it bounds the small ones."""
        for i, c in enumerate(self.cells):
            if c.state != SHOWN and 0 < c.value < self.threshold and self._exact(i):
                return i
        return None

    def _exact(self, i: int) -> bool:
        lo, hi = self.feasible_range(i)
        return hi - lo < 0.5

    def neighbours(self, i: int) -> set[int]:
        out = set()
        for coefs, _ in self.eq + self.ub:
            if i in coefs:
                out.update(coefs)
        out.discard(i)
        return out

    def protect(self) -> None:
        """Withhold more numbers until no withheld number can be worked out exactly."""
        while (i := self.pinned()) is not None:
            self._withhold_one_more(i)

    def _withhold_one_more(self, i: int) -> None:
        # Next-smallest rule, with a preference for what a board needs most: an option
        # count goes before the positive count, and both before n (n is the base of every
        # percentage). First choice: the smallest that frees cell i on its own.
        near = self.neighbours(i)
        shown = [j for j, c in enumerate(self.cells) if c.state == SHOWN and c.value > 0]
        order = sorted(shown, key=lambda j: (self.cells[j].rank, j not in near, self.cells[j].value))
        not_n = [j for j in order if self.cells[j].key[1] != "n"]
        if self._first_that_frees(i, not_n):
            return
        # Else withhold the smallest related count and go round again, which usually
        # ends with two or three cells withheld rather than n.
        related = [j for j in not_n if j in near]
        if related:
            self.cells[min(related, key=lambda j: self.cells[j].value)].state = CONF
            return
        n_cells = [j for j in order if self.cells[j].key[1] == "n"]
        if self._first_that_frees(i, n_cells):
            return
        if not shown:
            # Only possible across groups, when the published totals alone pin it.
            raise UnprotectableError(
                f"{self.cells[i].key} can be worked out from the published totals even with "
                "every figure withheld: merge small groups, or do not show the totals"
            )
        self.cells[min(shown, key=lambda j: (j not in near, self.cells[j].value))].state = CONF

    def _first_that_frees(self, i: int, candidates: list[int]) -> bool:
        for j in candidates:
            self.cells[j].state = CONF
            if not self._exact(i):
                return True
            self.cells[j].state = SHOWN
        return False

    def published(self, i: int) -> int | str:
        c = self.cells[i]
        if c.state == SHOWN:
            return c.value
        return small_marker(self.threshold) if c.state == SMALL else CONFIDENTIAL


def _matrix(rows: list, size: int):
    a = np.zeros((len(rows), size))
    for r, (coefs, _) in enumerate(rows):
        for j, c in coefs.items():
            a[r, j] = c
    return a, np.array([rhs for _, rhs in rows], dtype=float)


def _add_question(table: _Table, group, fig: dict) -> dict:
    """Cells and row relations of one question in one group; returns {field: index}."""
    t = table.threshold
    _check_raw(fig)
    idx = {"n": table.add((group, "n"), fig["n"])}
    for opt, count in fig.get("counts", {}).items():
        idx[("opt", opt)] = table.add((group, ("opt", opt)), count)
    if "positive" in fig:
        idx["positive"] = table.add((group, "positive"), fig["positive"])

    opts = [j for k, j in idx.items() if isinstance(k, tuple)]
    n = idx["n"]
    if fig["type"] in ("scale", "single") and opts:
        table.eq.append(({n: 1, **{j: -1 for j in opts}}, 0))
    elif fig["type"] == "multi" and opts:
        for j in opts:
            table.ub.append(({j: 1, n: -1}, 0))  # nobody ticks an option twice
        table.ub.append(({n: 1, **{j: -1 for j in opts}}, 0))  # everyone ticked one
    if "positive" in idx:
        pos = [idx[("opt", o)] for o in fig.get("positive_options", [])]
        if not pos:
            raise ValueError("figure has a positive count but no positive_options")
        table.eq.append(({idx["positive"]: 1, **{j: -1 for j in pos}}, 0))

    # primary marks
    for j in idx.values():
        if 0 < table.cells[j].value < t:
            table.cells[j].state = SMALL
    if 0 < fig["n"] < t:
        # Base under the threshold: the whole row goes; n itself reads "<5".
        for k, j in idx.items():
            if k != "n":
                table.cells[j].state, table.cells[j].blanket = CONF, True
    return idx


def _check_raw(fig: dict) -> None:
    numbers = [fig["n"], *fig.get("counts", {}).values()]
    if "positive" in fig:
        numbers.append(fig["positive"])
    if not all(isinstance(x, (int, np.integer)) for x in numbers):
        raise ValueError("suppress raw figures (from question_figures), not already suppressed ones")


def _publish(table: _Table, idx: dict, fig: dict, min_base: int) -> dict:
    n = table.published(idx["n"])
    base_suppressed = not (isinstance(n, int) and n >= min_base)
    out = {"type": fig["type"], "n": n}
    if "counts" in fig:
        out["counts"] = {o: table.published(idx[("opt", o)]) for o in fig["counts"]}
        # A percentage of a withheld count would give the count back.
        out["pct"] = {
            o: (fig["pct"][o] if not base_suppressed and isinstance(out["counts"][o], int) else None)
            for o in fig["counts"]
        }
    if "positive" in fig:
        positive = table.published(idx["positive"])
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
    table = _Table(threshold)
    idx = _add_question(table, None, fig)
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

    Raises UnprotectableError (a ValueError) in the rare case where the totals alone pin
    a small count however much is withheld; the caller should then merge small groups or
    show "not enough responses" for the breakdown.
    """
    _check_limits(threshold, min_base)
    out = {g: {} for g in bd}
    questions = list(dict.fromkeys(q for figs in bd.values() for q in figs))
    for qid in questions:
        table = _Table(threshold)
        idx = {g: _add_question(table, g, figs[qid]) for g, figs in bd.items() if qid in figs}
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
