"""The board summary's charts at a glance: % positive per question for each round or site, with
95% intervals, and the "You said… We did…" items by status."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.chart_tables import interval_text, is_number
from analysis.charts import INK, wrapped_axis

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LOOP_COLOURS = {"planned": "#999999", "in_progress": "#E69F00", "done": "#009E73", "not_possible": "#0072B2"}


def _board_rows(points: list[dict]) -> pd.DataFrame:
    rows = []
    for p in points:
        shown = is_number(p.get("positive_pct"))
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
        y=alt.Y("question:N", sort=questions, scale=alt.Scale(domain=questions), title=None, axis=wrapped_axis()),
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
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=order, title=None, axis=wrapped_axis()))
    bars = base.mark_bar().encode(
        x=alt.X("items:Q", title="“You said” items", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(LOOP_COLOURS), range=list(LOOP_COLOURS.values())),
                        legend=None),
        tooltip=[alt.Tooltip("label:N", title="status"), alt.Tooltip("items:Q")],
    )
    text = base.mark_text(align="left", dx=4, color=INK).encode(x="items:Q", text="items:Q")
    return alt.layer(bars, text).properties(width=360, height=alt.Step(28))
