"""The admin's import screen: an export from another tool is previewed (columns to questions,
columns left out and why, labels to options) before anything is stored, then imported."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.markdown_text import shown
from tests.pages.test_admin_pages import admin  # noqa: F401  (the fixture: an admin, an organisation, a site)
from tests.pages.test_admin_pages import page as admin_page
from voice_app.services import accounts
from voice_app.services.audit import events
from voice_app.services.results import round_report

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"


def page(user) -> AppTest:
    return admin_page("import_responses", user)


def upload(at: AppTest, name: str, round_name: str = "Spring 2026") -> AppTest:
    at.selectbox(key="import_survey").select("camhs-remote")
    at.selectbox(key="import_org").select("riverside-camhs")
    at.text_input(key="import_round").input(round_name)
    at.file_uploader(key="import_file").upload(name, (SAMPLES / name).read_bytes())
    return at.run()


def test_preview_then_import_of_a_microsoft_forms_export(admin):
    at = upload(page(admin), "ms_forms_camhs_remote.xlsx")
    assert not at.exception and not at.error
    assert shown(at.subheader[0].value) == "Microsoft Forms export: 3 rows"
    columns, dropped, labels = (at.dataframe[i].value for i in range(3))
    assert list(columns["header"])[:2] == ["Have you had a session by video or by phone?",
                                           "Which way of having sessions do you like best?"]
    assert list(columns["question"]) == ["remote_used", "preferred_format", "relationship_effect",
                                         "future_remote", "liked_remote", "disliked_remote", "other_comments"]
    assert list(dropped["header"]) == ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    assert list(dropped["why"])[3] == "identifies a person: never stored"
    first = labels.iloc[0]
    assert (first["question"], first["answer in the file"], first["option"]) == ("remote_used", "Neither", "neither")
    on_screen = " ".join(str(df.to_dict()) for df in (columns, dropped, labels)) + " ".join(
        shown(m.value) for m in at.markdown)
    assert "amy.pupil@school.example" not in on_screen and "Amy Pupil" not in on_screen
    with pytest.raises(LookupError):
        round_report("camhs-remote", "Spring 2026")  # nothing stored by the preview

    assert at.button(key="import_go").label == "Import 3 responses"
    at.button(key="import_go").click().run()
    assert not at.exception
    assert shown(at.success[0].value) == "Imported 3 responses into round 'Spring 2026'."
    assert round_report("camhs-remote", "Spring 2026").responses == 3
    assert list(events(admin, action="imported responses")["target"]) == ["camhs-remote: Spring 2026"]


def test_a_file_that_cannot_be_mapped_names_why_and_offers_no_import(admin, tmp_path):
    at = page(admin)
    at.selectbox(key="import_survey").select("camhs-remote")
    at.selectbox(key="import_org").select("riverside-camhs")
    at.text_input(key="import_round").input("Spring 2026")
    at.file_uploader(key="import_file").upload(
        "form.csv", b"Timestamp,Email address,Favourite colour?,Would you have sessions by video or phone again?\n"
                    b"14/03/2026 10:31:05,eve@example.org,blue,Perhaps\n")
    at.run()
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert "column C 'Favourite colour?': no question of camhs-remote has this wording " \
           "(in any language or version)" in errors
    assert not at.button
    assert "eve@example.org" not in " ".join(errors)


def test_the_organisation_is_needed_so_its_lead_sees_concerns(admin):
    at = page(admin)
    at.selectbox(key="import_survey").select("camhs-remote")
    at.text_input(key="import_round").input("Spring 2026")
    at.file_uploader(key="import_file").upload("google_forms_camhs_remote.csv",
                                               (SAMPLES / "google_forms_camhs_remote.csv").read_bytes())
    at.run()
    assert "choose the organisation (or site)" in shown(at.info[0].value) and not at.dataframe and not at.button
    at.selectbox(key="import_site").select("riverside-waiting-room").run()
    assert shown(at.subheader[0].value) == "Google Forms export: 3 rows" and at.button(key="import_go")


@pytest.mark.parametrize("role", ["worker", "safeguarding_lead", "board", None])
def test_nobody_but_an_admin_sees_it(admin, role):
    user = accounts.create_user(f"{role}-1", "a long test password", role) if role else None
    at = page(user)
    assert not at.exception and "sign in" in at.warning[0].value
    assert not at.title and not at.get("file_uploader")
