"""Survey management for admins: versions, preview, editing in the app, uploading a file.

Saving always adds a version through surveys.save_definition, so a past response keeps the
wording it answered. Question and option ids are the contract for year-on-year comparison:
an id that has answers may not silently disappear (a rename looks exactly like a removal).
"""
from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

import yaml

from surveys.schema import (
    ID_PATTERN, MAX_SURVEY_FILE_BYTES, SurveyDefinition, SurveyFileError, check_young_version, load_survey_file,
    parse_survey)
from voice_app.config import get_settings
from voice_app.services import audit
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import UnknownSurvey, definition_of, save_definition
from voice_app.store import admin, queries
from voice_app.store.db import session_scope

TYPES = ("scale", "single", "multi", "text")
EDIT_LOCALE = "en"
YOUNG_LOCALE = "en:under_11"


class SurveyChangeError(ValueError):
    """An edit that would change what past answers meant."""

    def __init__(self, problems: list[str], confirmable: bool):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.confirmable = confirmable  # True when only removals: an admin may confirm them


@dataclass(frozen=True)
class SurveySummary:
    key: str
    title: str
    versions: int
    latest: int
    updated_at: datetime
    responses: int


@dataclass(frozen=True)
class VersionInfo:
    number: int
    created_at: datetime
    responses: int


@dataclass(frozen=True)
class SaveResult:
    key: str
    number: int
    created: bool  # False when the content matched the latest version, so nothing was added


@dataclass(frozen=True)
class QuestionFields:
    """What the editor form holds for one question (English wording; other locales kept)."""
    id: str
    type: str
    text: str
    text_under_11: str = ""
    help: str = ""
    optional: bool = False
    max_length: int = 1000
    options: str = ""  # one per line: id | label | emoji | exclusive


# --- reading ---------------------------------------------------------------------------------

def list_surveys(user: StaffUser) -> list[SurveySummary]:
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        out = []
        for survey in queries.all_surveys(session):
            versions = admin.versions_of(session, survey.id)
            if not versions:
                continue
            counts = admin.responses_per_version(session, survey.id)
            out.append(SurveySummary(survey.key, survey.title, len(versions), versions[-1].number,
                                     versions[-1].created_at, sum(counts.values())))
        return out


def versions(user: StaffUser, key: str) -> list[VersionInfo]:
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        survey = _survey(session, key)
        counts = admin.responses_per_version(session, survey.id)
        return [VersionInfo(v.number, v.created_at, counts.get(v.number, 0))
                for v in reversed(admin.versions_of(session, survey.id))]


def definition(user: StaffUser, key: str, number: int | None = None) -> SurveyDefinition:
    """A version of a survey (the latest when number is None), for preview and editing."""
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        survey = _survey(session, key)
        version = (admin.version_by_number(session, survey.id, number) if number
                   else queries.latest_version(session, survey.id))
        if version is None:
            raise UnknownSurvey(f"survey '{key}' has no version {number}")
        return definition_of(version)


def locked_ids(user: StaffUser, key: str) -> dict[str, set[str]]:
    """Question ids that have answers, with their answered option ids: these may not be renamed."""
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        survey = queries.survey_by_key(session, key)
        return admin.answered_ids(session, survey.id) if survey else {}


def as_yaml(definition_: SurveyDefinition) -> str:
    """The survey as a file an admin can keep, edit and upload again."""
    data = definition_.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def age_bands(definition_: SurveyDefinition) -> list[str]:
    """Age bands the survey has special wording for (locale keys like 'en:under_11')."""
    found: set[str] = set()
    texts = [definition_.title, definition_.intro]
    for q in definition_.questions:
        texts += [q.text, q.help] + [o.label for o in q.options]
    for text in texts:
        if isinstance(text, dict):
            found.update(k.split(":", 1)[1] for k in text if ":" in k)
    return sorted(found)


# --- saving ----------------------------------------------------------------------------------

