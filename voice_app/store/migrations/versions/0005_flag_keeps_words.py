"""a flag keeps the words it was raised on; a response without a site belongs to an organisation

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

Both columns are added in place (no batch rebuild): rebuilding response or answer on SQLite drops
the old table, which with foreign keys on deletes every answer (and code and flag) by cascade.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('response', sa.Column('organisation_id', sa.Integer(), nullable=True))
    # A constant default ('0' reads as false on both engines) keeps SQLite's ALTER TABLE in place.
    op.add_column('answer', sa.Column('superseded', sa.Boolean(), nullable=False, server_default='0'))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place too.
    op.execute("ALTER TABLE answer DROP COLUMN superseded")
    op.execute("ALTER TABLE response DROP COLUMN organisation_id")
