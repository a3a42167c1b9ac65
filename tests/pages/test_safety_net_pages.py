"""The human safety net on the pages: "This worries me" wherever a worker reads a comment; the
lead's queue says who sent it and why, most urgent first; a child who has just told us reads
calm words and can ask for someone here."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from tests.markdown_text import shown
from voice_app.services import accounts, comments, safeguarding
from voice_app.services.demo import load_demo
from voice_app.services.you_said import item_views, items
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, SafeguardingExample, SafeguardingFlag

PAGES = "../../voice_app/pages"
WORRY = "⚠️ This worries me — send to the safeguarding lead"


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=20)


@pytest.fixture
def worker(demo):
    return accounts.create_user("worker-1", "a long test password", "worker", ["riverside-camhs"])


def page(name: str, user, **state) -> AppTest:
    at = AppTest.from_file(f"{PAGES}/{name}.py", default_timeout=30)
    at.session_state["user"] = user
    at.session_state["last_seen"] = time.time()
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def flags() -> list[SafeguardingFlag]:
    with session_scope() as session:
        return list(session.execute(select(SafeguardingFlag).order_by(SafeguardingFlag.id)).scalars())


def test_a_worker_sends_a_comment_from_the_explorer(worker):
    # The first comment in the table, picked as a worker would tap it.
    at = page("comments", worker, comments_table_0={"selection": {"rows": [0], "columns": []}})
    assert not at.exception
    shown = len(at.dataframe[0].value)
    answer_id = int(comments.explore(worker, survey_key="camhs-wellbeing")["answer_id"].iloc[0])
    assert WORRY in [e.label for e in at.expander]
    send = [b for b in at.button if b.label == "Send to the safeguarding lead"][0]
    send.click().run()
    assert "why this worries you" in at.error[0].value.lower()  # a reason is required
    at.text_area(key=f"worry_reason_comment_{answer_id}").input("She says she is not fed at home")
    [b for b in at.button if b.label == "Send to the safeguarding lead"][0].click().run()
    assert not at.exception
    assert at.success[0].value == "Sent to the safeguarding lead. Thank you."
    assert len(at.dataframe[0].value) == shown - 1  # it left the worker's list
    assert answer_id not in set(comments.explore(worker, survey_key="camhs-wellbeing")["answer_id"])
    assert not [s for s in at.subheader if s.value == "Comment"]  # and no other comment took its place
    flag = [f for f in flags() if f.source == "worker"][0]
    assert (flag.answer_id, flag.raised_by, flag.raised_reason) == (answer_id, worker.id,
                                                                    "She says she is not fed at home")


def test_a_worker_sends_a_quote_from_a_you_said_item(worker):
    row = comments.explore(worker).iloc[0]
    answer_id = int(row["answer_id"])
    comments.decide_quote(worker, answer_id, True, row["redacted"])
    item_id = items.create(worker, worker.organisation_ids[0], "You said…", quote_answer_ids=[answer_id])
    at = page("you_said", worker, you_said_item=item_id)
    assert not at.exception and WORRY in [e.label for e in at.expander]
    at.text_area(key=f"worry_reason_quote_{answer_id}").input("Reads like a hint about home")
    [b for b in at.button if b.label == "Send to the safeguarding lead"][0].click().run()
    assert not at.exception and at.success[0].value == "Sent to the safeguarding lead. Thank you."
    assert item_views.quote_comments(worker, item_id) == []  # the quote is off the item, and off any poster
    assert [f.raised_reason for f in flags() if f.source == "worker"] == ["Reads like a hint about home"]


def test_the_lead_sees_who_sent_it_and_why_most_urgent_first(worker):
    answer_id = int(comments.explore(worker).iloc[0]["answer_id"])
    safeguarding.send_to_lead(worker, answer_id, "**Not** <b>sure</b>, but it worries me")
    with session_scope() as session:
        rows = list(session.execute(select(SafeguardingFlag).order_by(SafeguardingFlag.id)).scalars())
        oldest = min(f.created_at for f in rows) - timedelta(hours=1)
        screen = rows[0]
        screen.level, screen.created_at = "check", oldest - timedelta(hours=1)  # oldest, but only a check
        rows[-1].created_at = oldest  # the worker's: the concern waiting longest
        session.add_all(rows)
    lead = accounts.create_user("lead-1", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    at = page("safeguarding", lead)
    assert not at.exception
    headers = [m.value for m in at.markdown if "·" in m.value]
    assert headers[0].startswith("**Concern") and "Sent by a worker" in headers[0]
    assert headers[-1].startswith("**Check")
    texts = [t.value for t in at.text]
    assert "Sent by worker-1. Why: **Not** <b>sure</b>, but it worries me" in texts  # plain text


def test_the_lead_records_that_the_screen_missed_it(worker):
    answer_id = int(comments.explore(worker).iloc[0]["answer_id"])
    safeguarding.send_to_lead(worker, answer_id, "worried")
    lead = accounts.create_user("lead-1", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    flag_id = [f.id for f in flags() if f.source == "worker"][0]
    safeguarding.close(lead, flag_id, "Referred to MASH", "concern")
    at = page("safeguarding", lead)
    at.button_group[0].set_value("Closed").run()
    at.selectbox(key=f"category_{flag_id}").select("neglect").run()
    at.button(key=f"verdict_screen_missed_{flag_id}").click().run()
    assert not at.exception
    assert "The screen: The screen missed this" in [shown(c.value) for c in at.caption]
    with session_scope() as session:
        [example] = session.execute(select(SafeguardingExample)).scalars().all()
    assert (example.concern, example.category, example.flag_id) == (True, "neglect", flag_id)


# --- the kiosk -------------------------------------------------------------------------------

def kiosk_through(what_could_be_better: str) -> AppTest:
    at = AppTest.from_file("../../streamlit_app.py", default_timeout=30)
    at.query_params["survey"] = "camhs-wellbeing"
    at.query_params["site"] = "riverside-waiting-room"
    at = at.run().switch_page("voice_app/pages/kiosk.py").run()
    at.button[0].click().run()
    at.button(key="kiosk_opt_age_band_prefer_not_to_say").click().run()  # asked first
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
              "overall_satisfaction", "what_was_good"]:
        at.button(key=f"kiosk_skip_{q}").click().run()
    at.text_area[0].input(what_could_be_better).run()
    at.button(key="kiosk_next_what_could_be_better").click().run()
    at.button(key="kiosk_send").click().run()
    assert not at.exception
    return at


def talk_requests() -> list[Alert]:
    with session_scope() as session:
        return list(session.execute(select(Alert).where(Alert.kind == "talk_request")).scalars())


def test_a_child_who_has_just_told_us_reads_calm_words_and_can_ask_for_someone(demo):
    at = kiosk_through("my step dad hits me when he is drunk")
    words = " ".join(t.value for t in at.text)
    assert at.title[0].value == "Thank you"
    assert "A grown-up whose job is to keep children safe will read what you wrote" in words
    assert "does not have your name on it" in words and "0800 1111" in words
    assert not any(w in (words + at.title[0].value).lower() for w in ("flag", "secret", "confidential"))
    talk = at.button(key="kiosk_talk")
    assert talk.label == "I'd like someone here to talk to me"
    talk.click().run()
    assert not at.exception
    assert "Thank you. Someone will come and find you." in [t.value for t in at.text]
    assert not [b for b in at.button if b.key == "kiosk_talk"]  # one tap, one alert
    [alert] = talk_requests()
    assert alert.site_id is not None and alert.organisation_id is not None and alert.flag_id is None
    assert alert.recipients == "" and alert.last_error is None  # nothing of the child's words


def test_an_ordinary_answer_gets_the_ordinary_thank_you(demo):
    at = kiosk_through("the waiting room could have more games")
    assert at.title[0].value.startswith("Thank you!")
    assert not [b for b in at.button if b.key == "kiosk_talk"]
    assert not any("keep children safe will read" in t.value for t in at.text)
    assert not talk_requests()


def test_a_flag_on_a_comment_not_yet_sent_and_without_a_site_shows_no_blanks(demo):
    # Screened as it was saved (before Send), from a response with no site (an import).
    from voice_app.services import kiosk
    from voice_app.store import comments as comment_store
    from voice_app.store.models import Answer, Response

    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "child-unsent", "what_could_be_better", "he locks me in my room", 8)
    lead = accounts.create_user("lead-1", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    with session_scope() as session:
        response = session.execute(select(Response).where(Response.client_key == "child-unsent")).scalar_one()
        response.site_id = None
        session.add(response)
        answer = session.execute(select(Answer).where(Answer.response_id == response.id)).scalar_one()
        comment_store.raise_flag(session, answer.id, lead.organisation_ids[0], "neglect")
    at = page("safeguarding", lead)
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "he locks me in my room" in texts
    assert any(t.startswith("No site · camhs-wellbeing · ") for t in texts)
    assert not any("nan" in t.split() or "None" in t.split() or "NaT" in t for t in texts)
