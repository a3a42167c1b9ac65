"""Children's survey comments counted per theme and setting (the setting of the site they
answered at), and the approved quotes among them, for the board's views by topic and setting.

Counted as the theme explorer and the board's themes count them (comment_rows): submitted,
not changed by the child since, not hidden by a worker, never flagged nor with a flag a lead
has not closed. The period is that of the board: the rounds children answered in between
start and end (queries.rounds_answered_between)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from voice_app.store import queries
from voice_app.store.comments import comment_rows

EVERY_ROW = 10_000_000  # comment_rows' limit is for a worker's screen; a count needs them all


def period_round_ids(session: Session, start: date | None, end: date | None) -> list[int]:
    return [r.id for r in queries.rounds_answered_between(session, start, end)]


def _comments(session: Session, org_ids: Sequence[int] | None, round_ids: Sequence[int], quotes_only: bool = False):
    if not round_ids:
        return None  # (an empty round list would mean every round to comment_rows)
    return comment_rows(session, organisation_ids=org_ids, round_ids=round_ids, quotes_only=quotes_only,
                        limit=EVERY_ROW)


def _setting(value) -> str | None:
    return value if isinstance(value, str) and value else None  # no site, or a site without one


def round_theme_setting_counts(session: Session, round_id: int) -> list[tuple[int | None, str, str | None, int]]:
    """(organisation, theme, setting, comments) of one round's survey comments: organisation None
    for comments of no organisation, setting None where it is not given."""
    df = _comments(session, None, [round_id])
    if df is None or df.empty:
        return []
    counts = Counter((_organisation(org), theme, _setting(setting))
                     for themes, setting, org in zip(df["themes"], df["setting"], df["organisation_id"])
                     for theme in dict.fromkeys(filter(None, (themes or "").split(";"))))
    return [(*key, n) for key, n in sorted(counts.items(), key=str)]


def _organisation(value) -> int | None:
    return None if value is None or value != value else int(value)  # (NaN: none)


def theme_setting_counts(session: Session, org_ids: Sequence[int] | None, start: date | None,
                         end: date | None) -> list[tuple[str, str | None, int]]:
    """(theme, setting, comments) for the organisations' survey comments in the rounds children
    answered in between start and end (org_ids None: the whole partnership, comments of no
    organisation included)."""
    counts: Counter = Counter()
    for round_id in period_round_ids(session, start, end):
        for org, theme, setting, n in round_theme_setting_counts(session, round_id):
            if org_ids is None or org in org_ids:
                counts[(theme, setting)] += n
    return [(theme, setting, n) for (theme, setting), n in sorted(counts.items(), key=str)]


def approved_quotes(session: Session, org_ids: Sequence[int] | None, start: date | None,
                    end: date | None) -> list[tuple[tuple[str, ...], str, datetime | None, int]]:
    """(themes, approved wording, when approved, answer id) of the period's approved quotes:
    only the wording a worker approved (quote_text), never the child's own words."""
    df = _comments(session, org_ids, period_round_ids(session, start, end), quotes_only=True)
    if df is None or df.empty:
        return []
    return [(tuple(filter(None, (r.themes or "").split(";"))), r.quote_text, r.quote_at, int(r.answer_id))
            for r in df.itertuples(index=False) if isinstance(r.quote_text, str) and r.quote_text.strip()]
