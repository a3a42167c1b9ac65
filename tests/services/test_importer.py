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
    assert r.questions["remote_used"].counts == {"video": 1, "telephone": 1, "neither": 1}
    assert r.response_rate_pct == 20
    assert r.questions["other_comments"].n == 1


def test_site_column_must_name_a_known_site(demo_site, tmp_path):
    path = write(tmp_path, "clinic_location,site\nhappy,Riverside clinic waiting room\nhappy,Mars\n")
    with pytest.raises(CsvImportError, match="row 3, column site: no site called 'Mars'"):
        import_responses("camhs-wellbeing", path, "R1")


def test_not_utf8_is_refused(database, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("clinic_location\nhappy caf\xe9\n".encode("latin-1"))
    with pytest.raises(CsvImportError, match="UTF-8"):
        import_responses("camhs-wellbeing", path, "R1")


def round_exists(survey: str, name: str) -> bool:
    from voice_app.services.organisations import list_rounds

    return any(r.name == name for r in list_rounds(survey))


def test_duplicate_column_is_refused_naming_it(demo_site, tmp_path):
    path = write(tmp_path, "clinic_location,privacy,clinic_location\nhappy,okay,sad\n")
    with pytest.raises(CsvImportError, match="column 'clinic_location' appears more than once"):
        import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs")
    assert not round_exists("camhs-wellbeing", "R1")


def test_a_huge_cell_names_row_and_column_never_a_traceback(demo_site, tmp_path, capsys):
    path = write(tmp_path, "clinic_location,what_could_be_better\nhappy,fine\n"
                           f"happy,\"{'a' * 140_000}\"\n{'x' * 600},\n")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1",
                 "--org", "riverside-camhs"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "row 3, column what_could_be_better: 140,000 characters" in err
    assert "row 4, column clinic_location: 600 characters" in err and "at most 500" in err
    assert not round_exists("camhs-wellbeing", "R1")


@pytest.mark.parametrize("stamp, says", [("0001-01-01", "before 2000-01-01"),
                                         ("1999-12-31T23:00", "before 2000-01-01"),
                                         ("9999-12-31", "in the future"),
                                         ("9999-12-31T23:59:59-05:00", "in the future")])
def test_dates_outside_a_plausible_range_are_refused(demo_site, tmp_path, stamp, says):
    path = write(tmp_path, f"clinic_location,submitted_at\nhappy,2021-01-05\nhappy,{stamp}\n")
    with pytest.raises(CsvImportError, match=f"row 3, column submitted_at: '{stamp}' is {says}"):
        import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs")
    assert not round_exists("camhs-wellbeing", "R1")


def test_a_date_from_today_or_a_past_year_is_kept(demo_site, tmp_path):
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    path = write(tmp_path, f"clinic_location,submitted_at\nhappy,2000-01-01\nhappy,{today}\n")
    assert import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs").imported == 2


def test_a_file_with_no_rows_creates_no_round(demo_site, tmp_path):
    path = write(tmp_path, "clinic_location,privacy\n")
    with pytest.raises(CsvImportError, match="no rows"):
        import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs")
    assert not round_exists("camhs-wellbeing", "R1")


def test_a_failure_while_storing_leaves_no_round(demo_site, tmp_path, monkeypatch):
    from voice_app.services import importer

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer.queries, "bulk_add_responses", broken)
    path = write(tmp_path, "clinic_location\nhappy\n")
    with pytest.raises(RuntimeError):
        import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs")
    assert not round_exists("camhs-wellbeing", "R1")


def test_nul_and_control_characters_are_removed_from_free_text(demo_site, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"clinic_location,what_could_be_better\n"
                     b"happy,\"more\x00 games\x07 in the\x1b room\r\nplease\tnow\"\n")
    assert import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs").imported == 1
    assert stored_texts() == ["more games in the room\nplease\tnow"]


def stored_texts() -> list[str]:
    from sqlalchemy import select

    from voice_app.store.db import session_scope
    from voice_app.store.models import Answer

    with session_scope() as session:
        return list(session.execute(select(Answer.text).where(Answer.text.is_not(None))).scalars())


def test_create_sites_adds_unknown_sites_under_the_organisation(demo_site, tmp_path, capsys):
    path = write(tmp_path, "clinic_location,site\nhappy,riverside-waiting-room\nhappy,northgate-clinic\n"
                           "okay,Hillview School\nunhappy,northgate-clinic\n")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1",
                 "--org", "riverside-camhs", "--create-sites"]) == 0
    out = capsys.readouterr().out
    assert "Imported 4 responses" in out
    assert "New sites under riverside-camhs: northgate-clinic, hillview-school" in out
    assert round_report("camhs-wellbeing", "R1", site_slugs=["northgate-clinic"]).responses == 2
    assert round_report("camhs-wellbeing", "R1", site_slugs=["hillview-school"]).responses == 1
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1",
                 "--org", "riverside-camhs", "--create-sites"]) == 0
    out = capsys.readouterr().out
    assert "4 were already imported" in out and "New sites" not in out


def test_create_sites_needs_org_and_creates_nothing_when_the_file_is_refused(demo_site, tmp_path, capsys):
    from voice_app.services.organisations import list_sites

    path = write(tmp_path, "clinic_location,site\nhappy,northgate-clinic\nmeh,hillview\n")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1", "--create-sites"]) == 2
    assert "--create-sites needs --org" in capsys.readouterr().err
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "R1",
                 "--org", "riverside-camhs", "--create-sites"]) == 1
    assert "row 3, column clinic_location" in capsys.readouterr().err
    assert [s.slug for s in list_sites()] == ["riverside-waiting-room"]
    assert not round_exists("camhs-wellbeing", "R1")


def test_create_sites_refuses_a_name_whose_slug_belongs_to_another_site(demo_site, tmp_path):
    path = write(tmp_path, "clinic_location,site\nhappy,Riverside Waiting-Room!\n")
    with pytest.raises(CsvImportError, match="row 2, column site: .*riverside-waiting-room.* already"):
        import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs", create_sites=True)
