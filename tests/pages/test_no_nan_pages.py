"""No NaN, None or NaT ever reaches a person as text: the quote box after another quote was
approved, and every worker, public and admin page of the loop on the demo data."""
import re
import time

import pytest

from tests.markdown_text import shown
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts, comments
from voice_app.services.demo import load_demo
from voice_app.services.you_said import items

PAGES = "../../voice_app/pages"
MISSING = re.compile(r"\b(nan|NaN|None|NaT)\b")


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=20)


@pytest.fixture
def worker(demo):
    return accounts.create_user("worker-1", "a long test password", "worker", ["riverside-camhs"])


def page(name: str, user=None, params=None, **state) -> AppTest:
    at = AppTest.from_file(f"{PAGES}/{name}.py", default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
        at.session_state["last_seen"] = time.time()
    for key, value in state.items():
        at.session_state[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def shown_words(at: AppTest) -> list[str]:
    """Every piece of text the page puts in front of a person, table cells included."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "success",
                 "warning", "error", "text_area", "text_input"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("selectbox", "radio", "multiselect"):
        for e in at.get(kind):
            out += [str(o) for o in e.options]
    for frame in at.dataframe:
        df = frame.value
        out += [str(c) for c in df.columns]
        # A table shows a missing cell as "None" (or "nan"): each counts as shown.
        out += [str(v) for v in df.astype(object).to_numpy().ravel()]
    return out


def missing_words(at: AppTest) -> list[str]:
    return [w for w in shown_words(at) if MISSING.search(w)]


def pick(position: int) -> dict:
    return {"comments_table_0": {"selection": {"rows": [position], "columns": []}}}


def test_after_one_quote_is_approved_the_next_box_shows_its_own_words(worker):
    first = comments.explore(worker, survey_key="camhs-wellbeing").iloc[0]
    comments.decide_quote(worker, int(first["answer_id"]), True, first["redacted"])
    at = page("comments", worker, **pick(1))
    assert not at.exception
    second = comments.explore(worker, survey_key="camhs-wellbeing").iloc[1]
    box = at.text_area(key=f"quote_{int(second['answer_id'])}")
    assert box.value == second["redacted"] and box.value != "nan"
    [b for b in at.button if b.label == "Approve quote"][0].click().run()
    assert not at.exception
    saved = comments.explore(worker, survey_key="camhs-wellbeing")
    saved = saved[saved["answer_id"] == second["answer_id"]].iloc[0]
    assert saved["quote_status"] == "approved" and saved["quote_text"] == second["redacted"]
    approved = comments.approved_quotes([worker.organisation_ids[0]])
    assert approved and not [q for q in approved if MISSING.search(str(q.text))]


def test_store_rows_carry_none_never_nan(worker):
    first = comments.explore(worker).iloc[0]
    comments.decide_quote(worker, int(first["answer_id"]), True, first["redacted"])
    df = comments.explore(worker)
    for column in ("quote_text", "site", "flag_reason"):
        values = list(df[column])
        assert not [v for v in values if isinstance(v, float)], column  # NaN is a float
        assert None in values or column == "site", column


@pytest.mark.parametrize("name,params,who,state", [
    ("comments", {}, "worker", pick(2)),
    ("you_said", {"survey": "camhs-wellbeing", "theme": "environment"}, "worker", {}),
    ("public_you_said", {"org": "riverside-camhs"}, None, {}),
    ("audit_log", {}, "admin", {}),
])
def test_no_page_shows_nan_none_or_nat(worker, name, params, who, state):
    first = comments.explore(worker, survey_key="camhs-wellbeing").iloc[0]
    comments.decide_quote(worker, int(first["answer_id"]), True, first["redacted"])
    org = worker.organisation_ids[0]
    item = items.create(worker, org, "The waiting room is boring", survey_key="camhs-wellbeing",
                        round_name="Autumn 2026", theme_id="environment",
                        quote_answer_ids=[int(first["answer_id"])])
    items.publish(worker, item)
    user = {"worker": worker, None: None,
            "admin": accounts.create_user("admin-1", "a long test password", "admin")}[who]
    at = page(name, user, params, **state)
    assert not at.exception, at.exception
    assert shown_words(at)
    assert missing_words(at) == [], name


def test_an_over_long_quote_is_refused_in_words_not_a_traceback(worker):
    at = page("comments", worker, **pick(0))
    answer_id = int(comments.explore(worker, survey_key="camhs-wellbeing").iloc[0]["answer_id"])
    at.text_area(key=f"quote_{answer_id}").input("x" * 1001)
    [b for b in at.button if b.label == "Approve quote"][0].click().run()
    assert not at.exception
    assert shown(at.error[0].value) == "Not approved: the quote is too long: 1,000 characters at most (this one has 1,001)."
