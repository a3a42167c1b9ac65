"""The board summary as one typed tree, built in one database session (issue 14 item 1)."""
from datetime import date

import pytest
from sqlalchemy import event

from voice_app.services import board, disclosure
from voice_app.services.demo import load_demo
from voice_app.services.report_models import (BoardSummary, Headline, LoopStats, Quote, RoundSummary,
                                              ScreenVolumes, SiteBreakdown, ThemeLine)
from voice_app.store import db as store_db

YEAR = board.Filters(start=date(2026, 1, 1), end=date(2026, 12, 31))


@pytest.fixture
def demo(database):
    load_demo(responses_per_round=12, more_surveys=True)  # small rounds: markers as well as numbers


def organisation_filters():
    return [YEAR] + [board.Filters(organisation_ids=[o], start=YEAR.start, end=YEAR.end)
                     for o in board.choices()["organisations"]]


def test_the_summary_is_typed(demo):
    data = board.build(YEAR)
    assert isinstance(data, BoardSummary) and data.filters == YEAR
    assert data.rounds and all(isinstance(r, RoundSummary) for r in data.rounds)
    assert all(isinstance(h, Headline) for r in data.rounds for h in r.headlines)
    assert any(r.headlines for r in data.rounds) and any(r.themes for r in data.rounds)
    assert all(isinstance(t, ThemeLine) and t.theme for r in data.rounds for t in r.themes)
    assert all(isinstance(q, Quote) for r in data.rounds for q in r.quotes)
    assert all(isinstance(s, SiteBreakdown) for s in data.sites.values()) and data.sites
    assert isinstance(data.loops, LoopStats) and data.loops.items == 0 and data.loops.closed_pct is None
    assert isinstance(data.safeguarding, ScreenVolumes)
    first = data.rounds[0]
    assert (first.survey, first.round, first.compared_with) == ("camhs-wellbeing", "Spring 2026", None)
    assert [h.question_id for h in first.headlines] == [q for q, f in first.figures.items() if f.has_positive]


def count_sessions(monkeypatch) -> list:
    """Every session a unit of work opens (session_scope) and every connection it takes from the pool."""
    opened = []
    real = store_db.Session

    class Counted(real):
        def __init__(self, *args, **kwargs):
            opened.append("session")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(store_db, "Session", Counted)
    event.listen(store_db.get_engine(), "checkout", lambda *a: opened.append("connection"))
    return opened


def test_a_board_build_opens_one_session(demo, monkeypatch):
    opened = count_sessions(monkeypatch)
    disclosure._PLANS.clear()
    for filters in organisation_filters():
        opened.clear()
        board.build(filters)  # the first builds every round's plan, the others find them kept
        assert opened == ["session", "connection"], (filters, opened)


def test_kept_plans_are_used_again(demo):
    disclosure._PLANS.clear()
    board.build(YEAR)
    kept = dict(disclosure._PLANS)
    assert kept
    board.build(YEAR)
    assert disclosure._PLANS == kept and all(disclosure._PLANS[k] is v for k, v in kept.items())
