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

import textwrap
from decimal import ROUND_HALF_UP, Decimal

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


NOT_SHOWN = "Not shown"  # short: the legend's first column is as wide as its widest entry
NOT_SHOWN_COLOUR = "#eeeeee"
TOO_FEW_FOR_A_BAR = "Some answers are too few to draw: see the figures table"
ROW_STEP = 48  # pixels per bar: room for a label of three lines
LABEL_WIDTH = 28  # characters per line of a wrapped axis label


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """A label in lines of at most `width` characters ("\n" between them), so long question
    wordings that begin alike are never cut to the same stub."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _wrapped_axis(**kwargs) -> alt.Axis:
    return alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, **kwargs)


def _diverging_rows(question: str, fig: dict, options: list[str], labels) -> list[dict] | None:
    """The segments of one bar, or None when the bar cannot be placed without made-up lengths.

    Withheld cells ("<5", "[c]") are drawn as one grey "not shown" segment: together they are
    n minus the shown counts, which a reader of the table can already work out, so the segment
    gives nothing away. The bar needs one end pinned: the left end when every negative option
    and the neutral are shown, else the right end when every positive one and the neutral are."""
    n = fig["n"]
    if fig.get("base_suppressed") or not _number(n) or not n:
        return None
    share = {o: fig["pct"][o] for o in options if _number(fig["pct"].get(o))}
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
            rows.append({"question": question, "option": _label(labels, opt), "order": i,
                         "pct": fig["pct"][opt], "shown": f"{fig['pct'][opt]}%", "count": str(fig["counts"][opt]),
                         "n": str(n), "start": x, "end": x + share[opt]})
            x += share[opt]
        elif i == withheld[0]:
            names = ", ".join(_label(labels, options[j]) for j in withheld)
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
        name = wrap(_label(labels, q["id"]))
        drawn = _diverging_rows(name, figs[q["id"]], q["options"], labels)
        if drawn is None:
            words.append({"question": name, "x": 0, "text": TOO_FEW_FOR_A_BAR})
            continue
        rows += drawn
        palette = BRBG.get(len(q["options"]), BRBG[5])
        for opt, colour in zip(q["options"], palette):
            colours.setdefault(_label(labels, opt), colour)
    if not rows:
        return None
    if any(r["option"] == NOT_SHOWN for r in rows):
        colours[NOT_SHOWN] = NOT_SHOWN_COLOUR
    df = pd.DataFrame(rows)
    question_order = [wrap(_label(labels, q["id"])) for q in scale_questions]
    y = alt.Y("question:N", sort=question_order, scale=alt.Scale(domain=question_order), title=None,
              axis=_wrapped_axis())
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
        y=alt.Y(f"{y}:N", sort=sort, title=None, axis=_wrapped_axis()),
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
    rows = [_positive_row("question", wrap(_label(labels, qid)), f) for qid, f in figs.items() if _shown_positive(f)]
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
            rows.append(_positive_row("group", wrap(group), fig))
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


# ---------------------------------------------------------------------------
# tables as people read them: words for headings, every cell text
# ---------------------------------------------------------------------------
# A column that mixes numbers and "<5" is neither numbers nor text to Arrow (st.dataframe
# logs ArrowInvalid and guesses); and None or NaN must never reach a person as text. So a
# table for display is made of strings, once, here.


def _whole(x: float) -> int:
    return int(Decimal(repr(float(x))).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def interval_text(ci) -> str:
    """[61.8, 79.6] -> "62–80%": short enough for a narrow column."""
    if ci is None or len(ci) != 2 or not all(_number(v) for v in ci):
        return ""
    return f"{_whole(ci[0])}–{_whole(ci[1])}%"


def cell_text(value) -> str:
    """One cell for a person: numbers as written, markers ("<5", "[c]") kept, nothing for None/NaN."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: cell_text(r.get(c)) for c in columns} for r in rows], columns=columns, dtype=str)


# The question by its short label first and its full wording last: at 1024 px a long wording
# first pushed the interval off the screen.
FIGURE_COLUMNS = ["Question", "Answer", "Count", "%", "n", "95% interval", "Note", "Asked as"]


