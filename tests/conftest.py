"""Test fixtures: a fresh database per test, on SQLite and on the real PostgreSQL.

Outside CI a PostgreSQL that does not answer skips those tests; in CI (CI=true) it fails them.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from voice_app.config import get_settings
from voice_app.store import db as store_db

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("VOICE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def use_database(monkeypatch, url: str) -> None:
    monkeypatch.setenv("VOICE_DATABASE_URL", url)
    get_settings.cache_clear()
    store_db._engine_for.cache_clear()


@pytest.fixture(scope="session")
def pg_url():
    """A throwaway PostgreSQL database for this test session, migrated once."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = f"voice_test_{uuid.uuid4().hex[:10]}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:  # noqa: BLE001  (any failure to reach the server)
        if IN_CI:
            pytest.fail(f"PostgreSQL is needed in CI and did not answer: {err}")
        pytest.skip(f"PostgreSQL not available: {err}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = store_db.make_engine(url)
    store_db.migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(url: str) -> None:
    engine = store_db.make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, monkeypatch, tmp_path):
    """A migrated, empty database with the built-in surveys, on each engine in turn."""
    from voice_app.services.surveys import sync_survey_files

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'voice.db'}"
        use_database(monkeypatch, url)
        store_db.migrate()
    else:
        url = request.getfixturevalue("pg_url")
        _empty_postgres(url)
        use_database(monkeypatch, url)
    sync_survey_files()
    yield url
    store_db.get_engine().dispose()
    store_db._engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def sqlite_db(monkeypatch, tmp_path):
    """SQLite only: for page tests, which exercise the UI rather than the database."""
    from voice_app.services.surveys import sync_survey_files

    use_database(monkeypatch, f"sqlite:///{tmp_path / 'voice.db'}")
    store_db.migrate()
    sync_survey_files()
    yield
    store_db._engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def demo_site(database):
    from voice_app.services.organisations import ensure_organisation, ensure_site

    org = ensure_organisation("Riverside CAMHS", "riverside-camhs")
    return ensure_site(org, "Riverside clinic waiting room", "riverside-waiting-room")
