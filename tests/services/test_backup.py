"""Backup and restore bring back every row of every table, on SQLite and on PostgreSQL, and a
restore never replaces a database that holds something without being told to."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlmodel import SQLModel

from tests.conftest import IN_CI, PG_ADMIN_URL, use_database
from voice_app import cli
from voice_app.services import accounts, backup, retention, safeguarding
from voice_app.services.demo import load_demo
from voice_app.services.organisations import ensure_organisation
from voice_app.services.surveys import sync_survey_files
from voice_app.store import db as store_db
from voice_app.store.db import session_scope
from voice_app.store.models import SafeguardingFlag, TextModelBlob

TABLES = [t.name for t in SQLModel.metadata.sorted_tables] + ["alembic_version"]


def _pg_admin():
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
        return admin
    except Exception as err:  # noqa: BLE001  (any failure to reach the server)
        if IN_CI:
            pytest.fail(f"PostgreSQL is needed in CI and did not answer: {err}")
        pytest.skip(f"PostgreSQL not available: {err}")


class Scratch:
    """Empty databases of one engine, made for this test and dropped after it."""

    def __init__(self, kind: str, tmp_path):
        self.kind, self.tmp_path, self.made = kind, tmp_path, []
        self.admin = _pg_admin() if kind == "postgresql" else None

    def new_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        name = f"voice_backup_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop(self) -> None:
        for name in self.made:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if self.admin is not None:
            self.admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def scratch(request, monkeypatch, tmp_path):
    made = Scratch(request.param, tmp_path)
    use_database(monkeypatch, made.new_url())
    store_db.migrate()
    sync_survey_files()
    yield made, monkeypatch
    store_db.get_engine().dispose()
    store_db._engine_for.cache_clear()
    made.drop()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (the models' and Alembic's own), in a stable order."""
    engine = store_db.get_engine()
    with engine.connect() as conn:
        return {t: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr)
                for t in TABLES}


def fill() -> None:
    """Demo data, a lead's closed flag with its example, and a model's bytes."""
    load_demo(responses_per_round=12)
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    with session_scope() as s:
        flag_ids = list(s.execute(select(SafeguardingFlag.id).where(SafeguardingFlag.organisation_id.in_(
            lead.organisation_ids))).scalars())
        s.add(TextModelBlob(organisation_id=lead.organisation_ids[0], n_examples=3, data=bytes(range(256))))
    if flag_ids:
        safeguarding.close(lead, flag_ids[0], "talked with the young person", "no_concern")
        safeguarding.record_verdict(lead, flag_ids[0], "false_alarm")


def changed_since(before: dict, after: dict) -> list[str]:
    return [t for t in TABLES if before[t] != after[t]]


def assert_only_the_restore_was_added(before: dict, after: dict) -> None:
    """The restored log is the backed-up one plus one event: the restore itself."""
    added = set(after["auditevent"]) - set(before["auditevent"])
    assert set(before["auditevent"]) <= set(after["auditevent"]) and len(added) == 1
    with store_db.get_engine().connect() as conn:
        newest = conn.execute(text("SELECT action, username FROM auditevent ORDER BY id DESC LIMIT 1")).one()
    assert tuple(newest) == ("restore", "system")


def test_a_restore_brings_back_every_row_of_every_table(scratch, tmp_path):
    fill()
    before = snapshot()
    assert all(before[t] for t in ("response", "answer", "commentcode", "auditevent", "alembic_version"))
    out = tmp_path / "voice.backup"
    assert backup.backup(out).size > 0

    # Changes after the backup: an organisation, words replaced, an account, a closing note.
    ensure_organisation("Eastfield Family Hub", "eastfield-hub")
    retention.run_retention(today=date.today() + timedelta(days=3650))
    accounts.create_user("late", "a long test password", "worker", ["eastfield-hub"])
    with session_scope() as s:
        s.execute(update(SafeguardingFlag).values(notes="changed after the backup"))
    changed = snapshot()
    assert {"organisation", "commentcode", "user", "safeguardingflag"} <= set(changed_since(before, changed))

    with pytest.raises(backup.BackupFailed, match="not empty"):
        backup.restore(out)  # without overwrite: refused, nothing touched
    assert snapshot() == changed

    backup.restore(out, overwrite=True)
    after = snapshot()
    assert changed_since(before, after) == ["auditevent"]
    assert_only_the_restore_was_added(before, after)


def test_a_backup_restores_into_a_new_empty_database_without_being_told(scratch, tmp_path):
    made, monkeypatch = scratch
    fill()
    before = snapshot()
    out = tmp_path / "voice.backup"
    backup.backup(out)
    store_db.get_engine().dispose()
    use_database(monkeypatch, made.new_url())  # a new server: nothing in its database yet
    backup.restore(out)
    after = snapshot()
    assert changed_since(before, after) == ["auditevent"]
    assert_only_the_restore_was_added(before, after)


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(scratch, tmp_path):
    fill()
    before = snapshot()
    junk = tmp_path / "not-a-backup"
    junk.write_bytes(b"SQLite format 3\x00 but not really" * 100)
    with pytest.raises(backup.BackupFailed):
        backup.restore(junk, overwrite=True)
    with pytest.raises(backup.BackupFailed, match="no backup file"):
        backup.restore(tmp_path / "missing", overwrite=True)
    assert snapshot() == before


def test_the_commands_back_up_and_restore_only_with_yes(scratch, tmp_path, capsys):
    fill()
    out = tmp_path / "nightly" / "voice.backup"
    assert cli.main(["backup", "--out", str(out)]) == 0
    assert "Backup saved to" in capsys.readouterr().out and out.stat().st_size > 0
    assert out.stat().st_mode & 0o777 == 0o600  # children's data: nobody else on the machine reads it
    before = snapshot()
    assert cli.main(["restore", str(out)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert snapshot() == before
    assert cli.main(["restore", str(out), "--yes"]) == 0
    assert "Database restored from" in capsys.readouterr().out
