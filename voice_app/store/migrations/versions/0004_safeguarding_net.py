"""safeguarding net: flag levels and sources, lead verdicts as examples, alerts outbox, contacts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_email', sqlmodel.sql.sqltypes.AutoString(length=254),
                                      nullable=False, server_default=''))
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254),
                                      nullable=False, server_default=''))
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True))
    with op.batch_alter_table('commentcode', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flag_level', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
    op.execute("UPDATE commentcode SET flag_level = 'concern' WHERE flagged")
    with op.batch_alter_table('safeguardingflag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default='concern'))
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=False, server_default='screen'))
        batch_op.add_column(sa.Column('raised_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('raised_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('screen_verdict', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.create_foreign_key('fk_safeguardingflag_raised_by_user', 'user', ['raised_by'], ['id'])
    op.create_table(
        'safeguardingexample',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('concern', sa.Boolean(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('flag_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['user.id']),
        sa.ForeignKeyConstraint(['flag_id'], ['safeguardingflag.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'alert',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('flag_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('recipients', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(['flag_id'], ['safeguardingflag.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_alert_pending', 'alert', ['sent_at', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_alert_pending', table_name='alert')
    op.drop_table('alert')
    op.drop_table('safeguardingexample')
    with op.batch_alter_table('safeguardingflag', schema=None) as batch_op:
        batch_op.drop_constraint('fk_safeguardingflag_raised_by_user', type_='foreignkey')
        for col in ('screen_verdict', 'escalated_at', 'raised_reason', 'raised_by', 'source', 'level'):
            batch_op.drop_column(col)
    with op.batch_alter_table('commentcode', schema=None) as batch_op:
        batch_op.drop_column('flag_level')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('escalation_email')
