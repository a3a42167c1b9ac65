"""The board page's "Views by topic and setting" as a board member sees it (AppTest): topics
down, settings across, small counts as "<5" and "[c]", the newest approved quote per topic."""
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests import setting_town
from tests.markdown_text import shown
from voice_app.services import accounts


@pytest.fixture
def board_member(sqlite_db):
    setting_town.build()
    return accounts.create_user("b1", "a long test password", "board")


def board_page(user) -> AppTest:
    at = AppTest.from_file("../../voice_app/pages/board.py", default_timeout=60)
    at.session_state["user"] = user
    at.session_state["last_seen"] = time.time()
    return at.run()


def test_the_board_sees_views_by_topic_and_setting(board_member):
    at = board_page(board_member)
    assert not at.exception
    assert "Views by topic and setting" in [h.value for h in at.header]
    frame = next(d.value for d in at.dataframe if "Topic" in d.value.columns)
    # settings nobody was heard in are left out at 1024 px, and named
    assert list(frame.columns) == ["Topic", "School or college", "Hospital or clinic", "Community",
                                   "Setting not given", "All settings"]
    assert "No comments in this period from: Social care, Family." in [shown(c.value) for c in at.caption]
    rows = frame.set_index("Topic")
    assert list(rows.index) == ["Staff manner", "Waiting times", "Privacy and confidentiality", "Activities"]
    assert rows.loc["Waiting times", "Hospital or clinic"] == "12" and rows.loc["Waiting times", "All settings"] == "18"
    assert rows.loc["Staff manner", "School or college"] == "<5"
    assert rows.loc["Activities", "All settings"] == "<5"
    assert not {v for v in rows.to_numpy().ravel() if v.isdigit() and 0 < int(v) < 5}
    assert not {v for v in rows.to_numpy().ravel() if v in ("", "None", "nan")}
    quotes = [t.value for t in at.text]
    assert f"Waiting times: “{setting_town.NEWEST_QUOTE}”" in quotes
    assert f"Waiting times: “{setting_town.OLDER_QUOTE}”" not in quotes  # only the newest, once per topic
    assert not [q for q in quotes if setting_town.HIDDEN_QUOTE in q]
    assert [b for b in at.get("download_button") if b.proto.label == "Download as PNG"]


def test_one_organisations_picture(board_member):
    at = board_page(board_member)
    box = at.selectbox[0]
    box.select_index(box.options.index("Hillside Youth")).run()
    rows = next(d.value for d in at.dataframe if "Topic" in d.value.columns).set_index("Topic")
    assert "Waiting times" not in rows.index
    assert rows.loc["Privacy and confidentiality", "Setting not given"] == "5"
    assert list(rows.columns) == ["Community", "Setting not given", "All settings"]  # no hospital, no school
