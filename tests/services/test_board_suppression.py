"""A board-audience report of a round with a 3-response site shows no count under 5 and no
percentage for it, by any route: JSON, CSV, XLSX (the page is tested in tests/pages)."""
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import chart_tables
from voice_app.cli import main
from voice_app.services import exports, surveys
from voice_app.services.importer import import_responses
from voice_app.services.organisations import ensure_site
from voice_app.services.report_models import QuestionFigures, RoundReport, as_data
from voice_app.services.results import round_report

COUNT_KEYS = {"counts", "n", "positive", "responses"}


def small_counts(obj, key=None) -> list:
    """Every integer 1–4 found under a count-like key, however deep."""
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            found += small_counts(v, k if k in COUNT_KEYS else key)
    elif isinstance(obj, list):
        for v in obj:
            found += small_counts(v, key)
    elif key in COUNT_KEYS and isinstance(obj, int) and not isinstance(obj, bool) and 0 < obj < 5:
        found.append((key, obj))
    return found


def import_round(tmp_path, third_site: bool) -> None:
    """30 responses at one site, 3 at a tiny one, and optionally 14 at a third."""
    ensure_site("riverside-camhs", "Tiny outreach clinic", "tiny-clinic")
    lines = ["clinic_location,privacy,overall_satisfaction,site"]
    lines += [f"{'happy' if i % 3 else 'unhappy'},okay,satisfied,riverside-waiting-room" for i in range(30)]
    if third_site:
        ensure_site("riverside-camhs", "Northgate clinic", "northgate")
        lines += [f"{'very_happy' if i % 2 else 'okay'},happy,satisfied,northgate" for i in range(14)]
    lines += ["very_happy,happy,very_satisfied,tiny-clinic", "okay,happy,satisfied,tiny-clinic",
              "unhappy,very_unhappy,dissatisfied,tiny-clinic"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n")
    import_responses("camhs-wellbeing", path, "Winter")


@pytest.fixture
def three_sites(demo_site, tmp_path):
    import_round(tmp_path, third_site=True)


@pytest.fixture
def two_sites(demo_site, tmp_path):
    import_round(tmp_path, third_site=False)


def test_json_by_site_has_no_small_count_and_no_small_base_pct(three_sites, capsys):
    assert main(["report", "camhs-wellbeing", "--round", "Winter", "--audience", "board",
                 "--by", "site", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert small_counts(report) == []
    # The 3-response site is a fixed grouping: it is listed, with every figure withheld.
    for qid in ("clinic_location", "privacy", "overall_satisfaction"):
        q = report["breakdown"]["Tiny outreach clinic"][qid]
        assert q["n"] == "<5"
        if q["type"] == "text":
            continue
        assert q["base_suppressed"] is True
        assert all(p is None for p in q["pct"].values())
        assert all(c == "[c]" for c in q["counts"].values())
        assert q.get("positive_pct") is None and q.get("positive_ci95") is None


def test_a_board_report_is_typed_and_no_field_of_it_holds_a_count_under_5(three_sites):
    staff = round_report("camhs-wellbeing", "Winter", by="site")
    assert small_counts(staff.model_dump()) != []  # the tiny site's 3 is there for staff: the check can bite
    asks = [{"by": "site", "compare_round": "Winter"}, {"by": "organisation"}, {"by": "age_band"},
            {"view": "site:tiny-clinic"}, {"view": "age_band:under_11"}, {"site_slugs": ["northgate"]}]
    for ask in asks:
        report = round_report("camhs-wellbeing", "Winter", audience="board", **ask)
        assert isinstance(report, RoundReport) and report.audience == "board", ask
        assert all(isinstance(f, QuestionFigures) for f in report.questions.values()), ask
        assert small_counts(report.model_dump()) == [], ask
        assert small_counts(report.model_dump(mode="json")) == [], ask
    tiny = round_report("camhs-wellbeing", "Winter", audience="board", view="site:tiny-clinic")
    assert (tiny.responses, tiny.view, tiny.view_name) == ("<5", ("site", tiny.view[1]), "Tiny outreach clinic")
    location = tiny.questions["clinic_location"]
    assert location.n == "<5" and set(location.counts.values()) == {"[c]"}  # markers kept as they are
    assert location.positive_pct is None and location.positive_ci95 is None and location.base_suppressed


def test_the_json_report_keeps_its_keys(three_sites, capsys):
    assert main(["report", "camhs-wellbeing", "--round", "Winter", "--by", "site", "--compare-round", "Winter",
                 "--format", "json"]) == 0
    staff = json.loads(capsys.readouterr().out)
    assert list(staff) == ["survey", "title", "round", "audience", "responses", "invited", "round_invited",
                           "response_rate_pct", "questions", "by", "breakdown", "compare_round", "changes"]
    scale = ["type", "n", "counts", "pct", "positive", "positive_pct", "positive_ci95", "positive_options"]
    assert list(staff["questions"]["clinic_location"]) == scale
    assert list(staff["questions"]["what_could_be_better"]) == ["type", "n"]
    assert staff["breakdown"]["Tiny outreach clinic"]["clinic_location"]["n"] == 3
    assert list(staff["changes"]["clinic_location"]) == ["change_points", "p_value", "significant", "test",
                                                         "base_suppressed"]
    assert staff["changes"]["clinic_location"]["change_points"] == 0
    assert main(["report", "camhs-wellbeing", "--round", "Winter", "--audience", "board", "--format", "json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert list(board) == ["survey", "title", "round", "audience", "responses", "invited", "round_invited",
                           "response_rate_pct", "view", "view_name", "questions"]
    assert (board["responses"], board["view"], board["view_name"]) == (47, ["all", None], "The partnership")
    assert list(board["questions"]["clinic_location"]) == scale + ["base_suppressed"]


def test_two_sites_one_tiny_the_big_one_is_not_the_overall_minus_the_tiny_one(two_sites):
    # Site A is the overall minus the tiny site: where both of those are shown, the tiny one is known.
    report = round_report("camhs-wellbeing", "Winter", audience="board", by="site")
    for qid in ("clinic_location", "privacy", "overall_satisfaction"):
        overall = report.questions[qid]
        tiny = report.breakdown["Tiny outreach clinic"][qid]
        big = report.breakdown["Riverside clinic waiting room"][qid]
        assert tiny.n == "<5"
        assert not (isinstance(big.n, int) and isinstance(overall.n, int)), qid


def test_staff_view_still_shows_exact_counts(three_sites):
    report = round_report("camhs-wellbeing", "Winter", by="site")
    assert report.breakdown["Tiny outreach clinic"]["clinic_location"].n == 3


def test_board_json_overall_has_intervals(three_sites):
    q = round_report("camhs-wellbeing", "Winter", audience="board").questions["clinic_location"]
    assert q.base_suppressed is False and len(q.positive_ci95) == 2


def test_csv_and_xlsx_of_a_board_breakdown_hold_no_small_count(three_sites):
    report = round_report("camhs-wellbeing", "Winter", audience="board", by="site")
    definition = surveys.get_definition("camhs-wellbeing")
    questions = [q.meta() for q in definition.questions]
    for group, figs in report.breakdown.items():
        table = chart_tables.figures_table(as_data(figs), questions, surveys.labels(definition))
        csv = pd.read_csv(io.BytesIO(exports.to_csv(table)), dtype=str, keep_default_na=False)
        for col in ("count", "n"):
            assert not csv[col].isin(["1", "2", "3", "4"]).any(), (group, col)
        sheet = load_workbook(io.BytesIO(exports.to_xlsx(table))).active
        header = [c.value for c in sheet[1]]
        for col in ("count", "n"):
            idx = header.index(col)
            values = [row[idx].value for row in sheet.iter_rows(min_row=2)]
            assert not [v for v in values if isinstance(v, int) and 0 < v < 5], (group, col)


def test_a_response_rate_does_not_give_a_small_count_away(demo_site, tmp_path):
    path = tmp_path / "few.csv"
    path.write_text("clinic_location\nhappy\nokay\nunhappy\n")
    import_responses("camhs-wellbeing", path, "Tiny round", invited=20, org="riverside-camhs")
    board = round_report("camhs-wellbeing", "Tiny round", audience="board")
    assert board.responses == "<5" and board.response_rate_pct is None
    assert round_report("camhs-wellbeing", "Tiny round").response_rate_pct == 15  # staff see it
