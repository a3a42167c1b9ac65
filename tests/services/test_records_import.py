"""`import-records FILE.csv --org SLUG`: all rows or none, each problem named by row and column."""
from datetime import UTC, datetime, timedelta

import pytest

from voice_app.cli import main
from voice_app.services import accounts, comments, practice_reviews, records
from voice_app.services.importer import CsvImportError
from voice_app.services.records_import import import_records

DAY = (datetime.now(UTC).date() - timedelta(days=2)).isoformat()


@pytest.fixture
def worker(demo_site):
    return accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])


def write(tmp_path, text: str):
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_row_is_imported_coded_and_put_in_its_review(worker, tmp_path, capsys):
    review_id = practice_reviews.create_review(worker, worker.organisation_ids[0], "CSPR 2026-04", "CSPR")
    path = write(tmp_path, "kind,date,setting,age_band,summary,consent,review,meeting\n"
                           f"letter,{DAY},school,11_to_15,the waiting room is boring,quote,,\n"
                           f"conversation,{DAY},Social care,16_plus,my social worker never rings back,internal,"
                           "cspr 2026-04,start\n")
    assert main(["import-records", str(path), "--org", "riverside-camhs"]) == 0
    assert "Imported 2 voice records" in capsys.readouterr().out
    assert sorted(comments.explore(worker)["record_kind"]) == ["conversation", "letter"]
    [in_review] = records.list_records(worker, review_id)
    assert in_review.kind == "conversation" and in_review.meeting == "Start meeting"
    assert in_review.setting == "Social care"


def test_one_bad_row_imports_nothing_and_names_row_and_column(worker, tmp_path, capsys):
    path = write(tmp_path, "kind,date,setting,age_band,summary,consent\n"
                           f"letter,{DAY},school,11_to_15,fine,quote\n"
                           f"poem,{DAY},school,11_to_15,fine,quote\n"
                           f"letter,31/02/2026,moon,11_to_15,,maybe\n")
    assert main(["import-records", str(path), "--org", "riverside-camhs"]) == 1
    err = capsys.readouterr().err
    assert "row 3, column kind: 'poem' is not a kind of record" in err
    assert "row 4, column date: '31/02/2026' is not a date" in err
    assert records.list_records(worker) == []


def test_row_errors_after_a_good_date(worker, tmp_path):
    path = write(tmp_path, "kind,date,setting,age_band,summary,consent,review\n"
                           f"letter,{DAY},moon,teen,,maybe,CSPR 9\n")
    with pytest.raises(CsvImportError) as err:
        import_records(path, "riverside-camhs")
    assert "row 2, column review: no practice review called 'CSPR 9'" in str(err.value)
    path = write(tmp_path, "kind,date,setting,age_band,summary,consent\n"
                           f"letter,{DAY},moon,teen,,maybe\n")
    with pytest.raises(CsvImportError) as err:
        import_records(path, "riverside-camhs")
    for column in ("setting", "age_band", "summary", "consent"):
        assert f"row 2, column {column}" in str(err.value)


def test_a_column_that_could_name_a_child_is_refused(worker, tmp_path):
    path = write(tmp_path, "kind,date,setting,age_band,summary,consent,child_name\n"
                           f"letter,{DAY},school,11_to_15,fine,quote,Amy\n")
    with pytest.raises(CsvImportError, match="unknown column.*child_name"):
        import_records(path, "riverside-camhs")
    path = write(tmp_path, "kind,date,summary\nletter,2026-01-01,fine\n")
    with pytest.raises(CsvImportError, match="missing column.*setting, age_band, consent"):
        import_records(path, "riverside-camhs")
    with pytest.raises(CsvImportError, match="no organisation called 'nowhere'"):
        import_records(write(tmp_path, "kind,date,setting,age_band,summary,consent\n"
                                       f"letter,{DAY},school,11_to_15,fine,quote\n"), "nowhere")


def test_import_responses_never_writes_into_the_voice_records(worker, tmp_path):
    from voice_app.services.importer import import_responses

    path = tmp_path / "answers.csv"
    path.write_text("summary\nthe waiting room is boring\n", encoding="utf-8")
    with pytest.raises(CsvImportError, match="import-records"):
        import_responses("voice-records", path, "2026", org="riverside-camhs")


def test_no_paper_version_or_paper_entry_of_the_voice_records(worker, tmp_path):
    from voice_app.services import paper, paper_entry

    records.log_record(worker, worker.organisation_ids[0], records.NewRecord(
        kind="letter", heard_on=datetime.now(UTC).date(), setting="school", age_band="11_to_15",
        summary="the waiting room is boring", consent="internal"), None)
    with pytest.raises(paper.PaperError, match="no survey called 'voice-records'"):
        paper.paper_form("voice-records")
    with pytest.raises(paper_entry.PaperEntryError, match="no survey called 'voice-records'"):
        paper_entry.save_forms(worker, "voice-records", str(datetime.now(UTC).year), "riverside-waiting-room", [])
