"""The four surveys added in issue 12 as a worker and a board see them: in the demo, with figures
(% positive wherever the answers allow it), their comments themed, and in the annual report."""
from datetime import date

import pytest

from analysis.figures import whole_pct
from voice_app.services import accounts, board, results
from voice_app.services.annual_report import compose
from voice_app.services.demo import load_demo
from voice_app.store import queries
from voice_app.store.db import session_scope

START, END = date(2026, 1, 1), date(2026, 12, 31)
TITLES = {"how-was-today": "How was today?", "camhs-experience": "Your time with CAMHS",
          "your-views": "Your views", "my-life-in-care": "My life in care"}


@pytest.fixture
def admin(database):
    load_demo(responses_per_round=60, more_surveys=True)  # 20 a round in the surveys added later
    return accounts.create_user("admin1", "a long test password", "admin")


def round_id(survey_key: str, name: str = "Autumn 2026") -> int:
    with session_scope() as session:
        return queries.round_by_name(session, queries.survey_by_key(session, survey_key).id, name).id


def test_each_new_survey_has_figures_with_percent_positive(admin):
    for key, title in TITLES.items():
        report = results.round_report(key, "Autumn 2026")
        assert report.title == title and report.responses > 0, key
        rated = {qid: f for qid, f in report.questions.items() if f.type == "scale"}
        assert all(isinstance(f.positive_pct, int) for f in rated.values()), key
    today = results.round_report("how-was-today", "Autumn 2026").questions["today_rating"]
    good = today.counts["very_good"] + today.counts["good"]
    # the Friends and Family Test's % positive: over everyone who answered, "I don't know" too
    assert today.counts["dont_know"] and today.n == sum(today.counts.values())
    assert today.positive_pct == whole_pct(good, today.n)


def test_the_comments_of_each_new_survey_get_themes(admin):
    for key in TITLES:
        themes = board.top_themes(round_id(key))
        assert themes and all(t.theme for t in themes), key


def test_the_annual_report_tells_of_each_new_survey(admin):
    report = compose.build(admin, START, END, with_charts=False)
    partnership = report.sections[0]
    for key, title in TITLES.items():
        parts = [r for r in partnership.rounds if r.heading.startswith(f"{title}: ")]
        assert [r.heading for r in parts] == [f"{title}: Spring 2026", f"{title}: Autumn 2026"], key
        assert all(r.sentence.startswith(f"There were 20 returned responses to the {title} survey") for r in parts)
        assert any(r.themes for r in parts), key
    today = next(r for r in partnership.rounds if r.heading == "How was today?: Autumn 2026")
    assert any("said today was good or really good (n=" in b for b in today.bullets), today.bullets
    views = next(r for r in partnership.rounds if r.heading == "Your views: Autumn 2026")
    assert views.bullets and not [b for b in views.bullets if "gave a positive answer" in b], views.bullets
    hillside = next(s for s in report.sections if s.heading == "Hillside Youth Service")
    assert "Your views" in {r.heading.split(":")[0] for r in hillside.rounds}
