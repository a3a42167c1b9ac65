"""Staff sessions that survive a reload: an opaque random token in an HttpOnly cookie, only its
hash in the database, ended by sign-out, by `staff_session_minutes` without use, or by an
absolute limit (`staff_session_max_hours`) however busy the person is.

The sign-in form runs over Streamlit's websocket, which cannot set an HttpOnly cookie; so
signing in makes a one-time hand-over token, valid for a minute, that the browser takes to
the app's own endpoint (voice_app/web.py), which exchanges it for the cookie.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from voice_app.config import get_settings
from voice_app.services.accounts import StaffUser, refresh
from voice_app.store import sessions as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

COOKIE = "voice_staff_session"
HANDOVER_SECONDS = 60
# last_seen_at is written at most this often: a page's every rerun would otherwise write.
TOUCH_EVERY = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _plausible(token: str | None) -> bool:
    # secrets.token_urlsafe(32) is 43 characters; anything else was never ours.
    return isinstance(token, str) and 0 < len(token) <= 100 and token.isascii() and "\x00" not in token


def idle_limit() -> timedelta:
    return timedelta(minutes=get_settings().staff_session_minutes)


def absolute_limit() -> timedelta:
    return timedelta(hours=get_settings().staff_session_max_hours)


def begin(user: StaffUser) -> str:
    """A one-time hand-over token for a user who has just proved who they are."""
    handover = secrets.token_urlsafe(32)
    with session_scope() as session:
        store.add(session, user.id, _hash(handover))
    return handover


def start(handover: str | None) -> str | None:
    """The cookie's token for a fresh hand-over token (each works once); None otherwise."""
    if not _plausible(handover):
        return None
    now = utcnow()
    with session_scope() as session:
        row = store.by_hash(session, _hash(handover))
        if (row is None or row.started or row.revoked_at is not None
                or now - _aware(row.created_at) > timedelta(seconds=HANDOVER_SECONDS)):
            return None
        token = secrets.token_urlsafe(32)
        row.token_hash, row.started, row.created_at, row.last_seen_at = _hash(token), True, now, now
        session.add(row)
    return token


def resume(token: str | None) -> StaffUser | None:
    """The signed-in user of this cookie's token, as the account is now; None when the token is
    unknown, ended, idle too long or past its absolute limit, or the account is switched off."""
    if not _plausible(token):
        return None
    now = utcnow()
    with session_scope() as session:
        row = store.by_hash(session, _hash(token))
        if not _alive(row, now):
            return None
        if now - _aware(row.last_seen_at) > TOUCH_EVERY:
            row.last_seen_at = now
            session.add(row)
        user_id = row.user_id
    user = refresh(StaffUser(user_id, "", "", ()))
    return user


def still_valid(token: str | None) -> bool:
    """Whether this cookie's session is still alive, for an open page's periodic check: unlike
    resume(), asking does not count as use, so an unattended screen still runs out."""
    if not _plausible(token):
        return False
    with session_scope() as session:
        row = store.by_hash(session, _hash(token))
        if not _alive(row, utcnow()):
            return False
        user_id = row.user_id
    return refresh(StaffUser(user_id, "", "", ())) is not None


def _alive(row, now: datetime) -> bool:
    return (row is not None and row.started and row.revoked_at is None
            and now - _aware(row.last_seen_at) <= idle_limit()
            and now - _aware(row.created_at) <= absolute_limit())


def end(token: str | None) -> None:
    """Sign-out: the token stops working at once, even if the cookie were kept."""
    if not _plausible(token):
        return
    with session_scope() as session:
        row = store.by_hash(session, _hash(token))
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
            session.add(row)


def end_all(user_id: int) -> None:
    """Every browser of this person signs out (e.g. after a password reset)."""
    with session_scope() as session:
        store.revoke_user(session, user_id, utcnow())


def cookie_attributes() -> dict:
    """HttpOnly (no script reads it), SameSite=Lax (no cross-site form posts it), Secure when the
    app is served over https, and gone from the browser at the absolute limit."""
    return {"key": COOKIE, "httponly": True, "samesite": "lax", "path": "/",
            "secure": get_settings().public_url.lower().startswith("https://"),
            "max_age": int(absolute_limit().total_seconds())}
