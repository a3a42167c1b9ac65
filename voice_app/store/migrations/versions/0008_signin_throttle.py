"""sign-in throttle and first-administrator setup code

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

Two new tables: sign-in tries counted per account, per client address and per account at one
address (replacing the per-user lockout, whose columns `user.failed_logins` and
`user.locked_until` are left in place and no longer used), and the hashed one-time code that
creates the first administrator of a fresh install.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signinthrottle',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('blocked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_failure_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_success_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_table(
        'setupcode',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code_hash'),
    )


def downgrade() -> None:
    op.drop_table('setupcode')
    op.drop_table('signinthrottle')
