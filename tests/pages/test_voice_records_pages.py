"""The Voice records and Practice reviews pages, as a worker uses them."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.markdown_text import shown
from voice_app.config import get_settings
from voice_app.services import accounts, records
from voice_app.services.organisations import ensure_organisation

APP = "../../streamlit_app.py"
LETTER = "Nobody listened to me when I asked to change my appointment"


@pytest.fixture
def worker_app(sqlite_db, tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    accounts.create_user("worker-1", "a long test password", "worker", ["riverside-camhs"])
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("worker-1")
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def log_letter(at, summary: str = LETTER):
    at.switch_page("voice_app/pages/voice_records.py").run()
    at.text_area[0].input(summary)
    button(at, "Log record").click().run()
    assert not at.exception, at.exception


def test_a_worker_logs_a_letter_sees_it_explored_and_withdraws_consent(worker_app):
    at = worker_app
    log_letter(at)
    assert [s.value for s in at.success] == ["Logged the letter. It is in “What children wrote” now."]
    assert any(m.value == "Records (1)" for m in at.subheader)
    assert [t.value for t in at.text] == [LETTER]
    at.switch_page("voice_app/pages/comments.py").run()
    at.selectbox[0].select("voice-records").run()
    assert any(m.value == "**1** record" for m in at.markdown)
    assert list(at.dataframe[0].value["site"]) == ["Letter · School or college"]

    at.switch_page("voice_app/pages/voice_records.py").run()
    button(at, "Withdraw consent").click().run()
    assert "Consent withdrawn" in at.success[0].value
    assert [t.value for t in at.text] == ["Not shown: consent ended"]
    assert not [b for b in at.button if b.label == "Withdraw consent"]
    at.switch_page("voice_app/pages/comments.py").run()
    at.selectbox[0].select("voice-records").run()
    assert any(m.value == "**0** records" for m in at.markdown)


def test_an_empty_summary_is_refused_and_named(worker_app):
    log_letter(worker_app, "")
    assert [shown(e.value) for e in worker_app.error] == ["Not logged: summary: the summary is empty."]
    assert records.list_records(worker_app.session_state["user"]) == []


def test_a_worrying_record_goes_to_the_lead(worker_app):
    log_letter(worker_app, "my mums boyfriend hits me")
    assert [w.value for w in worker_app.warning] == [
        "Logged. It sounds like a worry, so it has gone to the safeguarding lead."]
    assert [t.value for t in worker_app.text] == ["With the safeguarding lead"]


def test_a_review_holds_records_and_its_changes(worker_app):
    at = worker_app
    log_letter(at)
    at.switch_page("voice_app/pages/practice_reviews.py").run()
    at.text_input[0].input("CSPR 2026-04")
    button(at, "Create review").click().run()
    assert at.success[0].value == "Review created."
    assert [shown(m.value) for m in at.subheader] == ["CSPR: CSPR 2026-04"]
    at.radio(key="meeting_1").set_value("end")
    button(at, "Attach").click().run()
    assert "End meeting: letter" in [shown(m.value) for m in at.markdown]
    at.text_area[0].input("Letters now go to the child's own worker")
    button(at, "Save changes").click().run()
    assert at.success[0].value == "Changes saved."
    assert at.text_area[0].value == "Letters now go to the child's own worker"
