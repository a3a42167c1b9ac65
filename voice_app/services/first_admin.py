"""The first administrator of a fresh install: a one-time setup code printed in the server's log
(kept only as a hash), spent in the same transaction that creates the account."""
from __future__ import annotations

import hashlib
import secrets
import sys

from voice_app.services import accounts
from voice_app.services.access import Role
from voice_app.services.accounts import AccountError, StaffUser, checked_new_user, has_users, insert_user
from voice_app.store import audit as store_audit
from voice_app.store import users
from voice_app.store.db import session_scope

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread from a screen
SETUP_CODE_WRONG = ("That setup code is not right, or has been used. The current one is in the server's "
                    "log: restarting the server prints a new one.")


def _setup_code_hash(code: str) -> str:
    typed = "".join(ch for ch in (code or "").upper() if ch in _CODE_ALPHABET)
    return hashlib.sha256(typed.encode()).hexdigest()


def issue_setup_code() -> str | None:
    """On a fresh install (no staff account at all): a new one-time code for the first
    administrator, printed in the server's log and kept only as a hash; earlier codes stop
    working. None when there is already an account (operators can always use create-user)."""
    if has_users():
        return None
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))  # about 79 bits
    code = "-".join(raw[i:i + 4] for i in range(0, 16, 4))
    with session_scope() as session:
        users.replace_setup_code(session, _setup_code_hash(code), accounts.clock())
    print(f"voice_app: no staff account exists yet. First administrator setup code: {code} "
          "(enter it on the sign-in page; it works once)", file=sys.stderr, flush=True)
    return code


def setup_code_pending() -> bool:
    with session_scope() as session:
        return users.setup_code_pending(session)


def create_first_admin(username: str, password: str, code: str) -> StaffUser:
    """The first administrator, for whoever has the setup code from the server's log. The code
    is spent in the same transaction that creates the account, and only then."""
    username, _ = checked_new_user(username, password, Role.ADMIN, None)
    with session_scope() as session:
        if users.any_user(session):
            raise AccountError("there is already an administrator: sign in, or ask them for an account")
        if not users.spend_setup_code(session, _setup_code_hash(code), accounts.clock()):
            raise AccountError(SETUP_CODE_WRONG)
        admin = insert_user(session, username, password, Role.ADMIN, (), "")
        store_audit.add_event(session, admin.id, admin.username, "user.create_first_admin", admin.username, {})
        return admin
