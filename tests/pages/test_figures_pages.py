"""The results and board pages as a board member sees them (AppTest): what is shown, in words,
with no Arrow error in the server log and no None or NaN as text."""
import io
import json
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


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=40)  # small enough that the board sees "<5" and "[c]"


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
    questions = ["How do you feel about where the clinic is?", "How comfortable did you feel in the waiting room?",
                 "How do you feel about the rooms where you have your sessions?",
                 "How happy are you that people can't overhear what you say?",
                 "How happy are you with how staff helped you and listened to you?",
                 "Overall, how satisfied are you with CAMHS?"]
    rows = [q.replace("\n", " ") for q in stacked["layer"][0]["encoding"]["y"]["scale"]["domain"]]
    assert rows == questions  # every question has its row, in the survey's order
    assert all(len(line) <= 28 for q in stacked["layer"][0]["encoding"]["y"]["scale"]["domain"]
               for line in q.split("\n"))  # wrapped, so no two are cut to the same stub
    assert stacked["layer"][0]["encoding"]["color"]["legend"]["columns"] == 5
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
    assert list(trend.columns) == ["Round", "% positive", "95% interval", "n", "Change since the round before",
                                   "More than chance?"]
    assert list(trend["Round"]) == ["Spring 2026", "Autumn 2026"]
    assert trend["Change since the round before"].iloc[0] == ""
    assert re.fullmatch(r"[+-]\d+ points", trend["Change since the round before"].iloc[1])
    assert_no_raw_words(at)
