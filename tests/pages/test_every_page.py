"""Smoke: every page opens without an error for every role that has it in its menu."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import demo_database
from voice_app.app import STAFF_PAGES
from voice_app.services import accounts

APP = "../../streamlit_app.py"
ROLES = ("admin", "worker", "safeguarding_lead", "board")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    with demo_database(tmp_path_factory, "every"):
        for role in ROLES:
            accounts.create_user(f"{role}-x", "a long test password", role, ["riverside-camhs"])
        yield


def pages_for(role: str) -> list[str]:
    return [f for section in STAFF_PAGES.values() for f, *_, roles in section if role in roles]


@pytest.mark.parametrize("role,page", [(r, p) for r in ROLES for p in pages_for(r) if p != "sign_out.py"])
def test_page_opens(demo_db, role, page):
    # A board page plans its round's disclosure control on first opening: seconds, and more on a
    # loaded machine (AppTest counts rendering time against its timeout).
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input[0].input(f"{role}-x")
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    at.switch_page(f"voice_app/pages/{page}").run()
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "sign in with an account" in w.value]


@pytest.mark.parametrize("page,params", [("kiosk.py", {"survey": "camhs-wellbeing", "site": "riverside-waiting-room"}),
                                         ("public_you_said.py", {"org": "riverside-camhs"})])
def test_public_pages_open_without_signing_in(demo_db, page, params):
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    at.run().switch_page(f"voice_app/pages/{page}").run()
    assert not at.exception, at.exception
