"""Copies of the whole database: SQLite's online backup API, PostgreSQL's pg_dump/pg_restore."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url


class BackupFailed(Exception):
    """A copy or a restore that did not happen (the message says why, never a password)."""


def engine_kind(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupFailed(f"backups are for SQLite and PostgreSQL, not {name}")
    return name


def holds_tables(engine: Engine) -> bool:
    """Whether the database has any table at all (a restore over it replaces them)."""
    return bool(inspect(engine).get_table_names())


# --- SQLite ----------------------------------------------------------------------------------

def sqlite_path(url: str) -> Path:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise BackupFailed("an in-memory SQLite database has no file to back up or restore into")
    return Path(path)


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a whole SQLite database page by page with the online backup API: consistent while
    others write to the source (WAL), and the target is replaced as one transaction."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as err:
        raise BackupFailed(f"SQLite copy failed: {err}") from err
    finally:
        src.close()


def sqlite_check(path: Path) -> None:
    """A readable, intact SQLite file made by this app (it has the migrations' table)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupFailed(f"{path} is damaged (PRAGMA quick_check failed)")
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise BackupFailed(f"{path} is not a SQLite backup: {err}") from err
    if not found:
        raise BackupFailed(f"{path} is not a backup of this app (no alembic_version table)")


# --- PostgreSQL ------------------------------------------------------------------------------

# Connection parameters a URL's query may carry, as libpq's environment variables.
_QUERY_ENV = {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
              "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
              "options": "PGOPTIONS"}


def _pg_env(url: str) -> tuple[dict[str, str], str]:
    """libpq's environment for the URL's server, user and password (never on the command line,
    where other users of the machine could read it), and the database name."""
    u = make_url(url)
    env = dict(os.environ)
    for key, value in (("PGHOST", u.host), ("PGPORT", u.port), ("PGUSER", u.username),
                       ("PGPASSWORD", u.password)):
        if value is not None:
            env[key] = str(value)
    for key, name in _QUERY_ENV.items():
        value = u.query.get(key)
        if value is not None:
            env[name] = value if isinstance(value, str) else value[0]
    if not u.database:
        raise BackupFailed("the database URL names no database")
    return env, u.database


def _run(args: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as err:
        raise BackupFailed(f"{args[0]} is not installed (PostgreSQL's client tools are needed)") from err
    if done.returncode != 0:
        raise BackupFailed(f"{args[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def pg_dump(url: str, out: Path) -> None:
    env, name = _pg_env(url)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={out}", f"--dbname={name}"],
         env)


def pg_check(url: str, file: Path) -> None:
    """A pg_dump custom-format archive of this app (it has the migrations' table)."""
    env, _ = _pg_env(url)
    listing = _run(["pg_restore", "--list", str(file)], env)
    if "alembic_version" not in listing:
        raise BackupFailed(f"{file} is not a backup of this app (no alembic_version table)")


def pg_restore(url: str, file: Path) -> None:
    """Drop what the archive holds and create it again, in one transaction: all or nothing."""
    env, name = _pg_env(url)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={name}", str(file)], env)
