"""retention: each organisation's period for children's own words, and when they were replaced

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28

Two added columns, nothing rebuilt (SQLite adds a column in place).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('organisation', sa.Column('retention_months', sa.Integer(), nullable=False,
                                            server_default='24'))
    op.add_column('commentcode', sa.Column('text_retained_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                           nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('commentcode') as batch:
        batch.drop_column('text_retained_at')
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('retention_months')
