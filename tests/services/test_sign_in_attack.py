"""Sign-in tried as an attacker would: parallel guessing, locking a real person out, listing names
by how the answer behaves, weak passwords, and what the audit log keeps. Real database (SQLite
and PostgreSQL), real threads; time is the service's injectable clock, never a sleep."""
from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice_app.services import accounts, users_admin

RIGHT = "a long test password"
T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
STRANGER = "203.0.113.66"
LEAD_AT_WORK = "198.51.100.7"
LEAD_AT_HOME = "192.0.2.44"


class Clock:
    def __init__(self, at: datetime = T0):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(accounts, "clock", c, raising=False)
    return c


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2id still, with a small cost: 50 verifications at the real cost take a minute on two
    cores. Every try still verifies exactly one hash, which is what the tests count."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(accounts, "_hasher", hasher)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", hasher.hash("dummy for these tests"))


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """Every password hash verified, by which hash: the dummy one or a real account's."""
    seen: list[str] = []
    real_verify = accounts._hasher.verify

    def verify(password, hash_, *args, **kwargs):
        seen.append("dummy" if hash_ == accounts._DUMMY_HASH else "real")
        return real_verify(password, hash_, *args, **kwargs)

    monkeypatch.setattr(accounts._hasher, "verify", verify)  # this test's own hasher (quick_hashes)
    return seen


@pytest.fixture
def lead(database):
    return accounts.create_user("lead", RIGHT, "safeguarding_lead")


def burst(passwords: list[str], **where) -> list:
    """All at once, from threads released together: what 50 browsers sending together do."""
    gate = threading.Barrier(len(passwords))
    results: list = [None] * len(passwords)
    errors: list[BaseException] = []

    def attempt(i: int, password: str) -> None:
        try:
            gate.wait()
            results[i] = accounts.authenticate("lead", password, **where)
        except BaseException as err:  # noqa: BLE001  (reported below, in the test's thread)
            errors.append(err)

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(passwords)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_fifty_parallel_wrong_passwords_are_not_all_checked(lead, clock, checked):
    results = burst([f"wrong guess number {i}" for i in range(50)])
    assert results == [None] * 50
    # A read-then-write lockout checks all 50; only the free tries may reach the hash.
    assert checked.count("real") <= accounts.FREE_TRIES


def test_the_right_password_hidden_in_a_parallel_burst_is_refused(lead, clock, checked):
    for i in range(accounts.FREE_TRIES):
        assert accounts.authenticate("lead", f"first guess {i}", client=STRANGER) is None
    checked.clear()
    guesses = [f"wrong guess number {i}" for i in range(49)] + [RIGHT]
    assert burst(guesses, client=STRANGER) == [None] * 50
    assert checked.count("real") == 0  # every one of them waited for the throttle


def test_a_stranger_never_locks_the_real_user_out_for_more_than_a_minute(lead, clock):
    # The lead signs in from work on an ordinary day: that browser's address is known for them.
    assert accounts.authenticate("lead", RIGHT, client=LEAD_AT_WORK) == lead
    clock.advance(days=1)
    # A stranger hammers the account for ten minutes: a burst of 50, then more every few seconds.
    burst([f"wrong guess number {i}" for i in range(50)], client=STRANGER)
    for _ in range(100):
        clock.advance(seconds=6)
        assert accounts.authenticate("lead", "another wrong guess", client=STRANGER) is None
        # From work, the lead gets in at once, whatever the stranger does.
        result = accounts.attempt_sign_in("lead", RIGHT, client=LEAD_AT_WORK)
        assert result.user == lead and result.wait_seconds == 0
    # From a new place, the lead waits at most a minute after the stranger's last try...
    result = accounts.attempt_sign_in("lead", RIGHT, client=LEAD_AT_HOME)
    assert result.user is None and 0 < result.wait_seconds <= 60
    clock.advance(seconds=60)
    assert accounts.authenticate("lead", RIGHT, client=LEAD_AT_HOME) == lead


def test_a_correct_password_is_refused_only_while_the_delay_runs(lead, clock):
    for i in range(accounts.FREE_TRIES):
        accounts.authenticate("lead", f"guess {i}", client=STRANGER)
    waiting = accounts.attempt_sign_in("lead", RIGHT, client=STRANGER)
    assert waiting.user is None and waiting.wait_seconds >= 1
    clock.advance(seconds=waiting.wait_seconds)
    assert accounts.authenticate("lead", RIGHT, client=STRANGER) == lead


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(failures=st.integers(min_value=0, max_value=10_000), kind=st.sampled_from(["pair", "account", "client"]))
def test_delays_grow_and_never_pass_a_minute(failures, kind):
    free = accounts.THROTTLE_FREE[kind]
    delay = accounts.throttle_delay(failures, free)
    assert 0 <= delay <= accounts.MAX_DELAY_SECONDS == 60
    assert delay <= accounts.throttle_delay(failures + 1, free)  # growing, up to the cap
    assert (delay == 0) == (failures < free)


def test_one_address_guessing_many_names_is_slowed_too(database, clock, checked):
    for n in range(3):
        accounts.create_user(f"worker{n}", RIGHT, "worker")
    results = [accounts.attempt_sign_in(f"worker{n}", "password1234", client=STRANGER) for n in range(40)]
    assert checked.count("real") + checked.count("dummy") == 40  # the same work, throttled or not
    assert any(r.wait_seconds for r in results)
    assert sum(1 for r in results if not r.wait_seconds) == accounts.THROTTLE_FREE["client"]