def figures_display(figs: dict, questions: list[dict], labels: dict | None = None) -> pd.DataFrame:
    """figures_table for the screen: headings in words, every cell text, the interval as "62–80%"."""
    table = figures_table(figs, questions, labels)
    rows = []
    for r in table.to_dict("records"):
        fig = figs.get(r["question_id"], {})
        rows.append({"Question": short_label(r["question_id"]), "Asked as": r["question"],
                     "Answer": r["option"] or "(written answers)", "Count": r["count"],
                     "%": "" if not _number(r["pct"]) else f"{r['pct']}%", "n": r["n"],
                     "95% interval": interval_text(fig.get("positive_ci95")) if r["option_id"] == "positive" else "",
                     "Note": r["note"]})
    return text_frame(rows, FIGURE_COLUMNS)


def breakdown_display(breakdown_figs: dict, question_id: str, group_title: str) -> pd.DataFrame:
    """A breakdown's % positive for one question as text, a row per group: the chart's words."""
    rows = []
    for group, figs in breakdown_figs.items():
        fig = figs.get(question_id)
        if fig is None:
            continue
        shown = _shown_positive(fig)
        rows.append({group_title: group, "n": fig["n"], "Positive": fig.get("positive"),
                     "% positive": f"{fig['positive_pct']}%" if shown else "not shown (too few answers)",
                     "95% interval": interval_text(fig.get("positive_ci95")) if shown else ""})
    return text_frame(rows, [group_title, "n", "Positive", "% positive", "95% interval"])


TREND_COLUMNS = ["Round", "% positive", "95% interval", "n", "Change", "More than chance?"]


def trend_display(trend_df: pd.DataFrame) -> pd.DataFrame:
    """trend() or suppress_trend() output in words: no ci_low, change_points or None."""
    rows = []
    for r in trend_df.sort_values("order").to_dict("records"):
        shown = cell_text(r.get("pct")) != ""
        change = r.get("change_points")
        sig = r.get("significant")
        rows.append({"Round": r["round"],
                     "% positive": f"{int(r['pct'])}%" if shown else "not shown (too few answers)",
                     "95% interval": interval_text([r.get("ci_low"), r.get("ci_high")]) if shown else "",
                     "n": r["n"],
                     "Change": "" if change is None or pd.isna(change) else f"{int(change):+d} points",
                     "More than chance?": "" if sig is None or pd.isna(sig) else ("yes" if bool(sig) else "no")})
    return text_frame(rows, TREND_COLUMNS)


CHANGE_COLUMNS = ["Question", "Change (points)", "More than chance?", "Test", "p"]


def changes_display(changes: dict, labels: dict | None = None) -> pd.DataFrame:
    rows = []
    for qid, c in changes.items():
        change, p = c.get("change_points"), c.get("p_value")
        rows.append({"Question": _label(labels, qid),
                     "Change (points)": "not shown (too few answers)" if c.get("base_suppressed")
                     else ("" if change is None else f"{change:+d}"),
                     "More than chance?": {True: "yes", False: "no"}.get(c.get("significant"), ""),
                     "Test": c.get("test") or "", "p": "" if p is None else f"{p:.3f}"})
    return text_frame(rows, CHANGE_COLUMNS)


# ---------------------------------------------------------------------------
# the board summary at a glance
# ---------------------------------------------------------------------------

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LOOP_COLOURS = {"planned": "#999999", "in_progress": "#E69F00", "done": "#009E73", "not_possible": "#0072B2"}


def short_label(question_id: str) -> str:
    """A question's id in words ("clinic_location" -> "Clinic location"): ids are unique and
    stable, so no two labels on a chart are the same, and they fit beside a bar."""
    return _label(None, question_id)


def to_png(chart, scale: float = 2) -> bytes:
    import vl_convert as vlc  # renders Vega-Lite offline, without a browser

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def _board_rows(points: list[dict]) -> pd.DataFrame:
    rows = []
    for p in points:
        shown = _number(p.get("positive_pct"))
        rows.append({"question": p["question"], "group": p["group"], "n": str(p["n"]),
                     "pct": p["positive_pct"] if shown else None,
                     "ci_low": p.get("ci_low") if shown else None, "ci_high": p.get("ci_high") if shown else None,
                     "interval": interval_text([p.get("ci_low"), p.get("ci_high")]) if shown else "",
                     "label": f"{p['positive_pct']}% (n={p['n']})" if shown else p.get("note") or "not shown",
                     "shown": shown})
    return pd.DataFrame(rows)


