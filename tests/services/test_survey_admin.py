"""Survey management: versions, editing by form or file, and ids that answers depend on."""
import pytest

from surveys import SurveyFileError
from voice_app.services import kiosk
from voice_app.services import survey_admin as service
from voice_app.services import survey_editor as editor
from voice_app.services.accounts import StaffUser
from voice_app.services.audit import events

ADMIN = StaffUser(1, "ada", "admin", ())
WORKER = StaffUser(2, "wes", "worker", ())

SMALL = """
id: youth-club
title: {en: Youth club, pl: Klub}
questions:
  - id: fun
    type: scale
    text: {en: "Was it fun?", "en:under_11": "Did you have fun?"}
    options:
      - {id: nope, label: "No", emoji: "😞"}
      - {id: bit, label: A bit, emoji: "🙁"}
      - {id: ok, label: OK, emoji: "😐"}
      - {id: yep, label: "Yes", emoji: "🙂"}
      - {id: lots, label: Lots, emoji: "😄"}
  - id: say
    type: text
    optional: true
    text: "Anything else?"
"""


@pytest.fixture
def admin_user(database):
    from voice_app.services import accounts
    return accounts.create_user("ada", "a long test password", "admin")


def answered(demo_site, key="camhs-wellbeing", question="privacy", value="happy"):
    k = kiosk.open_kiosk(key, demo_site)
    kiosk.save_answer(k, "child-1", question, value, 1)
    kiosk.submit(k, "child-1")


def latest_fields(user, key):
    draft = editor.draft_from(service.definition(user, key))
    return draft, [editor.fields_of(q) for q in draft["questions"]]


def test_surveys_are_listed_with_their_versions(admin_user):
    summaries = {s.key: s for s in service.list_surveys(admin_user)}
    assert {"camhs-wellbeing", "camhs-remote"} <= set(summaries)
    assert summaries["camhs-wellbeing"].latest == 1 and summaries["camhs-wellbeing"].responses == 0
    assert [v.number for v in service.versions(admin_user, "camhs-wellbeing")] == [1]


def test_only_admins_manage_surveys(database):
    with pytest.raises(PermissionError):
        service.list_surveys(WORKER)
    with pytest.raises(PermissionError):
        service.save_survey(WORKER, service.parse_upload("x.yaml", SMALL.encode()))


def test_an_upload_is_a_new_survey_and_a_changed_one_a_new_version(admin_user):
    first = service.save_survey(admin_user, service.parse_upload("club.yaml", SMALL.encode()))
    assert (first.number, first.created) == (1, True)
    again = service.save_survey(admin_user, service.parse_upload("club.yaml", SMALL.encode()))
    assert (again.number, again.created) == (1, False)  # same content: no new version
    changed = SMALL.replace("Anything else?", "Anything more?")
    assert service.save_survey(admin_user, service.parse_upload("club.yaml", changed.encode())).number == 2
    assert service.definition(admin_user, "youth-club", 1).question("say").text == "Anything else?"
    log = events(admin_user, action="survey.save")
    assert list(log["target"]) == ["youth-club", "youth-club"]  # the no-change save is not logged


@pytest.mark.parametrize("text, problem", [
    ("id: x\ntitle: X\nquestions: [{id: q1, type: scale, text: Hi, options: []}]", "question 'q1'"),
    ("id: Bad Id\ntitle: X\nquestions: [{id: q, type: text, text: T}]", "id"),
    ("id: x\ntitle: X\nquestions: [{id: q, type: text, text: [unclosed", "not valid YAML"),
    ("- just\n- a list", "must be a mapping"),
])
def test_a_bad_file_is_refused_naming_file_and_problem(admin_user, text, problem):
    with pytest.raises(SurveyFileError) as err:
        service.parse_upload("mine.yaml", text.encode())
    assert str(err.value).startswith("mine.yaml") and problem in str(err.value)


def test_a_binary_file_is_refused(admin_user):
    with pytest.raises(SurveyFileError, match="mine.yaml: not a text file"):
        service.parse_upload("mine.yaml", b"\xff\xfe\x00bad")


def test_editing_keeps_other_languages_and_adds_a_version(admin_user):
    service.save_survey(admin_user, service.parse_upload("club.yaml", SMALL.encode()))
    draft, fields = latest_fields(admin_user, "youth-club")
    fields[0] = editor.QuestionFields(**{**fields[0].__dict__, "text": "Was the club fun?"})
    new = editor.build_definition(draft, "Youth club", "Hello!", "", fields)
    assert new.title == {"en": "Youth club", "pl": "Klub"}
    assert new.question("fun").text == {"en": "Was the club fun?", "en:under_11": "Did you have fun?"}
    assert new.question("fun").option("nope").emoji == "😞" and new.intro == {"en": "Hello!"}
    assert service.save_survey(admin_user, new).number == 2


