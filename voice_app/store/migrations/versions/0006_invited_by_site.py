"""invited numbers per site and round, so a site's or an organisation's response rate counts
the same children on both sides

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'roundsiteinvited',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('invited', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('round_id', 'site_id'),
    )


def downgrade() -> None:
    op.drop_table('roundsiteinvited')
