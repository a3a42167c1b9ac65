"""comment themes as rows: one comment_theme row per (comment, theme) with where it came from
(codebook, model or worker), moved out of commentcode's ';'-joined themes, which is dropped

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29

The rows are moved in batches with plain SQL (SQLite and PostgreSQL alike); commentcode is
then rebuilt without its themes column (SQLite rebuilds the table in batch mode).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BATCH = 5000
code = sa.table('commentcode', sa.column('answer_id', sa.Integer), sa.column('themes', sa.String),
                sa.column('coded_by', sa.String))
theme = sa.table('comment_theme', sa.column('answer_id', sa.Integer), sa.column('theme_id', sa.String),
                 sa.column('source', sa.String), sa.column('position', sa.Integer))


def upgrade() -> None:
    op.create_table(
        'comment_theme',
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('answer_id', 'theme_id'),
    )
    op.create_index('ix_comment_theme_theme_id', 'comment_theme', ['theme_id'])
    conn = op.get_bind()
    last = -1
    while True:
        rows = conn.execute(sa.select(code.c.answer_id, code.c.themes, code.c.coded_by)
                            .where(code.c.answer_id > last, code.c.themes != '')
                            .order_by(code.c.answer_id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1][0]
        out = []
        for answer_id, themes, coded_by in rows:
            source = coded_by if coded_by in ('model', 'worker') else 'codebook'
            for position, theme_id in enumerate(dict.fromkeys(t for t in themes.split(';') if t)):
                out.append({'answer_id': answer_id, 'theme_id': theme_id, 'source': source, 'position': position})
        if out:
            conn.execute(theme.insert(), out)
    with op.batch_alter_table('commentcode') as batch:
        batch.drop_column('themes')


def downgrade() -> None:
    with op.batch_alter_table('commentcode') as batch:
        batch.add_column(sa.Column('themes', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                   server_default=''))
    conn = op.get_bind()
    joined: dict[int, list[str]] = {}
    for answer_id, theme_id in conn.execute(sa.select(theme.c.answer_id, theme.c.theme_id)
                                            .order_by(theme.c.answer_id, theme.c.position)).all():
        joined.setdefault(answer_id, []).append(theme_id)
    for answer_id, ids in joined.items():
        conn.execute(code.update().where(code.c.answer_id == answer_id).values(themes=';'.join(ids)))
    op.drop_index('ix_comment_theme_theme_id', table_name='comment_theme')
    op.drop_table('comment_theme')
