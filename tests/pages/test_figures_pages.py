"""The results and board pages as a board member sees them (AppTest): what is shown, in words,
with no Arrow error in the server log and no None or NaN as text."""
import io
import json
from datetime import date
import logging
import re
import time

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts
from voice_app.services.demo import load_demo

PAGES = "../../voice_app/pages"
RAW_WORDS = ("None", "nan", "NaN", "<NA>", "ci_low", "ci_high", "change_points", "p_value")


def plan_every_round() -> None:
    """Each round's disclosure plan takes seconds the first time (services/disclosure.py) and is
    then kept: made here, so that a page run is timed on rendering, not on the plan."""
    from voice_app.services.disclosure import round_plan
    from voice_app.store import queries
    from voice_app.store.db import session_scope

    with session_scope() as session:
        ids = [r.id for s in queries.all_surveys(session) for r in queries.rounds_for_survey(session, s.id)]
    for round_id in ids:
        round_plan(round_id)


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=40)  # small enough that the board sees "<5" and "[c]"
    plan_every_round()


class Logged(logging.Handler):
    """Streamlit's own loggers do not propagate, so caplog would not see them."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage() + (str(record.exc_info[1]) if record.exc_info else ""))


@pytest.fixture
def streamlit_log():
    import streamlit.dataframe_util  # noqa: F401  (its logger is the one that reports Arrow errors)

    handler = Logged()
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name.startswith("streamlit")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.messages
    for logger in loggers:
        logger.removeHandler(handler)


def page(name: str, user, **params) -> AppTest:
    at = AppTest.from_file(f"{PAGES}/{name}.py", default_timeout=30)
    at.session_state["user"] = user
    at.session_state["last_seen"] = time.time()
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def charts(at: AppTest) -> list[dict]:
    """Each altair chart on the page: its spec, with its data sets read back from Arrow."""
    out = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        spec["_data"] = {d.name: pa.ipc.open_stream(io.BytesIO(d.data.data)).read_all().to_pandas()
                         for d in element.proto.datasets}
        out.append(spec)
    return out


def words_on(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.text] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [s.value for s in at.subheader]
    for frame in at.dataframe:
        parts += [" ".join(frame.value.columns)] + [str(v) for v in frame.value.to_numpy().ravel()]
    return "\n".join(parts)


def assert_text_tables(at: AppTest) -> None:
    for frame in at.dataframe:
        for col in frame.value.columns:
            assert all(isinstance(v, str) for v in frame.value[col]), col  # one type per column


def assert_no_raw_words(at: AppTest) -> None:
    text = words_on(at)
    for word in RAW_WORDS:
        assert not re.search(rf"(?<![\w<]){re.escape(word)}(?!\w)", text), word


def test_board_results_page_in_words_with_every_question(demo, streamlit_log):
    board = accounts.create_user("b1", "a long test password", "board")
    at = page("results", board)
    assert not at.exception
    assert not [m for m in streamlit_log if "Arrow" in m or "Could not convert" in m]
    assert_text_tables(at)
    assert_no_raw_words(at)
    positive, stacked = charts(at)[:2]
    questions = ["How do you feel about where the clinic is?", "How did you feel in the waiting room?",
                 "How do you feel about the rooms where you have your sessions?",
                 "How happy are you that other people can't hear what you say here?",
                 "How happy are you with how staff helped you and listened to you?",
                 "All in all, how happy are you with CAMHS?"]
    rows = [q.replace("\n", " ") for q in stacked["layer"][0]["encoding"]["y"]["scale"]["domain"]]
    assert rows == questions  # every question has its row, in the survey's order
    assert all(len(line) <= 28 for q in stacked["layer"][0]["encoding"]["y"]["scale"]["domain"]
               for line in q.split("\n"))  # wrapped, so no two are cut to the same stub
    assert stacked["layer"][0]["encoding"]["color"]["legend"]["columns"] == 1
    # the figures table: the interval as "62–80%", on the "positive" rows only
    table = at.dataframe[-1].value
    intervals = [v for v in table["95% interval"] if v]
    assert intervals and all(re.fullmatch(r"\d{1,3}–\d{1,3}%", v) for v in intervals)
    assert set(table["Count"]) & {"<5", "[c]"}  # the board's figures are suppressed
    assert not [v for v in table["Count"] if v.isdigit() and 0 < int(v) < 5]


def test_board_trend_table_speaks_words(demo):
    board = accounts.create_user("b1", "a long test password", "board")
    at = page("results", board)
    trend = [f.value for f in at.dataframe if "Round" in f.value.columns][0]
    assert list(trend.columns) == ["Round", "% positive", "95% interval", "n", "Change", "More than chance?"]
    assert list(trend["Round"]) == ["Spring 2026", "Autumn 2026"]
    assert trend["Change"].iloc[0] == ""
    assert re.fullmatch(r"[+-]\d+ points", trend["Change"].iloc[1])
    assert_no_raw_words(at)


@pytest.fixture
def big_demo(sqlite_db):
    load_demo(responses_per_round=150)
    plan_every_round()


def test_board_page_at_a_glance(big_demo, streamlit_log):
    from voice_app.services import board as board_service

    board = accounts.create_user("b1", "a long test password", "board")
    at = page("board", board)
    at.date_input[0].set_value(date(2026, 1, 1))
    at.date_input[1].set_value(date(2026, 12, 31)).run()
    assert not at.exception
    assert not [m for m in streamlit_log if "Arrow" in m]
    assert [h.value for h in at.header] == ["Tell us about CAMHS", "“You said… We did…”", "Views by topic and setting"]
    assert [s.value for s in at.subheader][:2] == ["How positive were answers, round by round?",
                                                   "Sites side by side (Autumn 2026)"]
    by_round, by_site = charts(at)[:2]
    assert [d.label for d in at.get("download_button")] == ["Download chart (PNG)"] * 2 + ["Download as PNG"]
    # the figures beside each chart are the board's (suppressed) figures, in the survey's order
    data = board_service.chart_data(board_service.build(board_service.Filters(
        start=date(2026, 1, 1), end=date(2026, 12, 31))))
    wellbeing = data.surveys[0]
    rounds_table, sites_table = at.dataframe[0].value, at.dataframe[1].value
    assert list(rounds_table.columns) == ["Question", "Round", "% positive", "n", "95% interval"]
    assert list(rounds_table["Question"])[:2] == ["Clinic location"] * 2  # as on the chart beside it
    assert list(rounds_table["Round"])[:2] == ["Spring 2026", "Autumn 2026"]
    assert list(rounds_table["% positive"]) == [f"{p.positive_pct}%" for p in wellbeing.trend]
    assert list(sites_table["Site"])[:3] == ["Riverside clinic waiting room", "Northgate clinic", "Hillside youth hub"]
    # an interval beside each shown share; none where the share is withheld (said in words)
    assert all(re.fullmatch(r"\d{1,3}–\d{1,3}%", v) if p.endswith("%") else v == ""
               for v, p in zip(sites_table["95% interval"], sites_table["% positive"]))
    assert any(p.endswith("%") for p in sites_table["% positive"])
    # each chart: one row per question (short labels that differ), one bar per round or site
    for spec, groups in ((by_round, ["Spring 2026", "Autumn 2026"]), (by_site, list(sites_table["Site"])[:3])):
        questions = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
        assert questions == ["Clinic location", "Waiting room", "Treatment rooms", "Privacy", "Staff listened",
                             "Overall satisfaction"]
        assert spec["layer"][0]["encoding"]["yOffset"]["scale"]["domain"] == groups
    assert_text_tables(at)
    assert_no_raw_words(at)


def test_board_page_shows_withheld_sites_in_words(demo):
    board = accounts.create_user("b1", "a long test password", "board")
    at = page("board", board)
    at.date_input[0].set_value(date(2026, 1, 1))
    at.date_input[1].set_value(date(2026, 12, 31)).run()
    sites_table = at.dataframe[1].value
    withheld = sites_table[sites_table["% positive"].str.startswith("not shown")]
    assert len(withheld) and (withheld["95% interval"] == "").all()
    assert not [v for v in sites_table["n"] if v.isdigit() and 0 < int(v) < 5]
    spec = charts(at)[1]
    rows = [r for frame in spec["_data"].values() for r in frame.to_dict("records")]
    assert all(r["pct"] is None or r["pct"] != r["pct"] for r in rows if not r["shown"])  # no bar length
    assert_no_raw_words(at)
