"""The admin pages through AppTest: what an admin sees and does, and that nobody else sees them."""
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.markdown_text import shown
from voice_app.services import accounts, kiosk, kiosk_links, users_admin
from voice_app.services import organisations as orgs
from voice_app.services import organisations_admin as org_admin
from voice_app.services import survey_admin
from voice_app.services.audit import events

PAGES = ["surveys_admin", "organisations_admin", "users_admin", "kiosk_links", "audit_log"]


@pytest.fixture
def admin(sqlite_db):
    user = accounts.create_user("ada", "a long test password", "admin")
    org = orgs.ensure_organisation("Riverside CAMHS", "riverside-camhs")
    orgs.ensure_site(org, "Riverside clinic waiting room", "riverside-waiting-room")
    return user


def page(name: str, user) -> AppTest:
    at = AppTest.from_file(f"../../voice_app/pages/{name}.py", default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
        at.session_state["last_seen"] = time.time()
    return at.run()


@pytest.mark.parametrize("name", PAGES)
def test_every_admin_page_opens_for_an_admin(admin, name):
    at = page(name, admin)
    assert not at.exception and not at.warning
    assert at.title


@pytest.mark.parametrize("role", ["worker", "safeguarding_lead", "board", None])
@pytest.mark.parametrize("name", PAGES)
def test_nobody_else_sees_anything_of_them(admin, name, role):
    user = accounts.create_user(f"{role}-1", "a long test password", role) if role else None
    at = page(name, user)
    assert not at.exception
    assert "sign in" in at.warning[0].value
    assert not at.title and not at.dataframe and not at.button and not at.text_input


# --- surveys ---------------------------------------------------------------------------------

def test_surveys_listed_and_previewed_as_a_child_sees_them(admin):
    at = page("surveys_admin", admin)
    assert set(at.dataframe[0].value["id"]) >= {"camhs-wellbeing", "camhs-remote"}
    at.selectbox(key="list_survey").select("camhs-wellbeing").run()
    assert "How do you feel about where the clinic is?" in [s.value for s in at.subheader]
    assert at.button(key="list_preview_1_very_happy").disabled  # read-only faces
    assert "😄" in at.button(key="list_preview_1_very_happy").label
    at.selectbox(key="list_preview_age").select("under_11").run()
    assert "Is the clinic an OK place to get to?" in [s.value for s in at.subheader]


def test_the_preview_says_which_translations_a_native_speaker_has_still_to_check(admin):
    at = page("surveys_admin", admin)
    at.selectbox(key="list_survey").select("camhs-wellbeing").run()
    assert not at.warning  # English needs no review
    at.selectbox(key="list_preview_lang").select("pl").run()
    assert "Co myślisz o tym, gdzie jest przychodnia?" in [s.value for s in at.subheader]
    assert [shown(w.value) for w in at.warning] == [
        "Polski (pl): these words have not been checked by a native speaker yet. "
        "Ask one to read them before children use them."]


def test_editing_a_survey_saves_a_new_version(admin):
    at = page("surveys_admin", admin)
    at.selectbox(key="edit_target").select("camhs-remote").run()
    at.button(key="edit_load").click().run()
    uid = survey_admin_uid(at, "remote_used")
    at.text_input(key=f"sq_{uid}_text").input("Have you had a session by video or phone call?").run()
    at.button(key="edit_save").click().run()
    assert not at.exception
    assert "version 2" in at.success[0].value
    assert survey_admin.definition(admin, "camhs-remote").question("remote_used").text["en"].endswith("phone call?")


def test_a_new_survey_is_built_in_the_editor(admin):
    at = page("surveys_admin", admin)
    at.text_input[0].input("after-school")
    at.text_input[1].input("After school club")
    button(at, "Start a new survey").click().run()
    uid = survey_admin_uid(at, "")
    at.text_input(key=f"sq_{uid}_id").input("liked")
    at.text_input(key=f"sq_{uid}_text").input("What did you like?")
    at.button(key="edit_save").click().run()
    assert "version 1" in at.success[0].value
    assert "after-school" in [s.key for s in survey_admin.list_surveys(admin)]


def test_removing_an_answered_question_needs_confirming(admin):
    k = kiosk.open_kiosk("camhs-remote", "riverside-waiting-room")
    kiosk.save_answer(k, "child", "future_remote", "yes", 1)
    at = page("surveys_admin", admin)
    at.selectbox(key="edit_target").select("camhs-remote").run()
    at.button(key="edit_load").click().run()
    at.button(key=f"sq_{survey_admin_uid(at, 'future_remote')}_remove").click().run()
    at.button(key="edit_save").click().run()
    assert "'future_remote' has answers" in shown(at.error[0].value)
    assert [v.number for v in survey_admin.versions(admin, "camhs-remote")] == [1]
    at.checkbox(key="edit_confirm").check().run()
    at.button(key="edit_save").click().run()
    assert "version 2" in at.success[0].value


def test_uploading_a_file(admin):
    at = page("surveys_admin", admin)
    at.file_uploader(key="upload_file").upload("club.yaml", b"id: club\ntitle: Club\nquestions: []\n").run()
    assert "club.yaml" in at.error[0].value and "at least one question" in at.error[0].value
    good = b"id: club\ntitle: Club\nquestions:\n  - {id: say, type: text, text: Tell us}\n"
    at.file_uploader(key="upload_file").clear().upload("club.yaml", good).run()
    assert "club.yaml is valid" in at.success[0].value
    at.button(key="upload_save").click().run()
    assert "Saved club as version 1" in at.success[0].value


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def survey_admin_uid(at: AppTest, question_id: str) -> str:
    """The widget key part of a question in the editor, found by its id field."""
    for box in at.text_input:
        if box.key and box.key.startswith("sq_") and box.key.endswith("_id") and box.value == question_id:
            return box.key.split("_")[1]
    raise AssertionError(f"no question {question_id!r} in the editor")


# --- organisations, users, kiosk links, audit log -------------------------------------------

def test_an_admin_sets_how_long_an_organisations_words_are_kept(admin):
    at = page("organisations_admin", admin)
    at.selectbox(key="orgs_pick").select("riverside-camhs").run()
    months = [n for n in at.number_input if n.label.startswith("Months children's own words are kept")][0]
    assert months.value == 24  # the default, until an admin says otherwise
    months.set_value(6)
    button(at, "Save organisation").click().run()
    assert "Saved Riverside CAMHS" in at.success[0].value
    assert [o.retention_months for o in org_admin.list_organisations(admin)] == [6]
    assert at.dataframe[0].value["words kept (months)"].tolist() == [6]
    [event] = events(admin, action="organisation.update")["detail"]
    assert '"retention_months": 6' in event
    with pytest.raises(orgs.AdminError, match="from 1 to 240"):
        org_admin.save_organisation(admin, "Riverside CAMHS", "riverside-camhs", organisation_id=org_admin.list_organisations(admin)[0].id,
                                    retention_months=0)


def test_adding_an_organisation_and_a_round(admin):
    at = page("organisations_admin", admin)
    at.text_input[0].input("Oak Youth Club")
    at.text_area[0].input("Oak Academy\nMr Smith")
    button(at, "Save organisation").click().run()
    assert "Saved Oak Youth Club" in at.success[0].value
    assert [o.redact_names for o in org_admin.list_organisations(admin) if o.slug == "oak-youth-club"] == [
        ("Oak Academy", "Mr Smith")]
    round_name = [t for t in at.text_input if t.label.startswith("Name, e.g. Spring")][0]
    round_name.input("Spring 2026")
    [n for n in at.number_input if n.label.startswith("People invited")][0].set_value(-3)
    button(at, "Save round").click().run()
    assert "cannot be negative" in at.error[0].value
    assert orgs.list_rounds(at.selectbox(key="rounds_survey").value) == []


def test_adding_a_user_shows_the_password_once(admin):
    at = page("users_admin", admin)
    at.text_input[0].input("wes")
    at.selectbox[0].select("worker")
    button(at, "Add user").click().run()
    password = at.code[0].value
    assert accounts.authenticate("wes", password).role == "worker"
    at.run()
    assert not at.code  # gone on the next run
    at.selectbox(key="users_chosen").select("wes").run()
    at.button(key="users_active").click().run()
    assert accounts.authenticate("wes", password) is None


def test_switching_off_a_kiosk_link(admin):
    at = page("kiosk_links", admin)
    assert at.code[0].value.startswith("http://localhost:8501/kiosk?survey=")
    at.toggle[0].set_value(False).run()
    assert "switched off" in at.warning[0].value
    assert len([l for l in kiosk_links.list_links(admin) if not l.active]) == 1
    at.download_button(key="kiosk_dl_sign_pdf").click().run()
    assert events(admin).iloc[0]["action"] == "kiosk_link.download"


def test_audit_log_filters_and_records_downloads(admin):
    org_admin.save_organisation(admin, "One", "one")
    kiosk_links.set_active(admin, "camhs-remote", "riverside-waiting-room", False)
    at = page("audit_log", admin)
    assert len(at.dataframe[0].value) == 2
    at.selectbox[0].select("kiosk_link.off").run()
    assert list(at.dataframe[0].value["action"]) == ["kiosk_link.off"]
    at.download_button(key="audit_download").click().run()
    assert events(admin).iloc[0]["action"] == "audit.download"
    assert not at.data_editor  # read-only: nothing to edit or delete


def test_an_admin_gives_a_lead_an_email_and_the_next_concern_reaches_it(admin, mailbox):
    from voice_app.services import sweep

    users_admin.add_user(admin, "lena", "safeguarding_lead", ["riverside-camhs"])
    at = page("users_admin", admin)
    at.selectbox(key="users_chosen").select("lena").run()
    at.text_input(key="users_email_lena").input("lena@").run()
    at.button(key="users_save_email").click().run()
    assert "not an email address" in at.error[0].value
    at.text_input(key="users_email_lena").input("lena@example.org").run()
    at.button(key="users_save_email").click().run()
    assert not at.error
    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my dad hits me when he is drunk", 7)
    sweep.run_sweep()
    [message] = mailbox.to("lena@example.org")
    assert "hits me" not in message.as_string()
def test_setting_the_number_invited_at_a_site(admin):
    orgs.ensure_round("camhs-wellbeing", "Spring 2026", invited=200)
    at = page("organisations_admin", admin)
    at.selectbox(key="rounds_survey").select("camhs-wellbeing").run()
    at.selectbox(key="rounds_pick").select(orgs.list_rounds("camhs-wellbeing")[0].id).run()
    box = [n for n in at.number_input if n.label == "Riverside clinic waiting room (Riverside CAMHS)"][0]
    box.set_value(60)
    button(at, "Save invited numbers").click().run()
    assert not at.exception
    assert "Saved the numbers invited at each site for Spring 2026" in at.success[0].value
    assert orgs.invited_at_sites("camhs-wellbeing", "Spring 2026") == {"riverside-waiting-room": 60}
    assert orgs.list_rounds("camhs-wellbeing")[0].invited == 200  # the whole round's number stays
    assert "round.invited_at_site" in list(events(admin)["action"])


def test_an_admin_gives_a_site_its_setting(admin):
    at = page("organisations_admin", admin)
    at.selectbox(key="sites_pick").select("riverside-waiting-room").run()
    setting = [s for s in at.selectbox if s.label.startswith("Setting: where children are heard here")][0]
    assert setting.value is None and "Setting not given" in setting.options
    setting.select("hospital")
    button(at, "Save site").click().run()
    assert "Saved Riverside clinic waiting room" in at.success[0].value
    assert [s.setting for s in org_admin.list_site_details(admin)] == ["hospital"]
    assert at.dataframe[1].value["setting"].tolist() == ["Hospital or clinic"]
