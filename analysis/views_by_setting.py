"""Views by topic and setting (the seed report's No Wrong Door picture), pure: counts already
made safe in, a representative quote per topic, the table for a person and the heatmap for a
printed report out. Nothing here decides what is withheld; cells arrive as a count or a marker
("<5", "[c]")."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import altair as alt
import pandas as pd

from analysis.chart_tables import text_frame
from analysis.charts import INK, NOT_SHOWN_COLOUR, wrap

TOPIC = "Topic"
ALL_SETTINGS = "All settings"
QUOTE = "What a young person said"
CELL_WIDTH = 124  # pixels per setting: room for "Hospital or clinic" on one line
ROW_HEIGHT = 34


def add_up(sources: Iterable[Iterable[tuple[str, str | None, int]]]) -> Counter:
    """{(theme, setting): count} summed over every source's (theme, setting, count) rows."""
    total: Counter = Counter()
    for rows in sources:
        for theme, setting, count in rows:
            total[(theme, setting)] += int(count)
    return total


def pick_quotes(themes: list[str], quotes: list[tuple[tuple[str, ...], str, datetime | None, int]]) -> dict[str, str]:
    """Each topic's representative quote: the most recently approved of those about it (the later
    answer on a tie), a quote used only once, topics taken in the table's order (the most
    mentioned first). A topic with no approved quote left gets none."""
    newest_first = sorted(quotes, key=lambda q: (q[2] is not None, q[2] or datetime.min, q[3]), reverse=True)
    used: set[int] = set()
    out = {}
    for theme in themes:
        for about, text, _, key in newest_first:
            if theme in about and key not in used:
                out[theme] = text
                used.add(key)
                break
    return out


def table_frame(rows: list[dict], columns: list[str], with_quotes: bool = True) -> pd.DataFrame:
    """The table for a screen or a spreadsheet: one row per topic, a column per setting, the total
    and (with_quotes) the quote; every cell text (a marker stays as written, no None)."""
    flat = [{TOPIC: r["topic"], **dict(zip(columns, r["cells"])), ALL_SETTINGS: r["total"],
             QUOTE: f"“{r['quote']}”" if r.get("quote") else ""} for r in rows]
    return text_frame(flat, [TOPIC, *columns, ALL_SETTINGS, *([QUOTE] if with_quotes else [])])


def without_empty_settings(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The table less the settings whose every cell is a shown 0 (a withheld zero reads "<5" and
    stays), and their names: so a narrow screen holds the rest."""
    empty = [c for c in columns if c in frame and (frame[c] == "0").all()]
    return frame.drop(columns=empty), empty


def heatmap(rows: list[dict], columns: list[str], title: str, subtitle: list[str]):
    """Topics down, settings across, each cell its count on a shade of purple (darker: more);
    a zero is white; a withheld cell is grey with its marker written in it. The total is a last,
    unshaded column.
    None when there are no topics."""
    if not rows:
        return None
    cells = []
    for r in rows:
        values = [*r["cells"], r["total"]]
        for column, value in zip([*columns, ALL_SETTINGS], values):
            number = value if isinstance(value, int) else None
            cells.append({"topic": wrap(r["topic"], 24), "setting": column, "label": str(value),
                          "count": number if column != ALL_SETTINGS else None,
                          "total": column == ALL_SETTINGS})
    df = pd.DataFrame(cells)
    topics = list(dict.fromkeys(df["topic"]))
    order = [*columns, ALL_SETTINGS]
    top = max([c["count"] for c in cells if c["count"]] or [1])  # (the frame has NaN for None)
    base = alt.Chart(df).encode(
        x=alt.X("setting:N", sort=order, scale=alt.Scale(domain=order), title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0, labelFontSize=12, ticks=False)),
        y=alt.Y("topic:N", sort=topics, scale=alt.Scale(domain=topics), title=None,
                axis=alt.Axis(labelLimit=0, labelFontSize=12)),
    )
    grey = base.transform_filter("!isValid(datum.count) && !datum.total").mark_rect(
        color=NOT_SHOWN_COLOUR, stroke="white", strokeWidth=2)
    shaded = base.transform_filter("isValid(datum.count) && datum.count > 0").mark_rect(
        stroke="white", strokeWidth=2).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="purples", domain=[0, top]),
                        legend=alt.Legend(title="Comments", orient="bottom")))
    totals = base.transform_filter("datum.total").mark_rect(color="#ffffff", stroke=INK, strokeWidth=0.5)
    text = base.mark_text(fontSize=13).encode(
        text="label:N",
        color=alt.condition(f"isValid(datum.count) && datum.count > {top * 0.55}", alt.value("white"),
                            alt.value(INK)))
    chart = alt.layer(grey, shaded, totals, text).properties(
        width=alt.Step(CELL_WIDTH), height=alt.Step(ROW_HEIGHT),
        title=alt.TitleParams(title, subtitle=subtitle, anchor="start", fontSize=16, subtitleFontSize=11))
    return chart.configure_view(stroke=None)
