"""The published table as a reader sees it, for analysis.suppression: every shown number and
the relations between them (rows adding up to n, options at most n, column totals), and for
each withheld number the smallest and largest value it could have (a small linear programme).
While a withheld small count is pinned to one value, the next-smallest related number is
withheld too (the module docstring of analysis.suppression says why and how)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

SHOWN, SMALL, CONF = "shown", "small", "conf"


class UnprotectableError(ValueError):
    """No amount of withholding hides a small count (see suppression.suppress_breakdown)."""


@dataclass
class Cell:
    key: tuple  # (group, field) with field "n", "positive" or ("opt", option_id)
    value: int
    state: str = SHOWN
    blanket: bool = False  # withheld with its whole row: a reader can assume nothing of it

    @property
    def rank(self) -> int:
        # tie-break for the next-smallest rule: options before positive before n
        return {"n": 2, "positive": 1}.get(self.key[1], 0)


@dataclass
class ReaderTable:
    threshold: int
    cells: list = field(default_factory=list)
    eq: list = field(default_factory=list)  # (coefs {index: c}, rhs)  sum == rhs
    ub: list = field(default_factory=list)  # (coefs {index: c}, rhs)  sum <= rhs

    def add(self, key, value) -> int:
        self.cells.append(Cell(key, int(value)))
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
            a_eq, b_eq = matrix(self.eq, size)
        if self.ub:
            a_ub, b_ub = matrix(self.ub, size)
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



def matrix(rows: list, size: int):
    a = np.zeros((len(rows), size))
    for r, (coefs, _) in enumerate(rows):
        for j, c in coefs.items():
            a[r, j] = c
    return a, np.array([rhs for _, rhs in rows], dtype=float)


def add_question(table: ReaderTable, group, fig: dict) -> dict:
    """Cells and row relations of one question in one group; returns {field: index}."""
    t = table.threshold
    check_raw(fig)
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


def check_raw(fig: dict) -> None:
    numbers = [fig["n"], *fig.get("counts", {}).values()]
    if "positive" in fig:
        numbers.append(fig["positive"])
    if not all(isinstance(x, (int, np.integer)) for x in numbers):
        raise ValueError("suppress raw figures (from question_figures), not already suppressed ones")
