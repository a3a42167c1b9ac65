import pytest

from voice_app.services import accounts, users_admin


def test_passwords_are_hashed_and_checked(database):
    accounts.create_user("sam", "a long enough password", "worker")
    assert accounts.authenticate("sam", "a long enough password").role == "worker"
    assert accounts.authenticate("sam", "wrong password!!") is None
    assert accounts.authenticate("nobody", "a long enough password") is None


def test_hash_is_argon2id_never_the_password(database):
    from voice_app.store.db import session_scope
    from voice_app.store.users import user_by_username

    accounts.create_user("kim", "another good password", "board")
    with session_scope() as s:
        stored = user_by_username(s, "kim").password_hash
    assert stored.startswith("$argon2id$") and "another good password" not in stored


def test_repeated_failures_hold_the_next_try_back(database, monkeypatch):
    from voice_app.store.models import utcnow

    stopped = utcnow()
    monkeypatch.setattr(accounts, "clock", lambda: stopped)  # each Argon2 check takes most of a second
    accounts.create_user("lee", "correct horse battery", "admin")
    for _ in range(accounts.FREE_TRIES):
        assert accounts.authenticate("lee", "nope nope nope") is None
    held = accounts.attempt_sign_in("lee", "correct horse battery")  # waits a moment (tests: test_sign_in_attack)
    assert held.user is None and held.wait_seconds >= 1


def test_bad_input_is_refused(database):
    with pytest.raises(accounts.AccountError, match="at least"):
        accounts.create_user("x", "short", "admin")
    with pytest.raises(accounts.AccountError, match="role"):
        accounts.create_user("x", "long enough password", "wizard")
    assert not accounts.has_users()


def test_single_sign_on_maps_a_verified_email_to_an_existing_account(database):
    accounts.create_user("sam@riverside.nhs.uk", "a long enough password", "worker")
    signed = accounts.sso_sign_in({"email": "Sam@Riverside.nhs.uk ", "email_verified": True})
    assert signed.user.role == "worker" and not signed.refusal
    assert accounts.sso_sign_in({"email": "stranger@example.org", "email_verified": True}).user is None
    assert accounts.sso_sign_in({}).user is None


@pytest.mark.parametrize("verified", [False, None, "false", 0, "yes please"])
def test_single_sign_on_refuses_an_email_the_provider_has_not_verified(database, verified):
    accounts.create_user("sam@riverside.nhs.uk", "a long enough password", "worker")
    claims = {"email": "sam@riverside.nhs.uk", "is_logged_in": True}
    if verified is not None:
        claims["email_verified"] = verified
    refused = accounts.sso_sign_in(claims)
    assert refused.user is None
    assert refused.refusal == ("Your organisation has not confirmed that this email address is yours, "
                               "so it cannot sign you in here. Ask your IT team, or sign in with your "
                               "voice_app username and password.")
    from voice_app.services.audit import events

    admin = accounts.create_user("ada", "a long enough password", "admin")
    log = events(admin)
    assert "sign_in.sso_refused" in set(log["action"])


def test_a_provider_that_sends_true_as_text_is_understood(database):
    accounts.create_user("sam@riverside.nhs.uk", "a long enough password", "worker")
    assert accounts.sso_sign_in({"email": "sam@riverside.nhs.uk", "email_verified": "true"}).user is not None


def test_a_lead_created_from_the_command_line_gets_alerts_at_their_email(database, monkeypatch):
    import io

    from voice_app import cli
    from voice_app.services.organisations import ensure_organisation

    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long test password\n"))
    assert cli.main(["create-user", "lena", "--role", "safeguarding_lead", "--org", "riverside-camhs",
                     "--email", "lena@example.org"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a long test password\n"))
    assert cli.main(["create-user", "leo", "--role", "safeguarding_lead", "--email", "leo@"]) == 1
    admin = accounts.create_user("ada", "a long test password", "admin")
    assert {u.username: u.email for u in users_admin.list_users(admin)} == {"lena": "lena@example.org", "ada": ""}
