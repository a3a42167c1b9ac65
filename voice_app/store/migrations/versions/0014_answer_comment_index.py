"""a round's comments found by one small index; the answer indexes the tally replaced go

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29

Figures are read from the tally (0012), so the three covering indexes that served the old
per-answer counts only slowed every insert. Counting a round's screened comments and flags
now starts from its free-text answers alone (a partial index: round, where there are words).
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

WORDS = sa.text("text IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_tally_site')
        batch_op.drop_index('ix_answer_tally')
        batch_op.drop_index('ix_answer_base')
    op.create_index('ix_answer_comment', 'answer', ['round_id'], unique=False,
                    sqlite_where=WORDS, postgresql_where=WORDS)


def downgrade() -> None:
    op.drop_index('ix_answer_comment', table_name='answer')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_base', ['round_id', 'counted', 'question_id', 'response_id'], unique=False)
        batch_op.create_index('ix_answer_tally', ['round_id', 'counted', 'question_id', 'option_id'], unique=False)
        batch_op.create_index('ix_answer_tally_site', ['round_id', 'counted', 'site_id', 'question_id', 'option_id'],
                              unique=False)