def board_positive_chart(points: list[dict], group_title: str, title: str = ""):
    """% positive per question (rows) with a bar for each round or site (colour), each with its
    95% interval; where a figure is withheld there is no bar, only the words saying why.
    None when there is nothing to draw."""
    df = _board_rows(points)
    if df.empty or not df["shown"].any():
        return None
    questions = list(dict.fromkeys(df["question"]))
    groups = list(dict.fromkeys(df["group"]))
    colours = (OKABE_ITO * (len(groups) // len(OKABE_ITO) + 1))[:len(groups)]
    base = alt.Chart(df).encode(
        y=alt.Y("question:N", sort=questions, scale=alt.Scale(domain=questions), title=None, axis=_wrapped_axis()),
        yOffset=alt.YOffset("group:N", sort=groups, scale=alt.Scale(domain=groups)),
        tooltip=[alt.Tooltip("question:N"), alt.Tooltip("group:N", title=group_title),
                 alt.Tooltip("label:N", title="% positive"), alt.Tooltip("interval:N", title="95% interval")],
    )
    shown = base.transform_filter("datum.shown")
    bars = shown.mark_bar().encode(
        # room to the right of 100 for the "74% (n=146)" labels, so a narrow column does not cut them
        x=alt.X("pct:Q", title="% positive (top two answers)", scale=alt.Scale(domain=[0, 135]),
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100])),
        color=alt.Color("group:N", sort=groups, scale=alt.Scale(domain=groups, range=colours),
                        legend=alt.Legend(title=group_title, orient="bottom", columns=1, labelLimit=0)),
    )
    whiskers = shown.mark_rule(color=INK).encode(x="ci_low:Q", x2="ci_high:Q")
    labels = shown.mark_text(align="left", dx=4, color=INK, fontSize=10).encode(x="ci_high:Q", text="label:N")
    # a withheld figure gets words where its bar would be, never a bar of made-up length
    withheld = base.transform_filter("!datum.shown").mark_text(
        align="left", dx=2, color=INK, fontStyle="italic", fontSize=10).encode(
        x=alt.datum(0), text=alt.Text("why:N")).transform_calculate(why="datum.group + ': ' + datum.label")
    chart = alt.layer(bars, whiskers, labels, withheld).properties(
        width=360, height=alt.Step(15, **{"for": "offset"}))
    return chart.properties(title=title) if title else chart


def loops_chart(loops: list[dict]):
    """"You said… We did…" items by status, in the order a loop closes. None when there are none."""
    df = pd.DataFrame([{"status": item["status"], "label": item["label"], "items": int(item["items"])}
                       for item in loops])
    if df.empty or not df["items"].sum():
        return None
    order = list(df["label"])
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=order, title=None, axis=_wrapped_axis()))
    bars = base.mark_bar().encode(
        x=alt.X("items:Q", title="“You said” items", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(LOOP_COLOURS), range=list(LOOP_COLOURS.values())),
                        legend=None),
        tooltip=[alt.Tooltip("label:N", title="status"), alt.Tooltip("items:Q")],
    )
    text = base.mark_text(align="left", dx=4, color=INK).encode(x="items:Q", text="items:Q")
    return alt.layer(bars, text).properties(width=360, height=alt.Step(28))


BOARD_COLUMNS = ["Question", "{group}", "% positive", "n", "95% interval"]


def board_points_display(points: list[dict], group_title: str) -> pd.DataFrame:
    """The figures behind a board chart, as text, for the table beside it (with the chart's
    short question labels, so it fits beside the chart at 1024 px)."""
    rows = [{"Question": p["question"], group_title: p["group"],
             "% positive": (f"{p['positive_pct']}%" if _number(p.get("positive_pct"))
                            else (p.get("note") or "not shown")),
             "95% interval": interval_text([p.get("ci_low"), p.get("ci_high")]), "n": p["n"]} for p in points]
    return text_frame(rows, [c.format(group=group_title) for c in BOARD_COLUMNS])


def loops_display(loops: list[dict]) -> pd.DataFrame:
    return text_frame([{"Status": item["label"], "Items": item["items"]} for item in loops], ["Status", "Items"])
