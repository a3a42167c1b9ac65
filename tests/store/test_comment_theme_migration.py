"""Migration 0013 moves each comment's ';'-joined themes into comment_theme rows, in order, each
once, with where they came from, and drops the old column."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from voice_app.store.db import MIGRATIONS

CODES = {1: ("waiting_times;environment", "codebook"), 2: ("staff_manner", "worker"), 3: ("", "codebook"),
         4: ("games_tech;;games_tech;privacy", "model"), 5: ("privacy", "needs_person")}


def _value(column: sa.Column):
    kind = column.type.python_type
    return {int: 0, float: 0.0, bool: False, str: "", datetime: datetime.now(UTC)}[kind]


def test_themes_move_into_rows(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")  # no foreign keys: codes alone
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
        code = sa.Table("commentcode", sa.MetaData(), autoload_with=conn)
        for answer_id, (themes, coded_by) in CODES.items():
            row = {c.name: _value(c) for c in code.columns if not c.nullable}
            conn.execute(code.insert().values({**row, "answer_id": answer_id, "themes": themes, "coded_by": coded_by}))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0013")
        rows = conn.execute(sa.text("SELECT answer_id, theme_id, source FROM comment_theme "
                                    "ORDER BY answer_id, position")).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("commentcode")}
    assert [tuple(r) for r in rows] == [(1, "waiting_times", "codebook"), (1, "environment", "codebook"),
                                        (2, "staff_manner", "worker"), (4, "games_tech", "model"),
                                        (4, "privacy", "model"), (5, "privacy", "codebook")]
    assert "themes" not in columns and {"answer_id", "sentiment", "coded_by"} <= columns
    engine.dispose()
