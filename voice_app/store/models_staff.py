"""Staff tables: accounts, their sessions and organisations, sign-in throttling, set-up codes."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from voice_app.store.clock import utcnow


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=120)
    password_hash: str
    role: str = Field(max_length=30)  # admin, worker, safeguarding_lead, board
    email: str | None = Field(default=None, max_length=254)  # where a lead's alerts go
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of its cookie's random token is kept, so the table alone
    signs nobody in. Before `started` the token is a one-time hand-over from the sign-in form,
    exchanged within a minute for the cookie's own token."""
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)  # sha256 hex
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    started: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class SignInThrottle(SQLModel, table=True):
    """Sign-in tries counted per account, per client address, and per account at one address.
    The key is a hash of what is counted (no typed name, which may be a password typed in the
    wrong box, is kept). A try is counted before its password is checked, in one conditional
    UPDATE, so tries sent together cannot all be checked."""
    key: str = Field(primary_key=True, max_length=64)  # sha256 hex of kind and what it counts
    failures: int = 0  # tries in the current streak (a try counts until it proves right)
    blocked_until: datetime | None = None  # no try is checked before then
    last_failure_at: datetime | None = None  # a streak is forgotten after a quiet spell
    last_success_at: datetime | None = None  # (account at one address) a place the person uses


class SetupCode(SQLModel, table=True):
    """The one-time code that creates the first administrator of a fresh install: printed in
    the server's log, only its hash kept, spent once."""
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)  # sha256 hex
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class UserOrganisation(SQLModel, table=True):
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
