"""the last index that served per-answer counts goes

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29

Figures are read from the tally (0012) and no query looks answers up by question and option any
more, so the index on (question_id, option_id) only slowed every answer written: an import of
100,000 responses writes 800,000 answers.
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_answer_question_option', table_name='answer')


def downgrade() -> None:
    op.create_index('ix_answer_question_option', 'answer', ['question_id', 'option_id'], unique=False)
