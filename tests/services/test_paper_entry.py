"""Typing in paper forms: one row per form, saved as paper, coded and screened like a kiosk submit,
counted in the figures, never stored twice, and a row that cannot be read named and kept."""
from __future__ import annotations

import pytest

from voice_app.services import accounts, paper_entry, results, safeguarding
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site
from voice_app.store import queries
from voice_app.store.db import session_scope

SURVEY, ROUND, SITE = "camhs-wellbeing", "Spring", "riverside-waiting-room"


@pytest.fixture
def worker(demo_site):
    ensure_round(SURVEY, ROUND)
    ensure_site(ensure_organisation("Hilltop", "hilltop"), "Hilltop youth club", "hilltop-club")
    return accounts.create_user("typist", "a long test password", "worker", ["riverside-camhs"])


def save(user, rows, **kwargs):
    return paper_entry.save_forms(user, SURVEY, ROUND, SITE, rows, **kwargs)


def test_the_sheet_has_the_papers_questions_in_its_order(worker):
    sheet = paper_entry.entry_sheet(worker, SURVEY, ROUND, SITE)
    assert [c.question_id for c in sheet.columns][:3] == ["age_band", "clinic_location", "waiting_room"]
    assert sheet.columns[1].header == "2. How do you feel about where the clinic is?"
    assert "1 Very unhappy · 2 Unhappy" in sheet.columns[1].help and sheet.next_form == 1
    young = paper_entry.entry_sheet(worker, SURVEY, ROUND, SITE, age_band="under_11")
    assert "age_band" not in [c.question_id for c in young.columns] and len(young.columns) == 5


def test_paper_forms_are_saved_as_paper_and_counted_with_the_tablets(worker):
    result = save(worker, [
        {"form": "1", "age_band": "2", "clinic_location": "5", "overall_satisfaction": "4",
         "what_was_good": "The staff were kind", "date": "14/03/2026"},
        {"form": "2", "clinic_location": "very happy", "overall_satisfaction": "satisfied"},
        {"form": "", "clinic_location": ""},  # an empty row is skipped
    ])
    assert result.saved == ["1", "2"] and not result.problems and result.flagged == 0
    with session_scope() as session:
        response = queries.response_by_key(session, paper_entry.form_key(
            queries.round_by_name(session, queries.survey_by_key(session, SURVEY).id, ROUND).id,
            queries.site_by_slug(session, SITE).id, "1"))
        assert response.source == "paper" and response.submitted_at.date().isoformat() == "2026-03-14"
    report = results.report_for(worker, SURVEY, ROUND)
    assert report.responses == 2
    assert report.questions["clinic_location"].counts["very_happy"] == 2
    assert paper_entry.entry_sheet(worker, SURVEY, ROUND, SITE).next_form == 3


def test_saving_twice_stores_each_form_once(worker):
    rows = [{"form": "7", "clinic_location": "3"}, {"form": "8", "multi": None, "waiting_room": "1"}]
    assert save(worker, rows).saved == ["7", "8"]
    again = save(worker, rows)
    assert again.saved == [] and again.already_saved == ["7", "8"]
    assert results.report_for(worker, SURVEY, ROUND).responses == 2
    clash = save(worker, [{"form": "7", "clinic_location": "5"}])
    assert clash.saved == [] and "already typed in for this round and site with other answers" in clash.problems[0].problems[0]


def test_a_row_that_cannot_be_read_is_named_and_the_others_are_saved(worker):
    result = save(worker, [
        {"form": "1", "clinic_location": "7"},
        {"form": "2", "clinic_location": "4"},
        {"form": "3", "age_band": "ten", "date": "31/02/2026"},
        {"form": "", "waiting_room": "2"},
        {"form": "2", "waiting_room": "2"},
    ])
    assert result.saved == ["2"]
    problems = {p.row: p.problems for p in result.problems}
    assert problems[1] == ["question 2 (How do you feel about where the clinic is?): "
                           "'7' is not a box on the paper (1 to 5)"]
    assert "'ten' is not an option" in problems[3][0] and "'31/02/2026' is not a date" in problems[3][1]
    assert problems[4][0].startswith("no form number")
    assert problems[5] == ["form 2 is typed twice on this page"]
    assert results.report_for(worker, SURVEY, ROUND).responses == 1


