import pytest

from voice_app.cli import main
from voice_app.services.importer import CsvImportError, import_responses
from voice_app.services.results import round_report


def write(tmp_path, text: str):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_column_names_it_and_imports_nothing(database, tmp_path):
    path = write(tmp_path, "clinic_location,favourite_colour\nhappy,blue\n")
    with pytest.raises(CsvImportError, match="favourite_colour"):
        import_responses("camhs-wellbeing", path, "R1")


def test_unknown_option_names_row_and_column(database, tmp_path, capsys):
    path = write(tmp_path, "clinic_location,privacy\nhappy,okay\nhappy,meh\n")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1"]) == 1
    err = capsys.readouterr().err
    assert "row 3, column privacy" in err and "'meh' is not an option" in err
    with pytest.raises(LookupError):
        round_report("camhs-wellbeing", "R1")  # not even the round was created


def test_malformed_rows_and_dates(database, tmp_path):
    path = write(tmp_path, "clinic_location,submitted_at\nhappy,2026-13-45\nhappy,2026-03-01,extra\n")
    with pytest.raises(CsvImportError) as err:
        import_responses("camhs-wellbeing", path, "R1")
    assert "row 2, column submitted_at" in str(err.value)
    assert "row 3: more cells" in str(err.value)


def test_labels_ids_case_and_spaces_and_multi(demo_site, tmp_path):
    path = write(tmp_path, "remote_used,preferred_format,other_comments\n"
                           " Video call ; TELEPHONE ,Face to face,\"=cmd|' /C calc'!A0\"\n"
                           "neither, no_preference ,\n")
    assert import_responses("camhs-remote", path, "R1", invited=10, org="riverside-camhs").imported == 2
    r = round_report("camhs-remote", "R1")
    assert r["questions"]["remote_used"]["counts"] == {"video": 1, "telephone": 1, "neither": 1}
    assert r["response_rate_pct"] == 20
    assert r["questions"]["other_comments"]["n"] == 1


def test_site_column_must_name_a_known_site(demo_site, tmp_path):
    path = write(tmp_path, "clinic_location,site\nhappy,Riverside clinic waiting room\nhappy,Mars\n")
    with pytest.raises(CsvImportError, match="row 3, column site: no site called 'Mars'"):
        import_responses("camhs-wellbeing", path, "R1")


def test_not_utf8_is_refused(database, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("clinic_location\nhappy caf\xe9\n".encode("latin-1"))
    with pytest.raises(CsvImportError, match="UTF-8"):
        import_responses("camhs-wellbeing", path, "R1")
