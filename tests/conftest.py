"""Test fixtures: a fresh database per test, on SQLite and on the real PostgreSQL.

Outside CI a PostgreSQL that does not answer skips those tests; in CI (CI=true) it fails them.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from voice_app.config import get_settings
from voice_app.store import db as store_db

# The app's background sweep would otherwise run in every AppTest, against whichever test
# database is configured at that moment; sweep tests call it directly.
os.environ.setdefault("VOICE_SWEEP_INTERVAL_SECONDS", "0")

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("VOICE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def use_database(monkeypatch, url: str) -> None:
    monkeypatch.setenv("VOICE_DATABASE_URL", url)
    get_settings.cache_clear()
    store_db._engine_for.cache_clear()


@contextmanager
def demo_database(tmp_path_factory, name: str, responses_per_round: int = 30):
    """A SQLite database with the built-in surveys and the demo data, for one test module."""
    from voice_app.services.demo import load_demo
    from voice_app.services.surveys import sync_survey_files

    mp = pytest.MonkeyPatch()
    use_database(mp, f"sqlite:///{tmp_path_factory.mktemp(name) / 'voice.db'}")
    store_db.migrate()
    sync_survey_files()
    load_demo(responses_per_round=responses_per_round)
    try:
        yield
    finally:
        mp.undo()


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


class Mailbox:
    """What a real local SMTP server received: (recipients, parsed message) per email."""

    def __init__(self):
        self.received: list[tuple[list[str], object]] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        from email import message_from_bytes
        from email.policy import default

        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.received if address in rcpt]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mailbox(monkeypatch):
    """A real SMTP server on localhost, and the app's email settings pointing at it."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(box.port), "SMTP_STARTTLS": "false",
                        "SMTP_FROM": "alerts@voice.example", "PUBLIC_URL": "https://voice.example"}.items():
        monkeypatch.setenv(f"VOICE_{name}", value)
    get_settings.cache_clear()
    yield box
    controller.stop()
    get_settings.cache_clear()
