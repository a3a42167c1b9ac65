"""Backups of the whole database, and restoring one: `python -m voice_app backup --out FILE`
and `restore FILE`. SQLite is copied with its online backup API (consistent while kiosks keep
writing); PostgreSQL with `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one
transaction, using the configured URL's server, user and password. A restore replaces what the
configured database holds, so over a database with any table it needs `overwrite` (`--yes`)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from voice_app.config import get_settings
from voice_app.services import audit
from voice_app.store import backup as store
from voice_app.store.backup import BackupFailed
from voice_app.store.db import get_engine

__all__ = ["BackupFailed", "BackupResult", "backup", "restore"]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str  # sqlite, postgresql
    size: int  # bytes

    def text(self, verb: str) -> str:
        return f"{verb} {self.path} ({self.engine}, {self.size:,} bytes)"


def backup(out: Path) -> BackupResult:
    """Write a copy of the configured database to `out`, readable by its owner only (written
    beside it, then moved into place, so `out` is never a half-written file)."""
    url = get_settings().database_url
    kind = store.engine_kind(url)
    out = Path(out)
    if out.is_dir():
        raise BackupFailed(f"{out} is a folder; give a file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # children's data: owner only
    try:
        if kind == "sqlite":
            store.sqlite_copy(store.sqlite_path(url), partial)
        else:
            store.pg_dump(url, partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    result = BackupResult(out, kind, out.stat().st_size)
    audit.record(None, "backup", out.name, engine=kind, bytes=result.size)
    return result


def restore(file: Path, overwrite: bool = False) -> BackupResult:
    """Replace the configured database with a backup. The file is checked first (an intact
    backup of this app), and a database that holds anything is replaced only with `overwrite`."""
    url = get_settings().database_url
    kind = store.engine_kind(url)
    file = Path(file)
    if not file.is_file():
        raise BackupFailed(f"no backup file {file}")
    if kind == "sqlite":
        store.sqlite_check(file)
    else:
        store.pg_check(url, file)
    engine = get_engine()
    if store.holds_tables(engine) and not overwrite:
        raise BackupFailed("the configured database is not empty: restoring replaces everything in it "
                           "(say --yes to go ahead; take a backup of it first)")
    engine.dispose()  # no pooled connection of ours holds the database during the copy
    if kind == "sqlite":
        target = store.sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        store.sqlite_copy(file, target)
    else:
        store.pg_restore(url, file)
    engine.dispose()
    audit.record(None, "restore", file.name, engine=kind)
    return BackupResult(file, kind, file.stat().st_size)
