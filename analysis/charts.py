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

The same figures as tables are in chart_tables; the board summary's charts in board_charts.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from analysis.chart_tables import is_number, label_for, shown_positive

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


def has_data(figs: dict) -> bool:
    """True when any question has a percentage that may be shown."""
    return any(
        shown_positive(f) or any(is_number(p) for p in f.get("pct", {}).values())
        for f in figs.values()
    )


# ---------------------------------------------------------------------------
# diverging stacked bars for scales
# ---------------------------------------------------------------------------


NOT_SHOWN = "Not shown"  # short: the legend's first column is as wide as its widest entry
NOT_SHOWN_COLOUR = "#eeeeee"
TOO_FEW_FOR_A_BAR = "Some answers are too few to draw: see the figures table"
ROW_STEP = 48  # pixels per bar: room for a label of three lines
LABEL_WIDTH = 28  # characters per line of a wrapped axis label


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """A label in lines of at most `width` characters ("\n" between them), so long question
    wordings that begin alike are never cut to the same stub."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def wrapped_axis(**kwargs) -> alt.Axis:
    return alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, **kwargs)


def _diverging_rows(question: str, fig: dict, options: list[str], labels) -> list[dict] | None:
    """The segments of one bar, or None when the bar cannot be placed without made-up lengths.

    Withheld cells ("<5", "[c]") are drawn as one grey "not shown" segment: together they are
    n minus the shown counts, which a reader of the table can already work out, so the segment
    gives nothing away. The bar needs one end pinned: the left end when every negative option
    and the neutral are shown, else the right end when every positive one and the neutral are."""
    n = fig["n"]
    if fig.get("base_suppressed") or not is_number(n) or not n:
        return None
    share = {o: fig["pct"][o] for o in options if is_number(fig["pct"].get(o))}
    k, half = len(options), len(options) // 2
    negative, middle, positive = options[:half], options[half:k - half], options[k - half:]
    withheld = [i for i, o in enumerate(options) if o not in share]
    if withheld and withheld != list(range(withheld[0], withheld[-1] + 1)):
        return None  # withheld cells apart from each other: no place for a single segment
    mid = sum(share.get(o, 0) for o in middle) / 2
    if all(o in share for o in negative + middle):
        x = -(sum(share[o] for o in negative) + mid)
    elif all(o in share for o in positive + middle):
        x = sum(share[o] for o in positive) + mid - 100
    else:
        return None
    rows, rest = [], 100 - sum(share.values())
    for i, opt in enumerate(options):
        if opt in share:
            rows.append({"question": question, "option": label_for(labels, opt), "order": i,
                         "pct": fig["pct"][opt], "shown": f"{fig['pct'][opt]}%", "count": str(fig["counts"][opt]),
                         "n": str(n), "start": x, "end": x + share[opt]})
            x += share[opt]
        elif i == withheld[0]:
            names = ", ".join(label_for(labels, options[j]) for j in withheld)
            rows.append({"question": question, "option": NOT_SHOWN, "order": i, "pct": None,
                         "shown": f"not shown: {names}", "count": "not shown", "n": str(n),
                         "start": x, "end": x + rest})
            x += rest
    return rows


def diverging_scale_chart(figs: dict, questions: list[dict], labels: dict | None = None):
    """Diverging stacked bars for scale questions: negative options left of zero,
    positive right, the neutral option split across zero. Every scale question has its row:
    withheld cells are one grey "not shown" segment, and a question whose bar cannot be drawn
    (too few answers) says so in words where its bar would be. None when no scale question
    has any answers to draw."""
    rows, colours, words = [], {}, []
    scale_questions = [q for q in questions if q["type"] == "scale" and figs.get(q["id"])]
    for q in scale_questions:
        name = wrap(label_for(labels, q["id"]))
        drawn = _diverging_rows(name, figs[q["id"]], q["options"], labels)
        if drawn is None:
            words.append({"question": name, "x": 0, "text": TOO_FEW_FOR_A_BAR})
            continue
        rows += drawn
        palette = BRBG.get(len(q["options"]), BRBG[5])
        for opt, colour in zip(q["options"], palette):
            colours.setdefault(label_for(labels, opt), colour)
    if not rows:
        return None
    if any(r["option"] == NOT_SHOWN for r in rows):
        colours[NOT_SHOWN] = NOT_SHOWN_COLOUR
    df = pd.DataFrame(rows)
    question_order = [wrap(label_for(labels, q["id"])) for q in scale_questions]
    y = alt.Y("question:N", sort=question_order, scale=alt.Scale(domain=question_order), title=None,
              axis=wrapped_axis())
    bars = (
        alt.Chart(df)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "start:Q",
                title="% of those who answered",
                scale=alt.Scale(domain=[-100, 100]),
                axis=alt.Axis(labelExpr="abs(datum.value)"),  # both sides are plain percentages
            ),
            x2="end:Q",
            y=y,
            color=alt.Color(
                "option:N",
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                # one column at the side: five across at the bottom ran off a 1024 px screen
                legend=alt.Legend(title=None, orient="right", columns=1, labelLimit=0, symbolType="square"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("question:N"), alt.Tooltip("option:N"), alt.Tooltip("shown:N", title="%"),
                     alt.Tooltip("count:N"), alt.Tooltip("n:N")],
        )
    )
    layers = [bars, alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=INK).encode(x="x:Q")]
    if words:
        layers.append(alt.Chart(pd.DataFrame(words)).mark_text(color=INK, fontStyle="italic")
                      .encode(x="x:Q", y=y, text="text:N"))
    return alt.layer(*layers).properties(width=400, height=alt.Step(ROW_STEP))


# ---------------------------------------------------------------------------
# % positive with Wilson intervals
# ---------------------------------------------------------------------------


def _positive_bars(df: pd.DataFrame, y: str, sort: list[str]) -> alt.LayerChart:
    base = alt.Chart(df).encode(
        y=alt.Y(f"{y}:N", sort=sort, title=None, axis=wrapped_axis()),
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
    return alt.layer(bars, whiskers, text).properties(width=400, height=alt.Step(ROW_STEP))


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
    rows = [_positive_row("question", wrap(label_for(labels, qid)), f) for qid, f in figs.items() if shown_positive(f)]
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
        if shown_positive(fig):
            rows.append(_positive_row("group", wrap(group), fig))
        else:
            hidden.append(str(group))
    if not rows:
        return None
    df = pd.DataFrame(rows)
    subtitle = f"Not enough responses to show: {', '.join(hidden)}" if hidden else ""
    return _positive_bars(df, "group", list(df["group"])).properties(
        title=alt.TitleParams(label_for(labels, question_id), subtitle=subtitle)
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


def to_png(chart, scale: float = 2) -> bytes:
    import vl_convert as vlc  # renders Vega-Lite offline, without a browser

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)
