"""The board summary at a glance: what its charts draw, on both databases. Suppression is the
service's: no count under 5 and no percentage on a base under 10 reaches any chart's data."""
import re
from datetime import date

import pytest

from analysis import board_charts
from voice_app.services import accounts, audit, board
from voice_app.services.annual_report import compose, documents
from voice_app.services.demo import load_demo
from voice_app.services.results import round_report
from voice_app.services.you_said import items

YEAR = board.Filters(start=date(2026, 1, 1), end=date(2026, 12, 31))
SCALES = ["Clinic location", "Waiting room", "Treatment rooms", "Privacy", "Staff listened", "Overall satisfaction"]
SITES = ["Riverside clinic waiting room", "Northgate clinic", "Hillside youth hub"]


def all_charts(glance: board.BoardCharts) -> list:
    out = []
    for s in glance.surveys:
        out += [board_charts.board_positive_chart([p.model_dump() for p in s.trend], "Round"),
                board_charts.board_positive_chart([p.model_dump() for p in s.sites], "Site")]
    return [c for c in out if c is not None]


def chart_rows(chart) -> list[dict]:
    """Every row of every data set a chart carries (what a browser or a PNG is drawn from)."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def assert_nothing_small(points: list[board.ChartPoint], rows: list[dict]) -> None:
    for p in points:
        assert not (isinstance(p.n, int) and 0 < p.n < 5), p
        if p.positive_pct is not None:
            assert isinstance(p.n, int) and p.n >= 10, p
    for row in rows:
        n = row["n"]
        assert not (n.isdigit() and 0 < int(n) < 5), row
        if row["pct"] is not None:
            assert n.isdigit() and int(n) >= 10, row
        for shown_n in re.findall(r"n=(\d+)", row["label"]):
            assert int(shown_n) >= 10, row


@pytest.mark.parametrize("per_round", [12, 40])
def test_no_small_count_and_no_small_base_percentage_in_any_chart(database, per_round):
    load_demo(responses_per_round=per_round)
    for org_ids in [None] + [[o] for o in board.choices()["organisations"]]:
        glance = board.chart_data(board.build(board.Filters(organisation_ids=org_ids, start=YEAR.start, end=YEAR.end)))
        points = [p for s in glance.surveys for p in s.trend + s.sites]
        rows = [row for chart in all_charts(glance) for row in chart_rows(chart)]
        assert_nothing_small(points, rows)
        for row in rows:
            if row["pct"] is None:
                assert row["label"].startswith("not shown")  # said in words, and no bar drawn from it


def test_rounds_and_sites_side_by_side(database):
    load_demo(responses_per_round=150)
    glance = board.chart_data(board.build(YEAR))
    assert [s.survey for s in glance.surveys] == ["camhs-wellbeing", "camhs-remote"]
    wellbeing = glance.surveys[0]
    assert [p.question for p in wellbeing.trend][::2] == SCALES
    assert [p.group for p in wellbeing.trend][:2] == ["Spring 2026", "Autumn 2026"]
    autumn = round_report("camhs-wellbeing", "Autumn 2026", audience="board").questions
    assert [p.positive_pct for p in wellbeing.trend if p.group == "Autumn 2026"] == [
        autumn[q].positive_pct for q in ("clinic_location", "waiting_room", "treatment_rooms", "privacy",
                                            "staff_listened", "overall_satisfaction")]
    assert wellbeing.sites_round == "Autumn 2026"
    assert [p.group for p in wellbeing.sites][:3] == SITES
    staff = round_report("camhs-wellbeing", "Autumn 2026", by="site").breakdown
    for p in wellbeing.sites:
        if p.positive_pct is not None:
            assert p.n == staff[p.group][p.question_id].n
            assert p.positive_pct == staff[p.group][p.question_id].positive_pct
    assert glance.surveys[1].trend == []  # no rating questions in the remote survey


def test_loops_by_status(database):
    load_demo(responses_per_round=12)
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"])
    org = worker.organisation_ids[0]
    for status, extra in (("planned", {}), ("planned", {}), ("done", {"we_did": "New chairs"}),
                          ("not_possible", {"cant_because": "The building is listed"})):
        items.create(worker, org, "More chairs", status=status, **extra)
    loops = board.chart_data(board.build(YEAR)).loops
    assert [(item.label, item.items) for item in loops] == [
        ("Planned", 2), ("Under way", 0), ("We did it", 1), ("We can't, and said why", 1)]
    data = board_charts.loops_chart([item.model_dump() for item in loops]).to_dict()["datasets"]
    assert [row["items"] for rows in data.values() for row in rows] == [2, 0, 1, 1]


def test_a_chart_downloads_as_png_and_is_recorded(database):
    load_demo(responses_per_round=40)
    admin = accounts.create_user("admin1", "a long test password", "admin")
    chart = all_charts(board.chart_data(board.build(YEAR)))[0]
    assert board.chart_png(admin, chart, "camhs-wellbeing-by-round").startswith(b"\x89PNG")
    assert "downloaded a board chart" in list(audit.events(admin)["action"])
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"])
    with pytest.raises(PermissionError):
        board.chart_png(worker, chart, "x")


def test_the_annual_reports_board_section_carries_the_charts(database):
    load_demo(responses_per_round=40)
    report = compose.build(None, YEAR.start, YEAR.end)
    partnership = report.sections[0]
    assert [alt for alt, _ in partnership.charts] == [
        "Tell us about CAMHS: % positive for each question, round by round, with 95% intervals",
        "Tell us about CAMHS: % positive for each question by site (Autumn 2026), with 95% intervals"]
    assert all(png.startswith(b"\x89PNG") for _, png in partnership.charts)
    assert all(not s.charts for s in report.sections[1:])  # once, for the partnership
    assert documents.to_pdf(report).startswith(b"%PDF")
    page = documents.to_html(report).decode()
    assert "At a glance" in page and "round by round, with 95% intervals" in page
