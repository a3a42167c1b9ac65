"""Disclosure control over linked tables: which published figures to withhold so that no
combination of everything an audience can see pins a small count.

The unit is a *family*: the finest counts of one thing ("atoms": for a question, the children
choosing each option at each site and age band; for the safeguarding volumes, the comments of
each organisation) and every *figure* an audience can obtain from it, each the sum of some
atoms (a site's option count, an organisation's n, the partnership's positive count, an age
band's total...). A reader knows every shown figure exactly; a withheld figure is some unknown
whole number consistent with them all. Nothing else is assumed about how the tables relate:
the hierarchy (partnership = organisations + unassigned = sites + unassigned), answer options
adding up to the base, age bands against sites, all follow from the atoms.

A withheld figure whose true count is under the threshold is protected when

(a) from the shown numbers alone (every shown figure an equality, atoms non-negative) it could
    be 0 and it could be `threshold` or more: the figures do not say it is small, nor that it
    is not zero; and
(b) adding what the markers say ("<5" is 0 to 4: a zero withheld so that a small count
    elsewhere cannot be worked out reads "<5" too, so no reader may take a "<5" as at least
    one; "[c]" outside a tiny group is 5 or more; in a group whose base is "<5" nothing is
    assumed), it still has more than one possible value. Without zeros under "<5", four
    sites each "<5" under a partnership "<5" would make the partnership exactly 4.

`protect` withholds more figures until every withheld small count is protected: for a figure
that is not, the shown figures that pin it are those with a non-zero dual value in its linear
programme; the smallest of them (an option count before a positive count before a base, a
lower level before a total) that frees it on its own is withheld, or else the smallest, and the
check runs again. Withholding only ever widens what a reader could believe, so a figure once
protected stays protected and the loop ends (at worst with everything withheld).

The constraints are sums of atoms over hierarchies, whose linear programmes have whole-number
corners, so the bounds from the relaxation are the bounds over whole numbers; the attack test
checks that with integer programmes (`feasible_range(..., integer=True)`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

THRESHOLD = 5
TRIALS = 1  # candidates tried one by one before withholding the smallest (each try is a few programmes)


@dataclass
class Figure:
    key: tuple  # what it is, for the caller: e.g. (question, group, field)
    atoms: tuple[int, ...]  # the atoms it adds up
    base: int | None = None  # index of its group's base figure (n); a small base withholds the group
    rank: int = 0  # which to withhold first: lower first (options 0, positive 1, base 2; +3 for totals)
    keep: bool = False  # withheld only when nothing else can protect a count (the partnership's total)
    # never shown, but a reader can work it out from shown figures (an age band less its
    # under-11 version): protected like a shown count, and no marker tells a reader anything
    hidden: bool = False


@dataclass
class Family:
    values: list[int]  # the atoms' true counts
    figures: list[Figure] = field(default_factory=list)
    # atom-level inequalities known to any reader: ({atom: coefficient}, rhs) meaning sum <= rhs
    # (multiple choice: an option at most its base, the options together at least it)
    upper: list[tuple[dict[int, float], float]] = field(default_factory=list)

    def value(self, i: int) -> int:
        return int(sum(self.values[a] for a in self.figures[i].atoms))

    def add(self, key, atoms, base: int | None = None, rank: int = 0, keep: bool = False,
            hidden: bool = False) -> int:
        self.figures.append(Figure(key, tuple(atoms), base, rank, keep, hidden))
        return len(self.figures) - 1


@dataclass
class Decision:
    withheld: set[int]
    blanket: set[int]  # withheld because their group's base is small: a reader assumes nothing of them


class _Programme:
    """The linear programme of a reader of one family, for one set of withheld figures."""

    def __init__(self, family: Family, withheld: set[int], blanket: set[int], threshold: int, markers: bool):
        self.family, self.threshold = family, threshold
        rows, lo, hi, self.row_figure = [], [], [], []
        for i, f in enumerate(family.figures):
            v = family.value(i)
            if i not in withheld:
                rows.append(f.atoms), lo.append(v), hi.append(v), self.row_figure.append(i)
            elif markers and i not in blanket and not f.hidden:
                small = v < threshold  # "<5": a secondary zero reads "<5" too, so 0 to 4
                rows.append(f.atoms), lo.append(0 if small else threshold)
                hi.append(threshold - 1 if small else np.inf), self.row_figure.append(None)
        size = len(family.values)
        a = np.zeros((len(rows) + len(family.upper), size))
        for r, atoms in enumerate(rows):
            for j in atoms:
                a[r, j] += 1
        for r, (coefs, rhs) in enumerate(family.upper, start=len(rows)):
            for j, c in coefs.items():
                a[r, j] += c
            lo.append(-np.inf), hi.append(rhs)
        self.a, self.lo, self.hi = a, np.array(lo, float), np.array(hi, float)

    def _cost(self, i: int, sign: int) -> np.ndarray:
        cost = np.zeros(len(self.family.values))
        for j in self.family.figures[i].atoms:
            cost[j] += sign
        return cost

    def extreme(self, i: int, sign: int, integer: bool = False) -> tuple[float, list[int]]:
        """min (sign 1) or max (sign -1) of figure i, and the shown figures that bind it."""
        size = len(self.family.values)
        if not self.family.figures[i].atoms:
            return 0.0, []
        cost = self._cost(i, sign)
        if integer:
            res = milp(cost, constraints=[LinearConstraint(csr_matrix(self.a), self.lo, self.hi)] if len(self.a) else [],
                       integrality=np.ones(size), bounds=Bounds(0, np.inf))
            if res.status == 0:
                return sign * res.fun, []
            if res.status in (3,) or (sign < 0 and "unbounded" in str(res.message).lower()):
                return sign * -np.inf, []
            raise ValueError(f"figures are inconsistent: {res.message}")
        eq = self.lo == self.hi
        a_eq, b_eq = (self.a[eq], self.lo[eq]) if eq.any() else (None, None)
        ineq_hi = ~eq & np.isfinite(self.hi)
        ineq_lo = ~eq & np.isfinite(self.lo)
        a_ub = np.vstack([self.a[ineq_hi], -self.a[ineq_lo]])
        b_ub = np.concatenate([self.hi[ineq_hi], -self.lo[ineq_lo]])
        res = linprog(cost, A_ub=a_ub if len(a_ub) else None, b_ub=b_ub if len(a_ub) else None,
                      A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if res.status == 3:
            return sign * -np.inf, []
        if res.status != 0:
            raise ValueError(f"figures are inconsistent (no table fits them): {res.message}")
        binding = []
        if a_eq is not None:
            eq_figures = [f for f, e in zip(self.row_figure, eq[: len(self.row_figure)]) if e]
            binding = [f for f, m in zip(eq_figures, res.eqlin.marginals) if f is not None and abs(m) > 1e-9]
        return sign * res.fun, binding

    def feasible_range(self, i: int, integer: bool = False) -> tuple[float, float]:
        return self.extreme(i, 1, integer)[0], self.extreme(i, -1, integer)[0]


def feasible_range(family: Family, withheld: set[int], i: int, threshold: int = THRESHOLD,
                   markers: bool = False, blanket: set[int] = frozenset(), integer: bool = False):
    """The smallest and largest value figure i could have for a reader who sees every figure
    not in `withheld` (and, with `markers`, what each withheld figure's marker says)."""
    return _Programme(family, withheld, set(blanket), threshold, markers).feasible_range(i, integer)


def primary(family: Family, threshold: int = THRESHOLD) -> Decision:
    """Counts from 1 to threshold-1, and every figure of a group whose base is one."""
    withheld, blanket = set(), set()
    for i, f in enumerate(family.figures):
        v = family.value(i)
        if 0 < v < threshold:
            withheld.add(i)
        if f.base is not None and 0 < family.value(f.base) < threshold:
            withheld.add(i)
            if i != f.base:
                blanket.add(i)
    return Decision(withheld, blanket)


def unprotected(family: Family, decision: Decision, i: int, threshold: int = THRESHOLD) -> list[int] | None:
    """None when withheld figure i is protected (module docstring), else the shown figures
    that pin it (possibly empty)."""
    v = family.value(i)
    if v >= threshold or not family.figures[i].atoms:
        return None  # a count we could have shown; or one that is nobody by definition
    plain = _Programme(family, decision.withheld, decision.blanket, threshold, markers=False)
    lo, low_binding = plain.extreme(i, 1)
    hi, high_binding = plain.extreme(i, -1)
    if lo > 0.5:
        return low_binding
    if hi < threshold - 0.5:
        return high_binding
    if 0 < v < threshold:
        marked = _Programme(family, decision.withheld, decision.blanket, threshold, markers=True)
        lo, low_binding = marked.extreme(i, 1)
        hi, high_binding = marked.extreme(i, -1)
        if hi - lo < 0.5:
            return low_binding + high_binding
    return None


def protect(family: Family, threshold: int = THRESHOLD, withheld: set[int] = frozenset()) -> Decision:
    """Primary suppression, then secondary until every withheld small count is protected.
    `withheld`: figures withheld already (by another plan that shows them too)."""
    decision = primary(family, threshold)
    decision.withheld |= set(withheld)
    done: set[int] = set()
    while True:
        todo = sorted(i for i in decision.withheld - done if family.value(i) < threshold)
        if not todo:
            return decision
        for i in todo:
            pins = unprotected(family, decision, i, threshold)
            while pins is not None:
                pins = _withhold_one_more(family, decision, i, pins, threshold)
            done.add(i)


def _withhold_one_more(family: Family, decision: Decision, i: int, pins: list[int],
                       threshold: int) -> list[int] | None:
    """Withhold one more figure for figure i; what then still pins i (unprotected's answer,
    already known when a trial protected it: each programme is solved once)."""
    everything = [j for j in range(len(family.figures)) if j not in decision.withheld and family.figures[j].atoms]
    shown = [j for j in everything if not family.figures[j].keep] or everything
    order = lambda j: (family.figures[j].rank, family.value(j), j)  # noqa: E731
    candidates = sorted((j for j in pins if j in shown), key=order) or sorted(_overlapping(family, i, shown), key=order)
    if not candidates:
        candidates = sorted(shown, key=order)
    if not candidates:
        raise ValueError("nothing left to withhold, yet a figure is pinned: the atoms contradict the figures")
    first = None
    for n, j in enumerate(candidates[:TRIALS]):
        decision.withheld.add(j)
        if (still := unprotected(family, decision, i, threshold)) is None:
            return None
        first = still if n == 0 else first
        decision.withheld.discard(j)
    decision.withheld.add(candidates[0])  # none protects i alone: the first, and on to the next
    return first


def _overlapping(family: Family, i: int, shown: list[int]) -> list[int]:
    atoms = set(family.figures[i].atoms)
    return [j for j in shown if atoms & set(family.figures[j].atoms)]
