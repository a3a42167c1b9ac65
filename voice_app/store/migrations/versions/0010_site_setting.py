"""site setting: where children are heard at a site (school, hospital, social care, community,
family), for the board's views by topic and setting

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28

One added nullable column, nothing rebuilt (SQLite adds a column in place).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('site', sa.Column('setting', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('site') as batch:
        batch.drop_column('setting')
