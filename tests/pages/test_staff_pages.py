"""Staff pages, as a person sees them: least privilege by default, plain errors, no tracebacks."""
import time
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts, users_admin

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin(sqlite_db):
    return accounts.create_user("ada", "a long test password", "admin")


def page(name: str, user) -> AppTest:
    at = AppTest.from_file(f"../../voice_app/pages/{name}.py", default_timeout=30)
    at.session_state["user"] = user
    at.session_state["last_seen"] = time.time()
    return at.run()


def add_user_button(at):
    return next(b for b in at.button if b.label == "Add user")


def everything_shown(at) -> str:
    parts = [e.value for kind in ("error", "success", "warning", "info", "code", "markdown", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_a_new_user_has_no_role_until_the_admin_chooses_one(admin):
    at = page("users_admin", admin)
    role = at.selectbox[0]
    assert role.label == "Role" and role.value is None
    at.text_input[0].input("wes")
    add_user_button(at).click().run()
    assert "choose a role" in at.error[0].value
    assert "wes" not in [u.username for u in users_admin.list_users(admin)]
    at.text_input[0].input("wes")
    at.selectbox[0].select("worker")
    add_user_button(at).click().run()
    assert [u.role for u in users_admin.list_users(admin) if u.username == "wes"] == ["worker"]


def test_a_username_of_the_longest_length_is_added_and_no_hash_is_shown(admin):
    at = page("users_admin", admin)
    # The box stops at 120; the service refuses more from anywhere else (tests/services).
    assert at.text_input[0].max_chars == accounts.MAX_USERNAME
    at.text_input[0].input("u" * 120)
    at.selectbox[0].select("worker")
    add_user_button(at).click().run()
    assert not at.exception
    assert "u" * 120 in at.success[0].value
    assert "argon2" not in everything_shown(at)


def test_no_table_offers_its_own_download_and_no_page_shows_error_details():
    """Streamlit's "Download as CSV" on a table would bypass the audited, formula-safe exports;
    a traceback would show hosts, ports and SQL parameters."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
    assert config["client"]["showErrorDetails"] == "none"
