"""import-responses --map auto: exports of Microsoft Forms, Google Forms and SurveyMonkey (the
files in tests/data/imports/, shaped like each tool's own) mapped by wording, with the tools'
identifying columns dropped and never stored."""
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from voice_app.services import accounts, safeguarding
from voice_app.services.forms_import import import_forms, preview_forms
from voice_app.services.importer import CsvImportError
from voice_app.services.organisations import list_rounds
from voice_app.services.results import round_report
from voice_app.store.db import session_scope
from voice_app.store.models import Response

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"
MS, GOOGLE, MONKEY = (SAMPLES / n for n in ("ms_forms_camhs_remote.xlsx", "google_forms_camhs_remote.csv",
                                            "surveymonkey_camhs_remote.csv"))
# Every identifying value the samples hold (see tests/data/imports/make_samples.py).
IDENTIFYING = ["amy.pupil@school.example", "Amy Pupil", "ben.child@gmail.example", "cara@example.org",
               "dan.pupil@example.net", "Pupil", "203.0.113.7", "198.51.100.23", "114233445566",
               "405112233", "Year 9"]
DISCLOSURE = "my mums boyfriend hits me"


def rounds() -> list[str]:
    return [r.name for r in list_rounds("camhs-remote")]


def everything_stored() -> str:
    """Every value of every row of every table, as text."""
    with session_scope() as session:
        return "\n".join(str(value) for table in SQLModel.metadata.sorted_tables
                         for row in session.execute(select(table)).all() for value in row)


def submitted_times() -> list[datetime]:
    with session_scope() as session:
        return sorted(r.replace(tzinfo=None) for r in session.execute(select(Response.submitted_at)).scalars())


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_microsoft_forms_excel_maps_and_imports(demo_site):
    mapping = preview_forms("camhs-remote", MS, "Spring", org="riverside-camhs")
    assert mapping.tool == "Microsoft Forms" and mapping.problems == [] and mapping.would_import == 3
    assert [(c.column, c.question_id) for c in mapping.columns] == [
        ("G", "remote_used"), ("H", "preferred_format"), ("I", "relationship_effect"), ("J", "future_remote"),
        ("K", "liked_remote"), ("L", "disliked_remote"), ("M", "other_comments")]
    assert [d.header for d in mapping.dropped] == ["ID", "Start time", "Completion time", "Email", "Name",
                                                  "Last modified time"]
    assert ("remote_used", "Phone call", "telephone") in {(s.question_id, s.label, s.option_id)
                                                          for s in mapping.samples}
    assert rounds() == []  # a preview stores nothing

    assert import_forms("camhs-remote", MS, "Spring", org="riverside-camhs").imported == 3
    report = round_report("camhs-remote", "Spring")
    assert report.questions["remote_used"].counts == {"video": 1, "telephone": 2, "neither": 1}
    assert report.questions["preferred_format"].counts["no_preference"] == 1
    assert report.questions["disliked_remote"].n == 1
    # The completion time is each response's submitted time.
    assert submitted_times() == [datetime(2026, 3, 2, 10, 1, 40), datetime(2026, 3, 3, 16, 24, 51),
                                 datetime(2026, 3, 5, 11, 3, 30)]


def test_google_forms_csv_in_the_easy_read_wording_with_numbers_and_optional(demo_site):
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    mapping = preview_forms("camhs-remote", GOOGLE, "Spring", org="riverside-camhs")
    assert mapping.tool == "Google Forms" and mapping.problems == []
    assert {c.wording for c in mapping.columns} == {"en-easy"}
    assert [d.header for d in mapping.dropped] == ["Timestamp", "Email address"]
    assert import_forms("camhs-remote", GOOGLE, "Spring", org="riverside-camhs").imported == 3
    report = round_report("camhs-remote", "Spring")
    assert report.questions["remote_used"].counts == {"video": 2, "telephone": 1, "neither": 1}
    assert report.questions["preferred_format"].counts["face_to_face"] == 2
    assert submitted_times()[0] == datetime(2026, 3, 14, 10, 31, 5)  # 14/03/2026: the day first
    # Free text is coded and screened like any import: the disclosure reaches the organisation's lead.
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE]
    with session_scope() as session:
        assert set(session.execute(select(Response.lang)).scalars()) == {"en-easy"}


