"""Survey figures from pre-aggregated counts.

Pure functions: DataFrames in, plain dicts / DataFrames out. No Streamlit, no SQL and no
imports from voice_app, so the rules a board relies on (product.md, "Reporting rules")
can be tested on their own.

Data contract (the storage layer aggregates in SQL):

* ``counts``: columns ``question_id``, ``option_id``, ``count`` (distinct responses that
  chose the option), optional ``group``.
* ``bases``: columns ``question_id``, ``n`` (distinct responses that answered the
  question, blanks excluded), optional ``group``.
* question metadata: ``{"id", "type": "scale"|"single"|"multi"|"text", "options": [...],
  "positive": [...]}``.

Percentages are of people who answered the question. For multiple choice the options
can therefore add up to more than 100%.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from scipy import stats

Z_95 = 1.959963984540054  # two-sided 95% normal quantile, scipy.stats.norm.ppf(0.975)

Z_TEST = "two-proportion z-test"
FISHER = "Fisher's exact test"


# ---------------------------------------------------------------------------
# single numbers
# ---------------------------------------------------------------------------


def whole_pct(count: int, base: int) -> int | None:
    """Percentage as a whole number, halves rounded up (77.5 -> 78).

    Integer arithmetic on purpose: Python's round() is banker's rounding (12.5 -> 12)
    and float division can land a hair under .5; the seed report rounds halves up.
    """
    count, base = int(count), int(base)
    if base == 0:
        return None
    if base < 0 or count < 0:
        raise ValueError(f"count and base must not be negative: {count}/{base}")
    return (200 * count + base) // (2 * base)


def invited_for_view(responses_by_site: dict, invited_by_site: dict, round_invited: int | None,
                     site_ids=None, age_band: str | None = None) -> int | None:
    """The number invited that counts the same children as a view's responses, or None.

    product.md: response rate = responses / people invited, the same children on both sides.
    ``responses_by_site``: the view's responses per site id (None: no site). A view of the
    whole round (``site_ids`` None) takes the round's invited number, or failing that the
    sum of per-site numbers when every response came from a site that has one. A view of
    some sites takes the sum of their per-site numbers, only when every responding site
    among them has one. Invited numbers are not kept by age, so an age band has none. More
    responses than invited means the numbers are about different children: None.
    """
    if age_band is not None:
        return None
    responding = [s for s, n in responses_by_site.items() if n]
    total = sum(responses_by_site.values())
    if site_ids is None and round_invited is not None:
        invited = round_invited
    elif all(s is not None and s in invited_by_site for s in responding):
        scope = (invited_by_site if site_ids is None
                 else {s: invited_by_site[s] for s in site_ids if s in invited_by_site})
        invited = sum(scope.values()) if scope else None
    else:
        invited = None
    if not invited or total > invited:
        return None
    return invited


def _round1(x: float) -> float:
    # Half up to one decimal, through the shortest repr so 27.75 is not 27.749999...
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def wilson_ci(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval in percent, each end rounded to one decimal.

    Wilson rather than the textbook p +/- z*se because the latter collapses to 0-0 at
    0/10 and runs below 0% / above 100% for the small bases children's surveys have.
    """
    successes, n = int(successes), int(n)
    if n == 0:
        return None
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes}/{n}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = max(0.0, centre - half)
    high = min(1.0, centre + half)
    return (_round1(low * 100), _round1(high * 100))


def compare_proportions(x1: int, n1: int, x2: int, n2: int, alpha: float = 0.05) -> dict:
    """Change from round 1 (x1 of n1) to round 2 (x2 of n2).

    Returns ``{"change_points", "p_value", "significant", "test"}``. Fisher's exact test
    when any expected cell of the 2x2 table is under 5 (the usual Cochran rule: the
    z-test's normal approximation is poor there), otherwise the pooled two-proportion
    z-test, two-sided. With an empty round nothing can be said: p_value/test None.
    """
    x1, n1, x2, n2 = int(x1), int(n1), int(x2), int(n2)
    for x, n in ((x1, n1), (x2, n2)):
        if n < 0 or not 0 <= x <= n:
            raise ValueError(f"need 0 <= x <= n, got {x}/{n}")
    if n1 == 0 or n2 == 0:
        return {"change_points": None, "p_value": None, "significant": False, "test": None}
    change = whole_pct(x2, n2) - whole_pct(x1, n1)
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    total = n1 + n2
    yes, no = x1 + x2, total - x1 - x2
    expected = [r * c / total for r in (n1, n2) for c in (yes, no)]
    if min(expected) < 5:
        test = FISHER
        p_value = float(stats.fisher_exact(table, alternative="two-sided")[1])
    else:
        test = Z_TEST
        pooled = yes / total
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x2 / n2 - x1 / n1) / se
        p_value = float(2 * stats.norm.sf(abs(z)))
    return {
        "change_points": change,
        "p_value": p_value,
        "significant": bool(p_value < alpha),
        "test": test,
    }


# ---------------------------------------------------------------------------
# question figures
# ---------------------------------------------------------------------------


def _require(df: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}")


def _one_group_only(df: pd.DataFrame, name: str) -> None:
    # Adding groups together is only right when they do not overlap; that is the
    # caller's call, so refuse rather than guess.
    if "group" in df.columns and df["group"].nunique(dropna=False) > 1:
        raise ValueError(f"{name} has several groups: use breakdown()")


def positive_options(q: dict) -> list[str]:
    """Options counted as positive. Only for scales and single choice: for multiple
    choice adding ticks together would count a person twice."""
    if q["type"] == "scale":
        # product.md: positive = top two options of a 5-point scale
        return list(q.get("positive") or q["options"][-2:])
    if q["type"] == "single" and q.get("positive"):
        return list(q["positive"])
    return []