def test_worrying_words_on_paper_reach_the_lead(worker):
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    result = save(worker, [{"form": "1", "what_could_be_better": "my dad hits me when I get home"},
                           {"form": "2", "what_was_good": "the fish tank"}])
    assert result.flagged == 1
    queue = safeguarding.queue(lead)
    assert len(queue) == 1
    with session_scope() as session:
        coded = queries.answers_for(session, queries.response_by_key(session, paper_entry.form_key(
            queries.round_by_name(session, queries.survey_by_key(session, SURVEY).id, ROUND).id,
            queries.site_by_slug(session, SITE).id, "2")).id)
        from voice_app.store.models import CommentCode
        assert session.get(CommentCode, coded[0].id) is not None  # coded like a kiosk answer


def test_a_worker_types_in_only_for_their_own_sites_and_known_choices(worker):
    with pytest.raises(paper_entry.PaperEntryError, match="no site 'hilltop-club' among the sites you work with"):
        paper_entry.save_forms(worker, SURVEY, ROUND, "hilltop-club", [{"form": "1", "waiting_room": "1"}])
    with pytest.raises(paper_entry.PaperEntryError, match="has no round 'Autumn'"):
        paper_entry.entry_sheet(worker, SURVEY, "Autumn", SITE)
    with pytest.raises(paper_entry.PaperEntryError, match="not written in 'fr'"):
        paper_entry.entry_sheet(worker, SURVEY, ROUND, SITE, lang="fr")
    board = accounts.create_user("board", "a long test password", "board")
    with pytest.raises(PermissionError):
        paper_entry.entry_sheet(board, SURVEY, ROUND, SITE)


def test_paper_and_tablet_answers_combine_and_break_down_by_mode(worker, tmp_path):
    from tests.services.test_results_by_language import add_responses
    from voice_app.services.importer import import_responses

    add_responses(ROUND, SITE, "en", None, 6)  # on the tablet
    save(worker, [{"form": str(n), "overall_satisfaction": "1"} for n in range(1, 5)])
    csv = tmp_path / "imported.csv"
    csv.write_text("overall_satisfaction,site\nsatisfied,riverside-waiting-room\n", encoding="utf-8")
    import_responses(SURVEY, csv, ROUND)
    report = results.report_for(worker, SURVEY, ROUND, by="mode")
    assert report.responses == 11 and report.questions["overall_satisfaction"].n == 11
    assert {g: f["overall_satisfaction"].n for g, f in report.breakdown.items()} == {
        "Tablet": 6, "Paper": 4, "Imported": 1}
    assert list(report.breakdown) == ["Tablet", "Paper", "Imported"]
    paper_only = results.report_for(worker, SURVEY, ROUND, mode="paper")
    assert paper_only.responses == 4 and paper_only.questions["overall_satisfaction"].positive == 0
    assert paper_only.invited is None  # invited numbers are not kept by mode
    with pytest.raises(results.ReportError, match="no mode 'fax'"):
        results.report_for(worker, SURVEY, ROUND, mode="fax")
    board = accounts.create_user("board-1", "a long test password", "board")
    with pytest.raises(results.ReportError, match="not by mode"):
        results.report_for(board, SURVEY, ROUND, by="mode")


def test_the_mode_a_response_was_given_in():
    from voice_app.services.modes import mode_label, mode_of

    assert [mode_of(s) for s in ("kiosk", "demo", "paper", "import", None)] == [
        "tablet", "tablet", "paper", "imported", "tablet"]
    assert mode_label("paper") == "Paper"