def test_surveymonkey_two_header_rows_one_column_per_option(demo_site):
    mapping = preview_forms("camhs-remote", MONKEY, "Spring", org="riverside-camhs")
    assert mapping.tool == "SurveyMonkey" and mapping.problems == [] and mapping.rows == 2
    assert [(c.column, c.question_id, c.option_id) for c in mapping.columns[:4]] == [
        ("J", "remote_used", "video"), ("K", "remote_used", "telephone"), ("L", "remote_used", "neither"),
        ("M", "preferred_format", None)]
    assert len(mapping.dropped) == 9 and {c.wording for c in mapping.columns} == {"pl"}
    assert import_forms("camhs-remote", MONKEY, "Spring", org="riverside-camhs").imported == 2
    report = round_report("camhs-remote", "Spring")
    assert report.questions["remote_used"].counts == {"video": 2, "telephone": 1, "neither": 0}
    assert report.questions["future_remote"].counts == {"yes": 1, "no": 0, "not_sure": 1}
    assert submitted_times() == [datetime(2026, 3, 20, 14, 14, 52), datetime(2026, 3, 21, 9, 3, 12)]


@pytest.mark.parametrize("sample", [MS, GOOGLE, MONKEY], ids=["ms_forms", "google_forms", "surveymonkey"])
def test_names_emails_and_ids_are_never_stored_nor_shown(demo_site, sample):
    shown = preview_forms("camhs-remote", sample, "Spring", org="riverside-camhs").text()
    import_forms("camhs-remote", sample, "Spring", org="riverside-camhs")
    stored = everything_stored()
    assert "camhs-remote" in stored  # the dump reads the database
    for value in IDENTIFYING:
        assert value not in stored and value not in shown


def test_a_header_that_is_no_question_is_named_and_nothing_is_stored(demo_site, tmp_path):
    path = write(tmp_path, "form.csv", "Timestamp,Which way of having sessions do you like best?,Favourite colour?\n"
                                       "14/03/2026 10:31:05,Video call,blue\n")
    mapping = preview_forms("camhs-remote", path, "Spring", org="riverside-camhs")
    assert mapping.problems == ["column C 'Favourite colour?': no question of camhs-remote has this wording "
                                "(in any language or version)"]
    with pytest.raises(CsvImportError, match="column C 'Favourite colour"):
        import_forms("camhs-remote", path, "Spring", org="riverside-camhs")
    assert rounds() == []


def test_an_unknown_label_is_named_with_its_row_and_column_all_rows_or_none(demo_site, tmp_path):
    path = write(tmp_path, "form.csv", "Timestamp,Have you had a session by video or by phone?,"
                                       "Would you have sessions by video or phone again?\n"
                                       "14/03/2026 10:31:05,\"Video call, Phone call\",Yes\n"
                                       "15/03/2026 10:31:05,Skype,Maybe\n")
    with pytest.raises(CsvImportError) as refused:
        import_forms("camhs-remote", path, "Spring", org="riverside-camhs")
    message = str(refused.value)
    assert "row 3, column B 'Have you had a session by video or by phone?': 'Skype' is not an option" in message
    assert "row 3, column C 'Would you have sessions by video or phone again?': 'Maybe' is not an option" in message
    assert rounds() == [] and submitted_times() == []


def test_a_surveymonkey_other_column_is_refused_naming_it(demo_site, tmp_path):
    path = write(tmp_path, "monkey.csv", "Respondent ID,Have you had a session by video or by phone?,,\n"
                                         ",Video call,Other (please specify),\n"
                                         "1,Video call,,\n")
    with pytest.raises(CsvImportError, match="column C 'Have you had a session by video or by phone\\? / "
                                             "Other \\(please specify\\)': 'Other \\(please specify\\)' is not"):
        import_forms("camhs-remote", path, "Spring", org="riverside-camhs")


def test_dates_that_read_either_way_need_the_order(demo_site, tmp_path):
    path = write(tmp_path, "form.csv", "Timestamp,Would you have sessions by video or phone again?\n"
                                       "03/04/2026 10:00:00,Yes\n")
    mapping = preview_forms("camhs-remote", path, "Spring", org="riverside-camhs")
    assert mapping.problems == ["column A 'Timestamp' has dates such as '03/04/2026 10:00:00' that could be "
                                "day/month or month/day; say which the file uses (--date-order dmy or mdy; "
                                "on the import screen, 'Dates in the file')"]
    import_forms("camhs-remote", path, "Spring", org="riverside-camhs", order="mdy")
    assert submitted_times() == [datetime(2026, 3, 4, 10, 0)]


def test_rows_need_an_organisation_like_every_import(demo_site, tmp_path):
    mapping = preview_forms("camhs-remote", GOOGLE, "Spring")
    assert any("--org SLUG" in p for p in mapping.problems)
    with pytest.raises(CsvImportError, match="--org SLUG"):
        import_forms("camhs-remote", GOOGLE, "Spring")
    assert rounds() == []


