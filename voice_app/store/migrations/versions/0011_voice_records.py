"""voice records: letters, drawings, videos, audio, messages and conversations; practice reviews

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28

Two new tables, nothing rebuilt.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'practicereview',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('changes_agreed', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_practicereview_organisation_id', 'practicereview', ['organisation_id'])
    op.create_table(
        'voicerecord',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=True),
        sa.Column('meeting', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('heard_on', sa.Date(), nullable=False),
        sa.Column('age_band', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('setting', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('consent', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('consent_until', sa.Date(), nullable=True),
        sa.Column('consent_ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('consent_end_reason', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column('file_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column('file_size', sa.Integer(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by'], ['user.id']),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.ForeignKeyConstraint(['review_id'], ['practicereview.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('answer_id'),
    )
    op.create_index('ix_voicerecord_organisation_id', 'voicerecord', ['organisation_id'])
    op.create_index('ix_voicerecord_review_id', 'voicerecord', ['review_id'])
    op.create_index('ix_voicerecord_consent_ended_at', 'voicerecord', ['consent_ended_at'])


def downgrade() -> None:
    op.drop_table('voicerecord')
    op.drop_table('practicereview')
