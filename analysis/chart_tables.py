"""Survey figures as tables: the accessible alternative to every chart, and the tables people
read beside them, made of text once, here.

A column that mixes numbers and "<5" is neither numbers nor text to Arrow (st.dataframe logs
ArrowInvalid and guesses); and None or NaN must never reach a person as text."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd


def label_for(labels: dict | None, key: str) -> str:
    if labels and key in labels:
        return labels[key]
    return key.replace("_", " ").capitalize()


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x  # not NaN


def shown_positive(fig: dict) -> bool:
    return is_number(fig.get("positive_pct"))


def short_label(question_id: str) -> str:
    """A question's id in words ("clinic_location" -> "Clinic location"): ids are unique and
    stable, so no two labels on a chart are the same, and they fit beside a bar."""
    return label_for(None, question_id)


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
        common = {"question_id": q["id"], "question": label_for(labels, q["id"]), "n": fig["n"]}
        note = NOT_ENOUGH if fig.get("base_suppressed") else ""
        if q["type"] == "text":
            rows.append({**common, "option_id": "", "option": "", "count": None, "pct": None,
                         "ci95": "", "note": "comments"})
            continue
        for opt in q["options"]:
            rows.append({**common, "option_id": opt, "option": label_for(labels, opt),
                         "count": fig["counts"][opt], "pct": fig["pct"][opt], "ci95": "", "note": note})
        if "positive" in fig:
            ci = fig.get("positive_ci95")
            rows.append({**common, "option_id": "positive", "option": label_for(labels, "positive"),
                         "count": fig["positive"], "pct": fig.get("positive_pct"),
                         "ci95": f"{ci[0]}–{ci[1]}" if ci else "", "note": note})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS, dtype=object)


def _whole(x: float) -> int:
    return int(Decimal(repr(float(x))).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def interval_text(ci) -> str:
    """[61.8, 79.6] -> "62–80%": short enough for a narrow column."""
    if ci is None or len(ci) != 2 or not all(is_number(v) for v in ci):
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
                     "%": "" if not is_number(r["pct"]) else f"{r['pct']}%", "n": r["n"],
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
        shown = shown_positive(fig)
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
        rows.append({"Question": label_for(labels, qid),
                     "Change (points)": "not shown (too few answers)" if c.get("base_suppressed")
                     else ("" if change is None else f"{change:+d}"),
                     "More than chance?": {True: "yes", False: "no"}.get(c.get("significant"), ""),
                     "Test": c.get("test") or "", "p": "" if p is None else f"{p:.3f}"})
    return text_frame(rows, CHANGE_COLUMNS)


BOARD_COLUMNS = ["Question", "{group}", "% positive", "n", "95% interval"]


def board_points_display(points: list[dict], group_title: str) -> pd.DataFrame:
    """The figures behind a board chart, as text, for the table beside it (with the chart's
    short question labels, so it fits beside the chart at 1024 px)."""
    rows = [{"Question": p["question"], group_title: p["group"],
             "% positive": (f"{p['positive_pct']}%" if is_number(p.get("positive_pct"))
                            else (p.get("note") or "not shown")),
             "95% interval": interval_text([p.get("ci_low"), p.get("ci_high")]), "n": p["n"]} for p in points]
    return text_frame(rows, [c.format(group=group_title) for c in BOARD_COLUMNS])


def loops_display(loops: list[dict]) -> pd.DataFrame:
    return text_frame([{"Status": item["label"], "Items": item["items"]} for item in loops], ["Status", "Items"])
