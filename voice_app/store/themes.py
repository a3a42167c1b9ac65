"""A comment's themes, one row each: counted, filtered and grouped by SQL, not by splitting text.

Each row says where it came from: the codebook's rules, an organisation's own model, or a
worker's correction. Coding again replaces the machine's rows and never a worker's."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, exists, insert, select
from sqlmodel import Field, Session, SQLModel

from voice_app.store import bulk

SOURCES = ("codebook", "model", "worker")
CHUNK = 900  # ids per IN list: well under SQLite's limit on bound values


class CommentTheme(SQLModel, table=True):
    __tablename__ = "comment_theme"
    answer_id: int = Field(foreign_key="answer.id", primary_key=True, ondelete="CASCADE")
    theme_id: str = Field(primary_key=True, max_length=60, index=True)
    source: str = Field(default="codebook", max_length=10)  # codebook, model, worker
    position: int = 0  # the order the coder (or the worker) gave, so a comment reads as before


def theme_ids(themes: str | Iterable[str] | None) -> list[str]:
    """Theme ids from a ';'-joined string or a sequence, in order, each once."""
    if themes is None:
        return []
    parts = themes.split(";") if isinstance(themes, str) else themes
    return list(dict.fromkeys(t for t in parts if t))


def source_of(coded_by: str | None) -> str:
    return coded_by if coded_by in ("model", "worker") else "codebook"


def has_theme(answer_id, theme: str):
    """Condition: the answer has this theme."""
    return exists().where(CommentTheme.answer_id == answer_id, CommentTheme.theme_id == theme)


def set_themes(session: Session, answer_id: int, themes: str | Iterable[str], source: str) -> None:
    """Replace every theme of one comment (a worker's correction replaces the machine's too)."""
    session.execute(delete(CommentTheme).where(CommentTheme.answer_id == answer_id))
    rows = [{"answer_id": answer_id, "theme_id": t, "source": source, "position": i}
            for i, t in enumerate(theme_ids(themes))]
    if rows:
        session.execute(insert(CommentTheme), rows)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def replace_machine_themes(session: Session, coded: Sequence[tuple[int, Sequence[str], str]]) -> None:
    """(answer_id, theme ids, source) of comments just coded by the machine: their earlier machine
    rows go, and the new ones are written in one batch; a comment with a worker's rows keeps them."""
    ids = [a for a, _, _ in coded]
    if not ids:
        return
    session.execute(delete(CommentTheme).where(bulk.among(session, CommentTheme.answer_id, ids),
                                               CommentTheme.source != "worker"))
    kept = set(session.execute(select(CommentTheme.answer_id).distinct()
                               .where(bulk.among(session, CommentTheme.answer_id, ids))).scalars())
    rows = [{"answer_id": a, "theme_id": t, "source": source, "position": i}
            for a, themes, source in coded if a not in kept for i, t in enumerate(theme_ids(themes))]
    bulk.insert_rows(session, CommentTheme.__table__, rows)


def joined_themes(session: Session, answer_ids) -> dict[int, str]:
    """answer_id -> its themes ';'-joined in their order, for a list of ids or a subquery of them."""
    if isinstance(answer_ids, (list, tuple, set)):
        parts = [CommentTheme.answer_id.in_(chunk) for chunk in _chunks(sorted(answer_ids))]
    else:
        parts = [CommentTheme.answer_id.in_(answer_ids)]
    found: dict[int, list[str]] = {}
    for where in parts:
        stmt = (select(CommentTheme.answer_id, CommentTheme.theme_id).where(where)
                .order_by(CommentTheme.answer_id, CommentTheme.position, CommentTheme.theme_id))
        for answer_id, theme in session.execute(stmt).all():
            found.setdefault(answer_id, []).append(theme)
    return {a: ";".join(ts) for a, ts in found.items()}


def themes_of(session: Session, answer_id: int) -> str:
    return joined_themes(session, [answer_id]).get(answer_id, "")
