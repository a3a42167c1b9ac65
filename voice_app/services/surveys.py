"""Survey definitions: built-in files synced into the database as versions."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session

from surveys import SurveyDefinition, load_survey_file, parse_survey
from voice_app.config import get_settings
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.store.models import Survey, SurveyVersion
from voice_app.store.records import RECORDS_SURVEY


class UnknownSurvey(LookupError):
    pass


def save_definition(session: Session, definition: SurveyDefinition, from_file: bool = False) -> SurveyVersion:
    """Store a survey, adding a version only when its content changed. A file already stored
    as any version adds nothing, so an edit made in the app survives a restart."""
    survey = queries.survey_by_key(session, definition.id)
    title = definition.title if isinstance(definition.title, str) else definition.title.get("en", definition.id)
    if survey is None:
        survey = Survey(key=definition.id, title=title)
        session.add(survey)
        session.flush()
    latest = queries.latest_version(session, survey.id)
    if latest and latest.content_hash == definition.content_hash():
        return latest
    if from_file:
        known = queries.version_with_hash(session, survey.id, definition.content_hash())
        if known is not None:
            return known
    survey.title = title
    session.add(survey)
    version = SurveyVersion(survey_id=survey.id, number=(latest.number + 1) if latest else 1,
                            content_hash=definition.content_hash(),
                            definition=definition.canonical_json())
    session.add(version)
    session.flush()
    return version


def sync_survey_files(directory: Path | None = None) -> list[str]:
    """Validate every survey file (all or nothing) and store new versions. Returns survey ids."""
    directory = directory or get_settings().surveys_dir
    definitions = [load_survey_file(p) for p in sorted(Path(directory).glob("*.yaml"))]
    with session_scope() as session:
        for d in definitions:
            save_definition(session, d, from_file=True)
    return [d.id for d in definitions]


@lru_cache(maxsize=256)
def _parse(definition_json: str) -> SurveyDefinition:
    return parse_survey(json.loads(definition_json), "stored survey")


def definition_of(version: SurveyVersion) -> SurveyDefinition:
    return _parse(version.definition)


def latest_definition(session: Session, survey_key: str) -> tuple[Survey, SurveyVersion, SurveyDefinition]:
    survey = queries.survey_by_key(session, survey_key)
    version = queries.latest_version(session, survey.id) if survey else None
    if version is None:
        raise UnknownSurvey(f"no survey called '{survey_key}'")
    return survey, version, definition_of(version)


def children_survey(session: Session, survey_key: str) -> tuple[Survey, SurveyVersion, SurveyDefinition]:
    """latest_definition of a survey children answer (kiosk, paper): never the internal survey
    that holds workers' voice records."""
    if survey_key == RECORDS_SURVEY:
        raise UnknownSurvey(f"no survey called '{survey_key}'")
    return latest_definition(session, survey_key)


def survey_choices(include_records: bool = False) -> list[tuple[str, str]]:
    """(id, title) of every survey, for pickers; with include_records, the voice records too
    (letters, drawings, conversations), once there are any."""
    with session_scope() as session:
        return [(s.key, s.title) for s in queries.all_surveys(session, include_records)]


def get_definition(survey_key: str) -> SurveyDefinition:
    with session_scope() as session:
        return latest_definition(session, survey_key)[2]


def labels(definition: SurveyDefinition, lang: str = "en") -> dict[str, str]:
    """Plain wording for question and option ids, for charts and tables."""
    from surveys.schema import pick

    out: dict[str, str] = {"positive": "Positive (top two)"}
    for q in definition.questions:
        out[q.id] = pick(q.text, lang)
        for o in q.options:
            out.setdefault(o.id, pick(o.label, lang))
    return out
