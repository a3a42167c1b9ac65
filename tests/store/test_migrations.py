"""The migrations build exactly the tables the models describe, on both engines."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import voice_app.store.models  # noqa: F401  (registers the tables)
import voice_app.store.themes  # noqa: F401
from voice_app.store.db import get_engine


def test_migrations_match_the_models(database):
    with get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