def parse_upload(file_name: str, data: bytes) -> SurveyDefinition:
    """Validate an uploaded survey file; SurveyFileError names the file, question and problem.
    Its option pictures must be files in the app's surveys folder."""
    if len(data) > MAX_SURVEY_FILE_BYTES:
        raise SurveyFileError(f"{file_name}: the file is too large ({MAX_SURVEY_FILE_BYTES // 1024} kB at most)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyFileError(f"{file_name}: not a text file (save it as UTF-8 YAML)") from None
    return load_survey_file(file_name, text=text, pictures=get_settings().surveys_dir)


def save_survey(user: StaffUser, definition_: SurveyDefinition, confirm_removal: bool = False) -> SaveResult:
    """Store the survey as a new version, refusing changes to ids that already have answers."""
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        survey = queries.survey_by_key(session, definition_.id)
        before = queries.latest_version(session, survey.id) if survey else None
        removed: list[str] = []
        if before is not None:
            removed = _check_ids(admin.answered_ids(session, survey.id), definition_of(before),
                                 definition_, confirm_removal)
        version = save_definition(session, definition_)
        created = before is None or version.id != before.id
        result = SaveResult(definition_.id, version.number, created)
    if created:
        audit.record(user, "survey.save", definition_.id, version=result.number,
                     removed_answered_ids=removed)
    return result


def _check_ids(answered: dict[str, set[str]], latest: SurveyDefinition | None,
               new: SurveyDefinition, confirm_removal: bool) -> list[str]:
    """Refuse type changes of answered questions; refuse removals unless confirmed."""
    new_questions = {q.id: q for q in new.questions}
    old_types = {q.id: q.type for q in latest.questions} if latest else {}
    removals, changes = [], []
    for qid in sorted(answered):
        question = new_questions.get(qid)
        if question is None:
            removals.append(qid)
            continue
        if qid in old_types and old_types[qid] != question.type:
            changes.append(f"question '{qid}' has answers, so its type cannot change from "
                           f"{old_types[qid]} to {question.type} (add a new question instead)")
        kept = {o.id for o in question.options}
        removals += [f"{qid}/{oid}" for oid in sorted(answered[qid] - kept)]
    if changes:
        raise SurveyChangeError(changes, confirmable=False)
    if removals and not confirm_removal:
        raise SurveyChangeError(
            [f"'{r}' has answers: an id that has answers cannot be renamed (change its wording "
             "instead); remove it only if you mean to stop asking it" for r in removals],
            confirmable=True)
    return removals


def _survey(session, key: str):
    survey = queries.survey_by_key(session, key)
    if survey is None:
        raise UnknownSurvey(f"no survey called '{key}'")
    return survey


# --- the editor's draft: a plain dict in the page's session ----------------------------------

def new_draft(user: StaffUser, key: str, title: str) -> dict:
    require(user, Can.ADMINISTER)
    key, title = key.strip(), title.strip()
    if not re.match(ID_PATTERN, key):
        raise SurveyFileError(f"survey id '{key}': use lower-case letters, digits, - and _ only")
    if not title:
        raise SurveyFileError("a survey needs a title")
    with session_scope() as session:
        if queries.survey_by_key(session, key):
            raise SurveyFileError(f"there is already a survey '{key}': edit it instead")
    return {"id": key, "title": {EDIT_LOCALE: title}, "questions": [blank_question()]}


def draft_from(definition_: SurveyDefinition) -> dict:
    draft = definition_.model_dump(mode="json")
    for q in draft["questions"]:
        q["_uid"] = uuid.uuid4().hex[:8]  # widgets follow a question when it moves
    return draft


def blank_question() -> dict:
    return {"_uid": uuid.uuid4().hex[:8], "id": "", "type": "text", "text": {EDIT_LOCALE: ""}}


def move_question(draft: dict, index: int, step: int) -> None:
    questions = draft["questions"]
    other = index + step
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]


def fields_of(question: dict) -> QuestionFields:
    """The editor's view of a draft question."""
    return QuestionFields(
        id=question.get("id", ""), type=question.get("type", "text"),
        text=english(question.get("text")), text_under_11=_locale(question.get("text"), YOUNG_LOCALE),
        help=english(question.get("help")), optional=bool(question.get("optional", False)),
        max_length=int(question.get("max_length", 1000)),
        options=options_text(question.get("options", [])))


def build_definition(draft: dict, title: str, intro: str, thanks: str,
                     fields: list[QuestionFields]) -> SurveyDefinition:
    """Merge the form into the draft (keeping other languages) and validate it."""
    data = {k: v for k, v in copy.deepcopy(draft).items() if k != "questions"}
    data["title"] = set_wording(data.get("title"), title)
    data["intro"] = set_wording(data.get("intro"), intro)
    data["thanks"] = set_wording(data.get("thanks"), thanks)
    data["questions"] = [_question(old, f, n) for n, (old, f) in enumerate(zip(draft["questions"], fields), 1)]
    definition_ = parse_survey(_drop_empty(data), f"survey '{draft['id']}'")
    check_young_version(definition_, f"survey '{draft['id']}'")  # as a file is checked
    return definition_


def _question(old: dict, f: QuestionFields, number: int) -> dict:
    if not f.id.strip():
        raise SurveyFileError(f"question {number}: needs an id (lower-case letters, digits, - and _)")
    if not f.text.strip():
        raise SurveyFileError(f"question '{f.id.strip()}': needs its wording")
    q = {k: v for k, v in copy.deepcopy(old).items() if not k.startswith("_")}
    q.update(id=f.id.strip(), type=f.type, optional=f.optional)
    q["text"] = set_wording(set_wording(q.get("text"), f.text), f.text_under_11, YOUNG_LOCALE)
    q["help"] = set_wording(q.get("help"), f.help)
    q["options"] = [] if f.type == "text" else options_from_text(f.options, q.get("options", []))
    if f.type == "text":
        q["max_length"] = int(f.max_length)
    else:
        q.pop("max_length", None)
    return q


def options_text(options: list[dict]) -> str:
    lines = []
    for o in options:
        parts = [o["id"], english(o.get("label")), o.get("emoji") or ""]
        if o.get("exclusive"):
            parts.append("exclusive")
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


def options_from_text(text: str, previous: list[dict]) -> list[dict]:
    """One option per line, 'id | label | emoji | exclusive'; other languages of a label are kept."""
    by_id = {o["id"]: o for o in previous}
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        option = copy.deepcopy(by_id.get(parts[0], {}))
        option.update(id=parts[0], label=set_wording(option.get("label"), parts[1]) or "",
                      emoji=parts[2] or None, exclusive=parts[3].lower() == "exclusive")
        options.append(option)
    return options


def set_wording(text, value: str, locale: str = EDIT_LOCALE):
    """Replace one locale's wording; a blank value removes that locale."""
    wording = dict(text) if isinstance(text, dict) else ({EDIT_LOCALE: text} if text else {})
    if value.strip():
        wording[locale] = value.strip()
    else:
        wording.pop(locale, None)
    return wording or None


def english(text) -> str:
    """The English wording of a Text, blank if there is none."""
    return _locale(text, EDIT_LOCALE)


def _locale(text, locale: str) -> str:
    if isinstance(text, str):
        return text if locale == EDIT_LOCALE else ""
    return (text or {}).get(locale, "")


def _drop_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}
