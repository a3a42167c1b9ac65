"""A flag raised when a child saves, before Send, is shown to the lead like any other."""
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts, kiosk
from voice_app.services.demo import load_demo

APP = "../../streamlit_app.py"


def lead_queue() -> AppTest:
    """A new lead of Riverside signs in and opens the safeguarding queue."""
    accounts.create_user("lead-1", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input("lead-1")
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    at.switch_page("voice_app/pages/safeguarding.py").run()
    return at


def test_the_queue_shows_a_disclosure_saved_but_not_yet_sent(sqlite_db):
    load_demo(responses_per_round=40)  # flags of submitted responses
    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "still-typing", "what_could_be_better", "my mums boyfriend hits me", 8)
    at = lead_queue()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "my mums boyfriend hits me" in texts and any("hurting myself" in t for t in texts)
    assert not any("NaT" in t or "None" in t for t in texts)


def test_the_lead_is_told_when_the_child_changed_the_words_afterwards(sqlite_db):
    from voice_app.services.organisations import ensure_organisation, ensure_site

    ensure_site(ensure_organisation("Riverside CAMHS", "riverside-camhs"), "Waiting room", "riverside-waiting-room")
    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my mums boyfriend hits me", 8)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "nothing", 8)
    at = lead_queue()
    texts = [t.value for t in at.text]
    assert "my mums boyfriend hits me" in texts
    assert any("changed or removed these words" in c.value for c in at.caption)
