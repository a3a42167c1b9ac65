"""Alembic environment: targets SQLModel.metadata; batch mode so SQLite can alter tables."""
from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

from voice_app.store import models, tally, themes  # noqa: F401  (registers the tables)
from voice_app.store.db import get_engine

target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several app servers may start at once: one migrates, the others wait for it.
        connection.execute(text("SELECT pg_advisory_xact_lock(712001)"))
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with get_engine().begin() as conn:
        run_migrations(conn)
