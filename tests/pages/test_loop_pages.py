"""The closing-the-loop pages through AppTest: each page run directly with a signed-in user."""
import time

import pytest
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts, you_said
from voice_app.services.demo import load_demo

PAGES = "../../voice_app/pages"


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=20)


def page(name: str, user=None, **params) -> AppTest:
    at = AppTest.from_file(f"{PAGES}/{name}.py", default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
        at.session_state["last_seen"] = time.time()
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_worker_creates_from_a_theme_and_publishes(demo):
    worker = accounts.create_user("w1", "a long test password", "worker", ["riverside-camhs"])
    at = page("you_said", worker, survey="camhs-wellbeing", theme="environment")
    assert not at.exception
    at.button(key="from_theme").click().run()
    assert not at.exception
    [item] = you_said.list_items(worker)
    assert item.theme_id == "environment" and item.round == "Autumn 2026"
    at.button(key="publish").click().run()
    assert not at.exception and you_said.get_item(worker, item.id).published
    assert [b.label for b in at.get("download_button")][:2] == ["Poster (PDF)", "Poster (PNG)"]


def test_public_page_needs_no_login_and_shows_only_published(demo):
    worker = accounts.create_user("w1", "a long test password", "worker", ["riverside-camhs"])
    shown = you_said.create(worker, worker.organisation_ids[0], "**bold** <b>tag</b>", status="done",
                            we_did="We fixed it")
    you_said.publish(worker, shown)
    you_said.create(worker, worker.organisation_ids[0], "a draft nobody should see")
    at = page("public_you_said", org="riverside-camhs")
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "**bold** <b>tag</b>" in texts and "We fixed it" in texts  # shown as plain text
    assert "a draft nobody should see" not in texts
    assert "0800 1111" in " ".join(m.value for m in at.markdown)
    assert not at.exception and page("public_you_said", site="riverside-waiting-room").text
    assert "couldn't find" in page("public_you_said", org="nowhere").info[0].value


def test_board_page_for_board_members_only(demo):
    board_user = accounts.create_user("b1", "a long test password", "board")
    at = page("board", board_user)
    assert not at.exception
    assert at.title[0].value.endswith("Partnership board summary") and at.dataframe
    worker = accounts.create_user("w1", "a long test password", "worker", ["riverside-camhs"])
    refused = page("board", worker)
    assert "sign in" in refused.warning[0].value and not refused.dataframe


def test_annual_report_page_generates_a_download(demo):
    admin = accounts.create_user("a1", "a long test password", "admin")
    at = page("annual_report", admin)
    assert not at.exception
    at.date_input[0].set_value(__import__("datetime").date(2026, 1, 1))
    at.date_input[1].set_value(__import__("datetime").date(2026, 12, 31))
    at.radio[0].set_value("csv")
    at.button[0].click().run()
    assert not at.exception and at.get("download_button")


def test_staff_pages_refuse_visitors(demo):
    for name in ("you_said", "board", "annual_report"):
        at = page(name)
        assert not at.exception and "sign in" in at.warning[0].value