def test_a_new_survey_from_the_editor(admin_user):
    draft = editor.new_draft(admin_user, "after-school", "After school")
    fields = [editor.QuestionFields("liked", "single", "What did you like?",
                                    options="games | Games | 🎲\ncraft | Craft\nnone | Nothing | | exclusive")]
    definition = editor.build_definition(draft, "After school", "", "", fields)
    assert [o.id for o in definition.question("liked").options] == ["games", "craft", "none"]
    assert definition.question("liked").option("none").exclusive
    assert service.save_survey(admin_user, definition).number == 1
    with pytest.raises(SurveyFileError, match="already a survey"):
        editor.new_draft(admin_user, "after-school", "Again")


def test_editor_errors_name_the_question(admin_user):
    draft = editor.new_draft(admin_user, "club-two", "Club")
    with pytest.raises(SurveyFileError, match="question 'q': a choice question needs at least 2"):
        editor.build_definition(draft, "Club", "", "", [editor.QuestionFields("q", "single", "Pick",
                                                                              options="a | A")])
    with pytest.raises(SurveyFileError, match="question 1: needs an id"):
        editor.build_definition(draft, "Club", "", "", [editor.QuestionFields("", "text", "Say")])


def test_removing_an_answered_question_is_refused_unless_confirmed(admin_user, demo_site):
    answered(demo_site)
    draft, fields = latest_fields(admin_user, "camhs-wellbeing")
    renamed = [f if f.id != "privacy" else editor.QuestionFields(**{**f.__dict__, "id": "privacy_2"})
               for f in fields]
    definition = editor.build_definition(draft, "Tell us about CAMHS", "", "", renamed)
    with pytest.raises(service.SurveyChangeError, match="'privacy' has answers") as err:
        service.save_survey(admin_user, definition)
    assert err.value.confirmable
    assert [v.number for v in service.versions(admin_user, "camhs-wellbeing")] == [1]  # nothing saved
    assert service.save_survey(admin_user, definition, confirm_removal=True).number == 2
    assert service.versions(admin_user, "camhs-wellbeing")[1].responses == 1  # still on version 1


def test_an_answered_option_cannot_be_renamed_silently(admin_user, demo_site):
    answered(demo_site)
    draft, fields = latest_fields(admin_user, "camhs-wellbeing")
    fields = [f if f.id != "privacy" else editor.QuestionFields(**{**f.__dict__,
              "options": f.options.replace("happy | Happy", "glad | Glad")}) for f in fields]
    with pytest.raises(service.SurveyChangeError, match="'privacy/happy' has answers"):
        service.save_survey(admin_user, editor.build_definition(draft, "T", "", "", fields))


def test_an_answered_question_cannot_change_type(admin_user, demo_site):
    answered(demo_site, question="age_band", value="under_11")
    draft, fields = latest_fields(admin_user, "camhs-wellbeing")
    fields = [f if f.id != "age_band" else editor.QuestionFields(**{**f.__dict__, "type": "text",
              "options": ""}) for f in fields]
    with pytest.raises(service.SurveyChangeError, match="cannot change from single to text") as err:
        service.save_survey(admin_user, editor.build_definition(draft, "T", "", "", fields),
                            confirm_removal=True)
    assert not err.value.confirmable
    assert service.locked_ids(admin_user, "camhs-wellbeing") == {"age_band": {"under_11"}}


def test_unanswered_ids_may_change(admin_user, demo_site):
    draft, fields = latest_fields(admin_user, "camhs-wellbeing")
    fields = [f if f.id != "privacy" else editor.QuestionFields(**{**f.__dict__, "id": "privacy_new"})
              for f in fields]
    assert service.save_survey(admin_user, editor.build_definition(draft, "T", "", "", fields)).number == 2


def test_yaml_download_uploads_again_unchanged(admin_user):
    definition = service.definition(admin_user, "camhs-remote")
    text = service.as_yaml(definition)
    assert service.parse_upload("camhs-remote.yaml", text.encode()).content_hash() == definition.content_hash()


def test_age_bands_and_moving_questions(admin_user):
    assert service.age_bands(service.definition(admin_user, "camhs-wellbeing")) == ["under_11"]
    draft = editor.draft_from(service.definition(admin_user, "camhs-remote"))
    first = draft["questions"][0]["id"]
    editor.move_question(draft, 0, 1)
    assert draft["questions"][1]["id"] == first
    editor.move_question(draft, 0, -1)  # already at the top: nothing moves
    assert draft["questions"][1]["id"] == first


def test_the_editor_refuses_an_under_11_option_without_a_face(admin_user):
    service.save_survey(admin_user, service.parse_upload("club.yaml", SMALL.encode()))
    draft, fields = latest_fields(admin_user, "youth-club")
    fields[0] = editor.QuestionFields(**{**fields[0].__dict__, "options": fields[0].options.replace(" | 🙁", "")})
    with pytest.raises(SurveyFileError, match="survey 'youth-club': question 'fun', option 'bit'.*face or a picture"):
        editor.build_definition(draft, "Youth club", "", "", fields)