def question_figures(counts: pd.DataFrame, bases: pd.DataFrame, questions: list[dict]) -> dict:
    """Figures per question id, for one group.

    Choice question: ``{"type", "n", "counts": {option: int}, "pct": {option: int|None}}``
    with every option present (0 when absent from ``counts``). Scale (and single choice
    with a ``positive`` list) also: ``"positive"`` (count), ``"positive_pct"``,
    ``"positive_ci95"`` ([low, high] percent, or None when n == 0) and
    ``"positive_options"`` (so suppression can see which cells the positive count adds).
    Text question: ``{"type": "text", "n"}``. Plain ints throughout (JSON-safe).

    Raises ValueError when the counts cannot be right: an option not in the metadata, a
    count above n, or single-choice counts not adding up to n.
    """
    _require(counts, ("question_id", "option_id", "count"), "counts")
    _require(bases, ("question_id", "n"), "bases")
    _one_group_only(counts, "counts")
    _one_group_only(bases, "bases")

    n_by_q = bases.groupby("question_id")["n"].sum()
    by_question: dict[str, dict[str, int]] = {}
    for (qid, opt), c in counts.groupby(["question_id", "option_id"])["count"].sum().items():
        by_question.setdefault(qid, {})[opt] = int(c)

    out = {}
    for q in questions:
        qid = q["id"]
        n = int(n_by_q.get(qid, 0))
        if q["type"] == "text":
            out[qid] = {"type": "text", "n": n}
            continue
        got = by_question.get(qid, {})
        unknown = set(got) - set(q["options"])
        if unknown:
            raise ValueError(f"{qid}: counts for options not in the question: {sorted(unknown)}")
        option_counts = {opt: got.get(opt, 0) for opt in q["options"]}
        _check_counts(qid, q["type"], option_counts, n)
        fig = {
            "type": q["type"],
            "n": n,
            "counts": option_counts,
            "pct": {opt: whole_pct(c, n) for opt, c in option_counts.items()},
        }
        tops = positive_options(q)
        if tops:
            positive = sum(option_counts[o] for o in tops)
            ci = wilson_ci(positive, n)
            fig.update(
                positive=positive,
                positive_pct=whole_pct(positive, n),
                positive_ci95=list(ci) if ci else None,
                positive_options=tops,
            )
        out[qid] = fig
    return out


def _check_counts(qid: str, qtype: str, option_counts: dict, n: int) -> None:
    if any(c < 0 or c > n for c in option_counts.values()):
        raise ValueError(f"{qid}: each count must be between 0 and n={n}: {option_counts}")
    # Single choice and scales: each person who answered chose exactly one option.
    if qtype in ("scale", "single") and sum(option_counts.values()) != n:
        raise ValueError(f"{qid}: counts add up to {sum(option_counts.values())}, not n={n}")


def _groups_in_order(*frames: pd.DataFrame) -> list:
    seen = {}
    for df in frames:
        for g in df["group"]:
            seen.setdefault(g, None)
    return list(seen)


def breakdown(counts: pd.DataFrame, bases: pd.DataFrame, questions: list[dict]) -> dict:
    """``{group: question_figures(...)}``, groups in order of first appearance (so a
    caller that sorts rounds or sites in SQL keeps that order)."""
    _require(counts, ("group",), "counts")
    _require(bases, ("group",), "bases")
    return {
        g: question_figures(
            counts[counts["group"] == g].drop(columns="group"),
            bases[bases["group"] == g].drop(columns="group"),
            questions,
        )
        for g in _groups_in_order(bases, counts)
    }


# ---------------------------------------------------------------------------
# trend across rounds
# ---------------------------------------------------------------------------


def trend(rows: pd.DataFrame) -> pd.DataFrame:
    """% positive per round with its Wilson interval and the change from the round before.

    ``rows``: columns ``round``, ``order`` (int), ``positive``, ``n``. Returns a new frame
    sorted by ``order`` with added columns ``pct`` (Int64), ``ci_low``, ``ci_high``
    (float, NaN when n == 0), ``change_points`` (Int64), ``p_value`` (float), ``test``
    (str or None), ``significant`` (boolean); the change columns are empty (<NA>/NaN/None)
    on the first round and wherever either round has n == 0.
    """
    _require(rows, ("round", "order", "positive", "n"), "rows")
    df = rows.sort_values("order", kind="stable").reset_index(drop=True).copy()
    cis = [wilson_ci(x, n) for x, n in zip(df["positive"], df["n"])]
    df["pct"] = pd.array([whole_pct(x, n) for x, n in zip(df["positive"], df["n"])], dtype="Int64")
    df["ci_low"] = [ci[0] if ci else math.nan for ci in cis]
    df["ci_high"] = [ci[1] if ci else math.nan for ci in cis]

    changes = [None]
    for i in range(1, len(df)):
        prev, cur = df.iloc[i - 1], df.iloc[i]
        changes.append(compare_proportions(prev["positive"], prev["n"], cur["positive"], cur["n"]))
    got = changes
    df["change_points"] = pd.array([c["change_points"] if c else None for c in got], dtype="Int64")
    df["p_value"] = [c["p_value"] if c and c["p_value"] is not None else math.nan for c in got]
    df["test"] = [c["test"] if c else None for c in got]
    df["significant"] = pd.array(
        [c["significant"] if c and c["p_value"] is not None else None for c in got], dtype="boolean"
    )
    return df
