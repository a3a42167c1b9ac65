"""the figure tally: every figure's counts, kept as answers become counted

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29

A new table, filled from the answers counted so far (store.tally.rebuild, in SQL).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'figuretally',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('age_band', text(length=80), nullable=False),
        sa.Column('lang', text(length=20), nullable=False),
        sa.Column('source', text(length=20), nullable=False),
        sa.Column('question_id', text(length=80), nullable=False),
        sa.Column('option_id', text(length=80), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('round_id', 'site_id', 'organisation_id', 'age_band', 'lang', 'source',
                                'question_id', 'option_id'),
    )
    from voice_app.store.tally import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('figuretally')