def test_unknown_and_known_names_do_the_same_hash_work(lead, clock, checked):
    accounts.create_user("gone", RIGHT, "worker")
    admin = accounts.create_user("ada", RIGHT, "admin")
    users_admin.set_active(admin, "gone", False)
    calls = {}
    for name, password in [("nobody", RIGHT), ("lead", "wrong password here"), ("gone", RIGHT),
                           ("lead", RIGHT), ("x" * 500, RIGHT), ("nul\x00name", RIGHT)]:
        checked.clear()
        accounts.authenticate(name, password, client=STRANGER)
        calls[name] = len(checked)
    assert set(calls.values()) == {1}, calls
    # A throttled account still does the hash work (no quick answer that says 'this one exists').
    for i in range(accounts.FREE_TRIES):
        accounts.authenticate("lead", f"guess {i}", client=STRANGER)
        accounts.authenticate("nobody", f"guess {i}", client=STRANGER)
    for name in ("lead", "nobody"):
        checked.clear()
        result = accounts.attempt_sign_in(name, RIGHT, client=STRANGER)
        assert checked == ["dummy"] and result.wait_seconds > 0
    # ...and an unknown name is throttled exactly like a real one: the wait says nothing either.
    assert (accounts.attempt_sign_in("lead", RIGHT, client=STRANGER).wait_seconds
            == accounts.attempt_sign_in("nobody", RIGHT, client=STRANGER).wait_seconds)


def audit_rows() -> list[dict]:
    from sqlmodel import select

    from voice_app.store.db import session_scope
    from voice_app.store.models import AuditEvent

    with session_scope() as s:
        return [{"user_id": e.user_id, "username": e.username, "action": e.action, "target": e.target,
                 "detail": e.detail} for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]


def test_every_sign_in_failure_and_throttle_is_audited_without_the_password(lead, clock):
    accounts.authenticate("lead", RIGHT, client=LEAD_AT_WORK)
    for i in range(accounts.FREE_TRIES + 1):  # the last one waits for the throttle
        accounts.authenticate("lead", f"secret guess {i}", client=STRANGER)
    accounts.authenticate("nobody", "secret guess unknown", client=STRANGER)
    rows = audit_rows()
    actions = [r["action"] for r in rows]
    assert actions.count("sign_in.success") == 1
    assert actions.count("sign_in.failure") == accounts.FREE_TRIES + 1  # with the unknown name's
    assert actions.count("sign_in.throttled") == 1
    success = rows[actions.index("sign_in.success")]
    assert (success["user_id"], success["target"]) == (lead.id, "lead")
    assert json.loads(success["detail"])["client"] == LEAD_AT_WORK
    throttled = rows[actions.index("sign_in.throttled")]
    assert throttled["target"] == "lead" and json.loads(throttled["detail"])["wait_seconds"] > 0
    text = json.dumps(rows)
    assert "secret guess" not in text and RIGHT not in text
    # A name no account has is not written down (people type their password there by mistake).
    assert rows[-1]["target"] == "" and json.loads(rows[-1]["detail"])["known_account"] is False


def test_the_sweep_forgets_tries_that_no_longer_matter_and_keeps_known_places(lead, clock):
    from voice_app.services.sweep import run_sweep
    from voice_app.store import throttle
    from voice_app.store.db import session_scope

    accounts.authenticate("lead", RIGHT, client=LEAD_AT_WORK)
    for n in range(30):
        accounts.authenticate(f"made-up-name-{n}", "wrong guess", client=STRANGER)
    run_sweep(now=clock() + timedelta(minutes=1))
    with session_scope() as s:
        assert throttle.count(s) > 30  # a streak a minute old still counts
    clock.advance(hours=1)
    run_sweep(now=clock())
    with session_scope() as s:
        assert throttle.count(s) == 1  # the lead's place of work, still theirs
    clock.advance(minutes=1)
    burst([f"wrong guess number {i}" for i in range(10)], client=STRANGER)
    assert accounts.authenticate("lead", RIGHT, client=LEAD_AT_WORK) == lead  # still known after the sweep


def test_with_no_client_address_known_one_guesser_does_not_hold_everyone_back(database, clock):
    accounts.create_user("worker1", RIGHT, "worker")
    for n in range(40):  # behind a proxy that hides addresses, every browser looks the same
        accounts.authenticate(f"made-up-name-{n}", "wrong guess")
    assert accounts.authenticate("worker1", RIGHT) is not None


@pytest.mark.parametrize("header, hops, client", [
    ("203.0.113.66", 1, "203.0.113.66"),
    ("1.2.3.4, 203.0.113.66", 1, "203.0.113.66"),  # the client wrote 1.2.3.4 itself
    ("1.2.3.4, 203.0.113.66, 10.0.0.2", 2, "203.0.113.66"),
    ("", 1, None), (None, 1, None), ("203.0.113.66", 2, None), ("203.0.113.66", 0, None)])
def test_the_client_address_behind_our_own_proxies(header, hops, client):
    assert accounts.forwarded_client(header, hops) == client
