"""Staff accounts: Argon2id hashes, a sign-in throttle that slows a guesser without letting a
stranger lock a real person out, no default password.

The throttle counts tries per account at one client address, per account (from addresses the
person has not signed in from before) and per address. After the free tries each key makes the
next try wait 1, 2, 4 … seconds, never more than a minute: a correct password is refused only
while that delay runs, and from an address where the person signed in before, a stranger's
tries elsewhere never delay them. A try is counted before its password is checked, atomically,
so tries sent together cannot all be checked. Every try costs one Argon2 verification, for an
unknown name, a switched-off account or a throttled try too (against a dummy hash), so the
answer's timing does not tell which names exist.

The first administrator's setup code is in first_admin; admins managing accounts, in users_admin.
"""
from __future__ import annotations

import hashlib
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pwdlib import PasswordHash
from zxcvbn import zxcvbn

from voice_app.services.access import Role, role_of
from voice_app.services.alerts import clean_email
from voice_app.services.text import clean_text
from voice_app.store import audit as store_audit
from voice_app.store import queries, throttle, users
from voice_app.store import sessions as staff_sessions
from voice_app.store.db import session_scope
from voice_app.store.models import User, utcnow

# Free tries before the throttle makes each next one wait: per account at one address, per
# account from addresses the person has not used, per address (a shared office has many staff).
THROTTLE_FREE = {"pair": 5, "account": 5, "client": 20}
FREE_TRIES = THROTTLE_FREE["pair"]
MAX_DELAY_SECONDS = 60  # the longest a stranger's failures can keep a right password waiting
FORGET_FAILURES = timedelta(minutes=15)  # a streak of failures is forgotten after this long quiet
KNOWN_PLACE = timedelta(days=90)  # an address the person signed in from this recently is theirs
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
# zxcvbn's score: 3 is "safely unguessable" online, at least 10^8 guesses by its estimate.
MIN_PASSWORD_SCORE = 3
_ZXCVBN_LENGTH = 72  # zxcvbn reads no further; a repetitive start is still refused
_zxcvbn_lock = threading.Lock()  # zxcvbn keeps the words it penalises in a module global
MAX_USERNAME = 120  # the column's size
_hasher = PasswordHash.recommended()  # Argon2id
# Verifying against a dummy hash when the user is unknown keeps timing the same.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
clock = utcnow  # the throttle's time; tests replace it


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    organisation_ids: tuple[int, ...]


def _public(session, user: User) -> StaffUser:
    return StaffUser(user.id, user.username, user.role, users.organisation_ids(session, user.id))


def create_user(username: str, password: str, role: str, org_slugs: list[str] = (),
                email: str | None = None) -> StaffUser:
    username, email = checked_new_user(username, password, role, email)
    with session_scope() as session:
        return insert_user(session, username, password, role, org_slugs, email)


def checked_new_user(username: str, password: str, role: str, email: str | None) -> tuple[str, str]:
    username = clean_text(username, "username", MAX_USERNAME, AccountError)
    email = account_email(email)
    if not role:
        raise AccountError("choose a role for the new user")
    if role_of(role) is None:
        raise AccountError(f"role must be one of: {', '.join(Role)}")
    if not username:
        raise AccountError("a username is needed")
    check_password(password, username)
    return username, email


def insert_user(session, username: str, password: str, role: str, org_slugs, email: str) -> StaffUser:
    if users.user_by_username(session, username):
        raise AccountError(f"there is already a user called '{username}'")
    user = User(username=username, password_hash=_hasher.hash(password), role=role, email=email or None)
    session.add(user)
    session.flush()
    for slug in org_slugs:
        org = queries.organisation_by_slug(session, slug)
        if org is None:
            raise AccountError(f"no organisation '{slug}'")
        users.add_to_organisation(session, user.id, org.id)
    session.flush()
    return _public(session, user)


