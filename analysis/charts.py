"""Charts of survey figures, as people who read survey results expect them.

Every chart function takes figures (raw from analysis.figures or suppressed from
analysis.suppression), builds a small DataFrame and returns an Altair chart -- or None
when there is nothing it may draw (all withheld / base under 10), so the caller shows
"not enough responses to show" instead. ``has_data(figs)`` answers the same question up
front. Withheld numbers ("<5", "[c]", None) are never plotted: a bar for "<5" would need a
made-up length.

Colours are colour-blind safe: the diverging scale uses ColorBrewer's brown-blue-green
(BrBG) scheme, designed to stay distinguishable for the common colour-vision
deficiencies, with the neutral middle a mid grey (BrBG's near-white vanishes on a white
page); single-series charts use blue from the Okabe-Ito palette.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# ColorBrewer BrBG, negative (brown) to positive (teal), by number of options.
BRBG = {
    2: ["#a6611a", "#018571"],
    3: ["#d8b365", "#bdbdbd", "#5ab4ac"],
    4: ["#a6611a", "#dfc27d", "#80cdc1", "#018571"],
    5: ["#a6611a", "#dfc27d", "#bdbdbd", "#80cdc1", "#018571"],
    6: ["#8c510a", "#d8b365", "#f6e8c3", "#c7eae5", "#5ab4ac", "#01665e"],
    7: ["#8c510a", "#d8b365", "#f6e8c3", "#bdbdbd", "#c7eae5", "#5ab4ac", "#01665e"],
}
OKABE_ITO_BLUE = "#0072B2"
INK = "#333333"


def _label(labels: dict | None, key: str) -> str:
    if labels and key in labels:
        return labels[key]
    return key.replace("_", " ").capitalize()


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x  # not NaN


def _shown_positive(fig: dict) -> bool:
    return _number(fig.get("positive_pct"))


def has_data(figs: dict) -> bool:
    """True when any question has a percentage that may be shown."""
    return any(
        _shown_positive(f) or any(_number(p) for p in f.get("pct", {}).values())
        for f in figs.values()
    )


# ---------------------------------------------------------------------------
# diverging stacked bars for scales
# ---------------------------------------------------------------------------


def _diverging_rows(qid: str, fig: dict, options: list[str], labels) -> list[dict]:
    pct = [fig["pct"][o] for o in options]
    k = len(options)
    half = k // 2
    neutral = pct[half] if k % 2 else 0
    x = -(sum(pct[:half]) + neutral / 2)  # left end: negatives and half the neutral
    rows = []
    for i, (opt, p) in enumerate(zip(options, pct)):
        rows.append({
            "question": _label(labels, qid),
            "option": _label(labels, opt),
            "order": i,
            "pct": p,
            "count": fig["counts"][opt],
            "n": fig["n"],
            "start": x,
            "end": x + p,
        })
        x += p
    return rows


def diverging_scale_chart(figs: dict, questions: list[dict], labels: dict | None = None):
    """Diverging stacked bars for scale questions: negative options left of zero,
    positive right, the neutral option split across zero. A question with any withheld
    cell is left out whole (a bar with a hole would not add up to 100%). None when no
    scale question can be drawn."""
    rows, colours = [], {}
    for q in questions:
        fig = figs.get(q["id"])
        if q["type"] != "scale" or not fig or fig.get("base_suppressed"):
            continue
        if not all(_number(fig["pct"].get(o)) for o in q["options"]):
            continue
        rows += _diverging_rows(q["id"], fig, q["options"], labels)
        palette = BRBG.get(len(q["options"]), BRBG[5])
        for opt, colour in zip(q["options"], palette):
            colours.setdefault(_label(labels, opt), colour)
    if not rows:
        return None
    df = pd.DataFrame(rows)
    question_order = list(dict.fromkeys(df["question"]))
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "start:Q",
                title="% of those who answered",
                scale=alt.Scale(domain=[-100, 100]),
                axis=alt.Axis(labelExpr="abs(datum.value)"),  # both sides are plain percentages
            ),
            x2="end:Q",
            y=alt.Y("question:N", sort=question_order, title=None),
            color=alt.Color(
                "option:N",
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["question:N", "option:N", "pct:Q", "count:Q", "n:Q"],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=INK).encode(x="x:Q")
    return alt.layer(bars, zero).properties(width=400)


# ---------------------------------------------------------------------------
# % positive with Wilson intervals
# ---------------------------------------------------------------------------


def _positive_bars(df: pd.DataFrame, y: str, sort: list[str]) -> alt.LayerChart:
    base = alt.Chart(df).encode(
        y=alt.Y(f"{y}:N", sort=sort, title=None),
        tooltip=[
            f"{y}:N",
            alt.Tooltip("pct:Q", title="% positive"),
            alt.Tooltip("ci:N", title="95% interval"),
            alt.Tooltip("positive:N", title="positive"),
            alt.Tooltip("n:N", title="n"),
        ],
    )
    bars = base.mark_bar(color=OKABE_ITO_BLUE, size=14).encode(
        x=alt.X("pct:Q", title="% positive", scale=alt.Scale(domain=[0, 100]))
    )
    whiskers = base.mark_rule(color=INK).encode(x="ci_low:Q", x2="ci_high:Q")
    # label beyond the whisker so the two never overlap
    text = base.mark_text(align="left", dx=4, color=INK).encode(x="ci_high:Q", text="label:N")
    return alt.layer(bars, whiskers, text).properties(width=400)


def _positive_row(name_key: str, name: str, fig: dict) -> dict:
    ci = fig.get("positive_ci95")
    return {
        name_key: name,
        "pct": fig["positive_pct"],
        "ci_low": ci[0] if ci else None,
        "ci_high": ci[1] if ci else None,
        "ci": f"{ci[0]}% to {ci[1]}%" if ci else "",
        "positive": str(fig["positive"]),
        "n": str(fig["n"]),
        "label": f"{fig['positive_pct']}% (n={fig['n']})",
    }


def positive_chart(figs: dict, labels: dict | None = None):
    """% positive per question with Wilson 95% interval whiskers; n and the count in
    the tooltip and n in the bar label. None when no question has a shown % positive."""
    rows = [_positive_row("question", _label(labels, qid), f) for qid, f in figs.items() if _shown_positive(f)]
    if not rows:
        return None
    df = pd.DataFrame(rows)
    return _positive_bars(df, "question", list(df["question"]))


def small_multiples_chart(breakdown_figs: dict, question_id: str, labels: dict | None = None):
    """% positive for one question by group (site, age band...), one bar per group with
    its interval. Groups whose figure is withheld are named in the subtitle so a reader
    does not think they were forgotten. None when no group can be drawn."""
    rows, hidden = [], []
    for group, figs in breakdown_figs.items():
        fig = figs.get(question_id)
        if fig is None:
            continue
        if _shown_positive(fig):
            rows.append(_positive_row("group", str(group), fig))
        else:
            hidden.append(str(group))
    if not rows:
        return None
    df = pd.DataFrame(rows)
    subtitle = f"Not enough responses to show: {', '.join(hidden)}" if hidden else ""
    return _positive_bars(df, "group", list(df["group"])).properties(
        title=alt.TitleParams(_label(labels, question_id), subtitle=subtitle)
    )


# ---------------------------------------------------------------------------
# trend across rounds
# ---------------------------------------------------------------------------


def trend_chart(trend_df: pd.DataFrame):
    """% positive by round (x in ``order``), line and points over a Wilson 95% band.
    Rounds with no percentage (n == 0, or suppressed) are left out. None when no
    round can be drawn."""
    df = trend_df.sort_values("order")
    all_rounds = df["round"].astype(str).tolist()
    keep = pd.to_numeric(df["pct"], errors="coerce").notna()
    hidden = df.loc[~keep, "round"].astype(str).tolist()
    df = df[keep]
    if df.empty:
        return None
    data = pd.DataFrame({
        "round": df["round"].astype(str).tolist(),
        "pct": [float(x) for x in df["pct"]],
        "ci_low": [float(x) for x in df["ci_low"]],
        "ci_high": [float(x) for x in df["ci_high"]],
        "n": [str(x) for x in df["n"]],
        "change": [_change_text(r) for r in df.to_dict("records")],
    })
    # every round keeps its place on the axis, so a withheld round shows as a gap
    x = alt.X("round:N", sort=all_rounds, scale=alt.Scale(domain=all_rounds), title=None, axis=alt.Axis(labelAngle=0))
    base = alt.Chart(data).encode(x=x)
    band = base.mark_area(color=OKABE_ITO_BLUE, opacity=0.2).encode(
        y=alt.Y("ci_low:Q", title="% positive", scale=alt.Scale(domain=[0, 100])), y2="ci_high:Q"
    )
    line = base.mark_line(color=OKABE_ITO_BLUE).encode(y="pct:Q")
    points = base.mark_point(color=OKABE_ITO_BLUE, filled=True, size=60).encode(
        y="pct:Q",
        tooltip=["round:N", alt.Tooltip("pct:Q", title="% positive"), "ci_low:Q", "ci_high:Q", "n:N", "change:N"],
    )
    subtitle = f"Not enough responses to show: {', '.join(hidden)}" if hidden else ""
    return alt.layer(band, line, points).properties(width=300, title=alt.TitleParams("% positive by round", subtitle=subtitle))


def _change_text(row: dict) -> str:
    change = row.get("change_points")
    if change is None or pd.isna(change):
        return ""
    sig = row.get("significant")
    verdict = "a real change" if (sig is not None and not pd.isna(sig) and bool(sig)) else "could be chance"
    return f"{int(change):+d} points ({verdict})"


# ---------------------------------------------------------------------------
# text alternative
# ---------------------------------------------------------------------------

TABLE_COLUMNS = ["question_id", "question", "option_id", "option", "count", "pct", "n", "ci95", "note"]
NOT_ENOUGH = "not enough responses to show a percentage"


def figures_table(figs: dict, questions: list[dict], labels: dict | None = None) -> pd.DataFrame:
    """The figures as a table (the accessible alternative to every chart): one row per
    question and option, a "positive" row for scales, one row for a text question.
    Counts and n are shown as published ("<5", "[c]" included), so the columns are
    object dtype; pct is None where withheld."""
    rows = []
    for q in questions:
        fig = figs.get(q["id"])
        if fig is None:
            continue
        common = {"question_id": q["id"], "question": _label(labels, q["id"]), "n": fig["n"]}
        note = NOT_ENOUGH if fig.get("base_suppressed") else ""
        if q["type"] == "text":
            rows.append({**common, "option_id": "", "option": "", "count": None, "pct": None,
                         "ci95": "", "note": "comments"})
            continue
        for opt in q["options"]:
            rows.append({**common, "option_id": opt, "option": _label(labels, opt),
                         "count": fig["counts"][opt], "pct": fig["pct"][opt], "ci95": "", "note": note})
        if "positive" in fig:
            ci = fig.get("positive_ci95")
            rows.append({**common, "option_id": "positive", "option": _label(labels, "positive"),
                         "count": fig["positive"], "pct": fig.get("positive_pct"),
                         "ci95": f"{ci[0]}–{ci[1]}" if ci else "", "note": note})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS, dtype=object)
