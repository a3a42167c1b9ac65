"""Survey management for admins: versions, preview, saving an edit, uploading a file (the in-app
editor's draft is in survey_editor).

Saving always adds a version through surveys.save_definition, so a past response keeps the
wording it answered. Question and option ids are the contract for year-on-year comparison:
an id that has answers may not silently disappear (a rename looks exactly like a removal).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import yaml

from surveys.schema import MAX_SURVEY_FILE_BYTES, SurveyDefinition, SurveyFileError, load_survey_file
from voice_app.config import get_settings
from voice_app.services import audit
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import UnknownSurvey, definition_of, save_definition
from voice_app.store import admin, queries
from voice_app.store.db import session_scope

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
        if created:
            audit.record_in(session, user, "survey.save", definition_.id, version=version.number,
                            removed_answered_ids=removed)
    return SaveResult(definition_.id, version.number, created)


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