def check_password(password: str, username: str = "") -> None:
    """Refuses a short password and one a guesser tries early: common and breached-style
    passwords, keyboard runs, repeats, dates, and words from the name or the app. zxcvbn scores
    it against its own frequency lists (from leaked-password and word corpora; bundled, no
    download) and patterns; a bundled list alone would miss 'lead-user-2026' and 'aaaaaaaaaaaa'."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password can be at most {MAX_PASSWORD} characters")
    with _zxcvbn_lock:
        verdict = zxcvbn(password[:_ZXCVBN_LENGTH],
                         user_inputs=[username, "voice", "voice_app", "voiceapp", "camhs", "safeguarding"])
    few = len(set(password)) < 5  # zxcvbn's repeat pattern does not see line breaks repeated
    if few or verdict["score"] < MIN_PASSWORD_SCORE:
        why = ("it uses too few different characters" if few
               else verdict["feedback"].get("warning") or "it follows a pattern guessers try early")
        raise AccountError(f"that password is too easy to guess ({why.rstrip('.')}): "
                           "try three or four unrelated words together")


def set_password(username: str, password: str) -> None:
    check_password(password, username)
    with session_scope() as session:
        user = users.user_by_username(session, username)
        if user is None:
            raise AccountError(f"no user '{username}'")
        user.password_hash = _hasher.hash(password)
        session.add(user)
        throttle.clear(session, [throttle_key("account", user.username)])  # tries from anywhere may go on
        # A new password signs out every browser that signed in with the old one.
        staff_sessions.revoke_user(session, user.id, utcnow())


@dataclass(frozen=True)
class SignInResult:
    user: StaffUser | None  # None: refused
    wait_seconds: int = 0  # > 0: too many tries; no password is checked until this has passed


def throttle_delay(tries: int, free: int) -> int:
    """Seconds the next try waits after `tries` tries in a streak: none for the free ones, then
    1, 2, 4 … up to MAX_DELAY_SECONDS."""
    if tries < free:
        return 0
    return min(2 ** min(tries - free, 10), MAX_DELAY_SECONDS)


def throttle_key(kind: str, name: str = "", client: str = "") -> str:
    # Hashed: a name typed at sign-in may be someone's password typed in the wrong box.
    return hashlib.sha256(f"{kind}\x00{name.casefold()}\x00{client}".encode()).hexdigest()


def authenticate(username: str, password: str, client: str | None = None) -> StaffUser | None:
    """The user if the password is right and no throttle holds the try back; None otherwise."""
    return attempt_sign_in(username, password, client).user


def attempt_sign_in(username: str, password: str, client: str | None = None) -> SignInResult:
    """One sign-in try from a client address (None or "" when unknown, e.g. on this machine).
    Recorded in the audit log, never with the password."""
    now, name, client = clock(), (username or "").strip(), (client or "").strip()[:100]
    own = throttle_key("pair", name, client)
    others = [] if _known_place(own, now) else [(throttle_key("account", name), THROTTLE_FREE["account"])]
    keys = [(own, THROTTLE_FREE["pair"]), *others]
    if client:  # with no address known, a per-address key would throttle everyone at once
        keys.append((throttle_key("client", client=client), THROTTLE_FREE["client"]))
    with session_scope() as session:
        allowed = throttle.count_try(session, keys, now, now - FORGET_FAILURES, throttle_delay)
        if not allowed:
            session.rollback()  # nothing counted: a held-back try does not make the wait longer
            until = throttle.blocked_until(session, [key for key, _ in keys])
        account = _by_typed_name(session, name)
        account_id, target, stored = (account.id, account.username, account.password_hash) if account else (None, "", None)
        active = account is not None and account.active
    right = _hasher.verify(password, stored if allowed and active else _DUMMY_HASH) and allowed and active
    detail = {"client": client or "local", "known_account": account_id is not None}
    with session_scope() as session:
        if right:
            throttle.right(session, own, [key for key, _ in keys if key != own], now)
            store_audit.add_event(session, account_id, target, "sign_in.success", target, detail)
            return SignInResult(_public(session, session.get(User, account_id)))
        if allowed:
            store_audit.add_event(session, None, "visitor", "sign_in.failure", target, detail)
            return SignInResult(None)
        wait = max(1, math.ceil((aware(until) - now).total_seconds())) if until else 1
        store_audit.add_event(session, None, "visitor", "sign_in.throttled", target, {**detail, "wait_seconds": wait})
        return SignInResult(None, wait)


def forwarded_client(forwarded_for: str | None, hops: int) -> str | None:
    """The client's address from X-Forwarded-For behind `hops` proxies of our own: the entry
    the outermost of them added (entries further left are whatever the client claimed)."""
    chain = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    return chain[-hops][:100] if hops > 0 and len(chain) >= hops else None


def forget_old_tries(now: datetime | None = None) -> int:
    """Drops throttle rows that no longer change anything (run by the sweep)."""
    now = now or clock()
    with session_scope() as session:
        return throttle.forget(session, now, now - FORGET_FAILURES, now - KNOWN_PLACE)


def _known_place(own_key: str, now: datetime) -> bool:
    with session_scope() as session:
        last = throttle.last_success(session, own_key)
    return last is not None and now - aware(last) <= KNOWN_PLACE


def refresh(user: StaffUser) -> StaffUser | None:
    """The account as it is now: a deactivated user is signed out, a new role applies at once."""
    with session_scope() as session:
        current = session.get(User, user.id)
        if current is None or not current.active:
            return None
        return _public(session, current)


@dataclass(frozen=True)
class SsoResult:
    user: StaffUser | None
    refusal: str = ""  # what the person is told when refused, in plain words


SSO_UNVERIFIED = ("Your organisation has not confirmed that this email address is yours, so it cannot "
                  "sign you in here. Ask your IT team, or sign in with your voice_app username and password.")
SSO_NO_ACCOUNT = "Your organisation account has no voice_app account yet: ask an administrator."


def sso_sign_in(claims, client: str | None = None) -> SsoResult:
    """Single sign-on (OIDC): the active account whose username is the identity provider's email
    address, only when the provider says it has verified that address (`email_verified`); an
    address anyone can type into a provider's sign-up form is nobody's proof. An admin creates
    the account first, so roles and organisations work as for passwords. Audited either way."""
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified")
    detail = {"client": (client or "").strip()[:100] or "local", "single_sign_on": True}
    with session_scope() as session:
        user = _by_typed_name(session, email) if email else None
        user = user if user is not None and user.active else None
        if verified is not True and str(verified).strip().lower() != "true":
            refusal = SSO_UNVERIFIED
        elif user is None:
            refusal = SSO_NO_ACCOUNT
        else:
            store_audit.add_event(session, user.id, user.username, "sign_in.success", user.username, detail)
            return SsoResult(_public(session, user))
        store_audit.add_event(session, None, "visitor", "sign_in.sso_refused", user.username if user else "",
                              {**detail, "email_verified": verified is True or str(verified).lower() == "true"})
        return SsoResult(None, refusal)


def _by_typed_name(session, typed: str) -> User | None:
    """The account for a name as typed at sign-in; one no account can have is looked up by nobody
    (a NUL byte would make PostgreSQL refuse the query)."""
    name = (typed or "").strip()
    if not name or "\x00" in name or len(name) > MAX_USERNAME:
        return None
    return users.user_by_username(session, name)


def has_users() -> bool:
    with session_scope() as session:
        return users.any_user(session)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def account_email(value: str | None) -> str:
    try:
        return clean_email((value or "").replace("\x00", ""))  # its own message when too long
    except ValueError as err:
        raise AccountError(str(err)) from None


def aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