def test_importing_the_same_export_again_adds_nothing(demo_site):
    assert import_forms("camhs-remote", MS, "Spring", org="riverside-camhs").imported == 3
    again = import_forms("camhs-remote", MS, "Spring", org="riverside-camhs")
    assert (again.imported, again.already_imported) == (0, 3)
    assert preview_forms("camhs-remote", MS, "Spring", org="riverside-camhs").already_imported == 3


def test_cli_dry_run_shows_the_mapping_and_stores_nothing_then_imports(demo_site, capsys):
    from voice_app.cli import main

    args = ["import-responses", "camhs-remote", str(MONKEY), "--round", "Spring", "--map", "auto",
            "--org", "riverside-camhs"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "surveymonkey_camhs_remote.csv: SurveyMonkey export, 2 rows" in out
    assert "  K 'Czy zdarzyło ci się mieć spotkanie przez wideo albo przez telefon? / Rozmowa telefoniczna'" \
           " -> remote_used = telephone (pl wording)" in out
    assert "  G 'First Name': identifies a person: never stored" in out
    assert "  preferred_format: 'Twarzą w twarz' -> face_to_face" in out
    assert "Would import 2 responses" in out
    assert rounds() == []

    assert main(args) == 0
    assert "Imported 2 responses into round 'Spring'" in capsys.readouterr().out
    assert round_report("camhs-remote", "Spring").responses == 2


def test_cli_refusal_names_what_failed(demo_site, tmp_path, capsys):
    from voice_app.cli import main

    path = write(tmp_path, "form.csv", "Timestamp,Name,Would you have sessions by video or phone again?\n"
                                       "14/03/2026 10:31:05,Eve Child,Perhaps\n")
    assert main(["import-responses", "camhs-remote", str(path), "--round", "Spring", "--map", "auto",
                 "--org", "riverside-camhs"]) == 1
    err = capsys.readouterr().err
    assert "Cannot import, nothing was stored:" in err
    assert "row 2, column C 'Would you have sessions by video or phone again?': 'Perhaps' is not an option" in err
    assert "Eve Child" not in err and rounds() == []
    assert main(["import-responses", "camhs-remote", str(path), "--round", "Spring", "--dry-run"]) == 2


def test_a_question_in_two_columns_is_refused_naming_both(demo_site, tmp_path):
    path = write(tmp_path, "form.csv", "Timestamp,Would you have sessions by video or phone again?,"
                                       "4. Would you have a session by video or phone again?\n"
                                       "14/03/2026 10:31:05,Yes,No\n")
    assert preview_forms("camhs-remote", path, "Spring", org="riverside-camhs").problems == [
        "column C '4. Would you have a session by video or phone again?': question future_remote is column B too; "
        "keep one of them"]


def test_rows_are_named_as_the_file_numbers_them_past_blank_lines(demo_site, tmp_path):
    path = write(tmp_path, "form.csv", "Timestamp,Would you have sessions by video or phone again?\n"
                                       "14/03/2026 10:31:05,Yes\n\n,\n"
                                       f"15/03/2026 10:31:05,{'Perhaps ' * 40}\n")
    [problem] = preview_forms("camhs-remote", path, "Spring", org="riverside-camhs").problems
    assert problem.startswith("row 5, column B 'Would you have sessions by video or phone again?': 'Perhaps Perhaps")
    assert "…' (319 characters) is not an option" in problem


def test_a_file_that_is_not_a_workbook_is_refused(demo_site, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CsvImportError, match="export.xlsx: not an Excel workbook"):
        preview_forms("camhs-remote", path, "Spring", org="riverside-camhs")


def test_the_under_11_words_of_camhs_wellbeing_map_too(demo_site, tmp_path):
    path = write(tmp_path, "young.csv", "Timestamp,Is the clinic an OK place to get to?,"
                                        "Did you feel OK in the waiting room?,How old are you?,"
                                        "What would make it better? (optional)\n"
                                        "14/03/2026 10:31:05,Very sad,OK,Under 11,more toys\n"
                                        "14/03/2026 10:35:00,Very happy,Very happy,Under 11,\n")
    mapping = preview_forms("camhs-wellbeing", path, "Spring", org="riverside-camhs")
    assert mapping.problems == [] and {c.wording for c in mapping.columns} == {"en:under_11"}
    assert import_forms("camhs-wellbeing", path, "Spring", org="riverside-camhs").imported == 2
    report = round_report("camhs-wellbeing", "Spring")
    assert report.questions["clinic_location"].counts["very_unhappy"] == 1
    assert report.questions["waiting_room"].counts["okay"] == 1
    assert report.questions["age_band"].counts["under_11"] == 2
