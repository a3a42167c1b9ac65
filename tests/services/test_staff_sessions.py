"""Staff sessions that survive a reload: a one-time hand-over becomes an HttpOnly cookie whose
token works until sign-out, an idle spell or the absolute limit, and never for a switched-off
account; the endpoints set and clear the cookie and only ever send the browser to our pages."""
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from starlette.requests import Request

from voice_app import web
from voice_app.config import get_settings
from voice_app.services import accounts, staff_sessions, users_admin
from voice_app.store import sessions as store
from voice_app.store.db import session_scope


@pytest.fixture
def lead(database):
    admin = accounts.create_user("admin", "a long test password", "admin")
    lead = accounts.create_user("lena", "a long test password", "safeguarding_lead")
    return admin, lead


def request(path: str, cookie: str | None = None, **query) -> Request:
    headers = [(b"cookie", f"{staff_sessions.COOKIE}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "method": "GET", "path": path, "headers": headers,
                    "query_string": urlencode(query).encode()})


def set_cookie(response) -> str:
    return "; ".join(v.decode() for k, v in response.raw_headers if k == b"set-cookie")


def age(token: str, **delta) -> None:
    """Moves this session's times back, as if that much time had passed."""
    with session_scope() as session:
        row = store.by_hash(session, staff_sessions._hash(token))
        row.created_at -= timedelta(**delta)
        row.last_seen_at -= timedelta(**delta)
        session.add(row)


def test_a_handover_works_once_and_gives_a_token_that_signs_in_as_the_account_is_now(lead):
    admin, lena = lead
    handover = staff_sessions.begin(lena)
    token = staff_sessions.start(handover)
    assert token and token != handover
    assert staff_sessions.start(handover) is None  # a second use (a copied link) gets nothing
    assert staff_sessions.resume(handover) is None  # nor is the hand-over itself a session
    assert staff_sessions.resume(token).username == "lena"
    users_admin.set_role(admin, "lena", "worker")
    assert staff_sessions.resume(token).role == "worker"  # a new role applies at once
    users_admin.set_active(admin, "lena", False)
    assert staff_sessions.resume(token) is None


def test_sign_out_idle_and_absolute_limits_end_a_session(lead):
    _, lena = lead
    token = staff_sessions.start(staff_sessions.begin(lena))
    staff_sessions.end(token)
    assert staff_sessions.resume(token) is None
    idle = get_settings().staff_session_minutes
    token = staff_sessions.start(staff_sessions.begin(lena))
    age(token, minutes=idle - 1)
    assert staff_sessions.resume(token) is not None  # and this use counts as activity
    age(token, minutes=idle + 1)
    assert staff_sessions.resume(token) is None
    busy = staff_sessions.start(staff_sessions.begin(lena))
    with session_scope() as session:  # in use a minute ago, but started a shift and more ago
        row = store.by_hash(session, staff_sessions._hash(busy))
        row.created_at -= timedelta(hours=get_settings().staff_session_max_hours, minutes=1)
        session.add(row)
    assert staff_sessions.resume(busy) is None


def test_the_screens_check_for_expiry_does_not_count_as_use(lead):
    """An open page asks every few seconds whether its session is still alive (to clear the
    screen when it is not): the asking must not keep an unattended session alive."""
    admin, lena = lead
    idle = get_settings().staff_session_minutes
    token = staff_sessions.start(staff_sessions.begin(lena))
    age(token, minutes=idle - 1)
    assert staff_sessions.still_valid(token)
    age(token, minutes=2)
    assert not staff_sessions.still_valid(token)  # had the check touched it, it would still be valid
    busy = staff_sessions.start(staff_sessions.begin(lena))
    with session_scope() as session:
        row = store.by_hash(session, staff_sessions._hash(busy))
        row.created_at -= timedelta(hours=get_settings().staff_session_max_hours, minutes=1)
        session.add(row)
    assert not staff_sessions.still_valid(busy)
    other = staff_sessions.start(staff_sessions.begin(lena))
    users_admin.set_active(admin, "lena", False)
    assert not staff_sessions.still_valid(other)
    for junk in ("", None, "x" * 10_000):
        assert not staff_sessions.still_valid(junk)


def test_a_stale_handover_and_junk_tokens_sign_in_nobody(lead):
    handover = staff_sessions.begin(lead[1])
    age(handover, seconds=staff_sessions.HANDOVER_SECONDS + 1)
    assert staff_sessions.start(handover) is None
    for junk in ("", "x", "a\x00b", "é" * 43, "z" * 10_000, None):
        assert staff_sessions.resume(junk) is None and staff_sessions.start(junk) is None


def test_the_endpoint_sets_an_httponly_lax_cookie_and_lands_on_the_asked_page(lead):
    response = web.start_session(request(web.START, h=staff_sessions.begin(lead[1]), next="safeguarding"))
    assert response.status_code == 303 and response.headers["location"] == "/safeguarding"
    cookie = set_cookie(response)
    assert cookie.startswith(f"{staff_sessions.COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # served over http here (public_url http://localhost)
    token = cookie.split(";")[0].split("=", 1)[1]
    assert staff_sessions.resume(token).username == "lena"


def test_the_cookie_is_secure_when_the_app_is_served_over_https(lead, monkeypatch):
    monkeypatch.setenv("VOICE_PUBLIC_URL", "https://voice.example")
    get_settings.cache_clear()
    response = web.start_session(request(web.START, h=staff_sessions.begin(lead[1])))
    assert "Secure" in set_cookie(response)


@pytest.mark.parametrize("asked", ["https://evil.example", "//evil.example", "/\\evil.example", "logout",
                                   "not-a-page", "../admin-users"])
def test_the_endpoint_never_sends_the_browser_elsewhere(lead, asked):
    response = web.start_session(request(web.START, h="nothing", next=asked))
    assert response.headers["location"] == "/"
    assert not set_cookie(response)  # and no cookie for a hand-over it does not know


def test_signing_out_revokes_the_token_and_clears_the_cookie(lead):
    token = staff_sessions.start(staff_sessions.begin(lead[1]))
    response = web.end_session(request(web.END, cookie=token))
    assert response.headers["location"] == "/"
    assert 'Max-Age=0' in set_cookie(response) or "expires=" in set_cookie(response).lower()
    assert staff_sessions.resume(token) is None


def test_a_password_reset_signs_out_every_browser(lead):
    admin, lena = lead
    token = staff_sessions.start(staff_sessions.begin(lena))
    users_admin.reset_password(admin, "lena")
    assert staff_sessions.resume(token) is None
