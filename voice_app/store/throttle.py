"""Sign-in throttle rows (SignInThrottle): counted with conditional UPDATEs, so that tries sent
together are counted one by one under the row's lock (PostgreSQL) or the write lock (SQLite)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from voice_app.store.models import SignInThrottle as T


def _ensure(session: Session, keys: Sequence[str]) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in keys:
        session.execute(insert(T).values(key=key, failures=0).on_conflict_do_nothing(index_elements=["key"]))


def count_try(session: Session, keys: Sequence[tuple[str, int]], now: datetime, forget_before: datetime,
              delay: Callable[[int, int], int]) -> bool:
    """One more try on each (key, free tries) unless one of them is blocked at `now`; False then,
    and nothing is counted (the caller's transaction must be rolled back). A streak whose last
    failure is older than `forget_before` starts again. From the free tries on, each try blocks
    the key for `delay(tries, free)` seconds: the next is not checked before then."""
    _ensure(session, [key for key, _ in keys])
    for key, free in keys:
        counted = session.execute(
            update(T).where(T.key == key, or_(T.blocked_until.is_(None), T.blocked_until <= now))
            .values(failures=case((or_(T.last_failure_at.is_(None), T.last_failure_at < forget_before), 1),
                                  else_=T.failures + 1),
                    last_failure_at=now)
            .returning(T.failures)).scalar_one_or_none()
        if counted is None:
            return False
        seconds = delay(counted, free)
        if seconds:
            session.execute(update(T).where(T.key == key).values(blocked_until=now + timedelta(seconds=seconds)))
    return True


def blocked_until(session: Session, keys: Sequence[str]) -> datetime | None:
    return session.execute(select(func.max(T.blocked_until)).where(T.key.in_(keys))).scalar_one_or_none()


def last_success(session: Session, key: str) -> datetime | None:
    return session.execute(select(T.last_success_at).where(T.key == key)).scalar_one_or_none()


def right(session: Session, own_key: str, other_keys: Sequence[str], now: datetime) -> None:
    """A right password: its own streak (this account at this address) is over, and the try it
    counted elsewhere is taken back."""
    session.execute(update(T).where(T.key == own_key).values(failures=0, blocked_until=None, last_failure_at=None,
                                                             last_success_at=now))
    if other_keys:
        session.execute(update(T).where(T.key.in_(other_keys))
                        .values(failures=case((T.failures > 0, T.failures - 1), else_=0)))


def clear(session: Session, keys: Sequence[str]) -> None:
    session.execute(update(T).where(T.key.in_(keys)).values(failures=0, blocked_until=None, last_failure_at=None))


def forget(session: Session, now: datetime, failures_before: datetime, success_before: datetime) -> int:
    """Rows that no longer change anything: no streak, no wait, no recent sign-in (names that
    no account has, tried by a guesser, would otherwise pile up)."""
    done = session.execute(delete(T).where(
        or_(T.last_failure_at.is_(None), T.last_failure_at < failures_before),
        or_(T.blocked_until.is_(None), T.blocked_until <= now),
        or_(T.last_success_at.is_(None), T.last_success_at < success_before)))
    return done.rowcount or 0


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(T)).scalar_one()
