"""The board summary: board members and admins only, every count suppressed."""
from datetime import date

import pytest

from voice_app.services import accounts, board
from voice_app.services.demo import load_demo
from voice_app.services.you_said import items


@pytest.fixture
def users(database):
    load_demo(responses_per_round=12)  # small rounds: suppression has work to do
    return (accounts.create_user("board1", "a long test password", "board"),
            accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"]))


def counts_in(data: board.BoardSummary):
    """Every count a board member sees."""
    yield data.safeguarding.screened
    yield data.safeguarding.flagged
    for r in data.rounds:
        yield r.responses
        for h in r.headlines:
            yield h.n
            yield h.positive
        for t in r.themes:
            yield t.comments
        for f in r.figures.values():
            yield f.n
            yield from (f.counts or {}).values()


def test_board_sees_no_count_under_the_threshold(users):
    board_user, _ = users
    data = board.summary(board_user, board.Filters(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert len(data.rounds) == 4
    for count in counts_in(data):
        assert not (isinstance(count, int) and 0 < count < 5), count
    for r in data.rounds:
        for h in r.headlines:
            if not isinstance(h.n, int) or h.n < 10:
                assert h.positive_pct is None and h.ci95 is None
        for t in r.themes:
            if not isinstance(t.comments, int) or t.comments < 10:
                assert t.positive_pct is None


def test_change_since_last_round(users):
    board_user, _ = users
    data = board.summary(board_user)
    autumn = [r for r in data.rounds if r.survey == "camhs-wellbeing" and r.round == "Autumn 2026"][0]
    assert autumn.compared_with == "Spring 2026"


def test_workers_cannot_open_the_board_summary(users):
    _, worker = users
    with pytest.raises(PermissionError):
        board.summary(worker)


def test_filters_by_organisation_survey_and_period(users):
    board_user, worker = users
    org = worker.organisation_ids[0]
    item = items.create(worker, org, "x")
    items.update(worker, item, status="done", we_did="y")
    only_remote = board.summary(board_user, board.Filters(survey_keys=["camhs-remote"]))
    assert {r.survey for r in only_remote.rounds} == {"camhs-remote"}
    spring = board.summary(board_user, board.Filters(start=date(2026, 3, 1), end=date(2026, 4, 30)))
    assert {r.round for r in spring.rounds} == {"Spring 2026"}
    riverside = board.summary(board_user, board.Filters(organisation_ids=[org]))
    assert riverside.loops.we_did == 1
    others = [o for o in board.choices()["organisations"] if o != org]
    assert board.summary(board_user, board.Filters(organisation_ids=others)).loops.items == 0
