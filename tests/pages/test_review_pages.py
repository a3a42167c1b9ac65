"""The theme explorer, the safeguarding queue and home: each role sees exactly what it may."""
import time

import pytest
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts
from voice_app.services.demo import load_demo

APP = "../../streamlit_app.py"


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=40)


def as_role(role: str, orgs=("riverside-camhs",)) -> AppTest:
    accounts.create_user(f"{role}-1", "a long test password", role, list(orgs))
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(f"{role}-1")
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    return at



@pytest.mark.parametrize("role,allowed", [
    ("worker", {"comments", "results"}), ("safeguarding_lead", {"safeguarding", "results"}),
    ("board", {"results"}), ("admin", {"comments", "safeguarding", "results"})])
def test_each_role_reaches_only_its_pages(demo, role, allowed):
    at = as_role(role)
    user = at.session_state["user"]
    for page in ("comments", "safeguarding", "results"):
        try:
            at.switch_page(f"voice_app/pages/{page}.py").run()
            in_menu = True
        except ValueError:  # the router does not offer this page to this role
            in_menu = False
        assert in_menu == (page in allowed), (role, page)
        if page in allowed:
            continue
        # Run directly, as if reached by some other path, the page still checks the role.
        direct = AppTest.from_file(f"../../voice_app/pages/{page}.py", default_timeout=30)
        direct.session_state["user"] = user
        direct.session_state["last_seen"] = time.time()
        direct.run()
        assert not direct.exception, (role, page, direct.exception)
        assert "sign in with an account" in direct.warning[0].value, (role, page)


def test_worker_reads_corrects_and_approves_a_quote(demo):
    at = as_role("worker").switch_page("voice_app/pages/comments.py").run()
    assert not at.exception
    assert "comments" in at.markdown[0].value
    table = at.dataframe[0].value
    assert "text" in table.columns
    # No flagged comment ever appears in the explorer.
    assert not table["text"].str.contains("hurting myself|safe at home", regex=True).any()


def test_worker_sees_a_polish_comment_marked_not_coded_polish(demo):
    from voice_app.services import kiosk, safeguarding

    polish = "nie lubie czekac tak dlugo"
    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "child-pl", "what_could_be_better", polish, 7)
    kiosk.submit(k, "child-pl")
    lead = accounts.create_user("lead-pl", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    flag = safeguarding.queue(lead).set_index("text").loc[polish]
    safeguarding.close(lead, int(flag["id"]), "Read with a Polish speaker: about waiting", "false_alarm")
    at = as_role("worker").switch_page("voice_app/pages/comments.py").run()
    table = at.dataframe[0].value.set_index("text")
    assert table.loc[polish, "themes"] == "Not coded: Polish. The tool reads English only: please choose its themes."
    assert (table["themes"].str.startswith("Not coded") == (table.index == polish)).all()


def test_lead_sees_the_open_flags_of_their_organisation(demo):
    at = as_role("safeguarding_lead").switch_page("voice_app/pages/safeguarding.py").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert any("hurting myself" in t for t in texts)
    assert at.metric[0].value != "0"


def test_lead_home_counts_open_flags(demo):
    at = as_role("safeguarding_lead")
    assert not at.exception
    assert "waiting for a decision" in at.error[0].value


def test_lead_of_another_organisation_sees_none_of_them(demo):
    at = as_role("safeguarding_lead", orgs=("hillside-youth",)).switch_page("voice_app/pages/safeguarding.py").run()
    assert not any("hurting myself" in t.value for t in at.text)


def test_board_member_sees_only_suppressed_figures_on_the_page(sqlite_db, tmp_path):
    from tests.services.test_board_suppression import import_round
    from voice_app.services.organisations import ensure_organisation, ensure_site

    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_site("riverside-camhs", "Riverside clinic waiting room", "riverside-waiting-room")
    import_round(tmp_path, third_site=True)
    at = as_role("board").switch_page("voice_app/pages/results.py").run()
    assert not at.exception
    assert "Board view" in at.caption[0].value
    at.selectbox[4].select("site").run()  # break down by site
    assert not at.exception
    for frame in at.dataframe:
        df = frame.value
        for col in ("count", "n"):
            if col in df:
                assert not [v for v in df[col] if isinstance(v, int) and 0 < v < 5], col


def test_lead_closes_a_flag_only_with_a_decision(demo):
    at = as_role("safeguarding_lead").switch_page("voice_app/pages/safeguarding.py").run()
    before = at.metric[0].value
    submit = [b for b in at.button if b.label == "Record decision and close"][0]
    submit.click().run()
    assert at.error and "record what was done" in at.error[0].value
    at.selectbox[0].select("Referred to MASH")
    at.radio[0].set_value("concern")
    [b for b in at.button if b.label == "Record decision and close"][0].click().run()
    assert not at.exception
    assert int(at.metric[0].value) == int(before) - 1
