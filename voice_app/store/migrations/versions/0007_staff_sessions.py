"""staff sessions: a signed-in browser survives a reload (only a hash of its token is stored)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

A new table, and on PostgreSQL a length limit on the staff-typed text columns that had none
(the services refuse more, with a plain message; this is the database's own guard). The checks
are NOT VALID: they hold for every new or changed row and leave older rows as they are, so the
upgrade cannot fail on text stored before the limits. Nothing is rebuilt; SQLite keeps the
service limits only (adding a check there rebuilds the table, and dropping the old table would
delete by cascade).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


# (table, column, most characters): the limits in voice_app/services (text.LONG and others).
TEXT_LIMITS = [('safeguardingflag', 'notes', 4000), ('commentcode', 'quote_text', 4000),
               ('organisation', 'redact_names', 20000),
               *(('yousaiditem', column, 4000)
                 for column in ('you_said', 'we_did', 'progress', 'cant_because', 'evidence_text'))]


def _check_name(table: str, column: str) -> str:
    return f'ck_{table}_{column}_length'


def upgrade() -> None:
    op.create_table(
        'staffsession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('started', sa.Boolean(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_staffsession_user_id', 'staffsession', ['user_id'])
    if op.get_bind().dialect.name == 'postgresql':
        for table, column, most in TEXT_LIMITS:
            op.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT {_check_name(table, column)} '
                       f'CHECK (char_length({column}) <= {most}) NOT VALID')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, column, _ in TEXT_LIMITS:
            op.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS {_check_name(table, column)}')
    op.drop_index('ix_staffsession_user_id', table_name='staffsession')
    op.drop_table('staffsession')
