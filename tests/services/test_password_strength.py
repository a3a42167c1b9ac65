"""Passwords a guesser would try first are refused, with a plain reason, wherever one is set."""
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voice_app import cli
from voice_app.services import accounts

WEAK = ["aaaaaaaaaa", "password123", "1234567890", "qwertyuiop", "Password1!", "iloveyou12",
        "abcabcabcabc", "letmein2024", "lead-user-2026"]
# Every password the tests and the README use must still be accepted.
IN_USE = ["a long test password", "a long enough password", "another good password", "a long e2e password",
          "correct horse battery", "a proper long password", "long enough password", "a long password"]


@pytest.mark.parametrize("password", WEAK)
def test_common_and_repetitive_passwords_are_refused_with_a_plain_reason(database, password):
    with pytest.raises(accounts.AccountError, match="too easy to guess") as refused:
        accounts.create_user("lead-user", password, "safeguarding_lead")
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 300
    assert not accounts.has_users()


def test_the_passwords_in_use_are_accepted():
    for password in IN_USE:
        accounts.check_password(password, "someone")
    accounts.check_password(accounts.generate_password(), "someone")


@settings(max_examples=60, deadline=None)
@given(char=st.characters(codec="utf-8", exclude_categories=("Cs",)), length=st.integers(10, 300))
def test_one_character_over_and_over_is_never_a_password(char, length):
    with pytest.raises(accounts.AccountError):
        accounts.check_password(char * length, "someone")


def test_too_long_is_refused_plainly():
    with pytest.raises(accounts.AccountError, match="at most"):
        accounts.check_password("correct horse battery staple " * 40, "someone")


def test_a_new_password_is_checked_too(database):
    accounts.create_user("sam", "a long test password", "worker")
    with pytest.raises(accounts.AccountError, match="too easy to guess"):
        accounts.set_password("sam", "password-sam")
    assert accounts.authenticate("sam", "a long test password") is not None


def test_the_command_line_refuses_a_weak_password(database, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("aaaaaaaaaa\n"))
    assert cli.main(["create-user", "ada", "--role", "admin"]) == 1
    assert "too easy to guess" in capsys.readouterr().err
    assert not accounts.has_users()
