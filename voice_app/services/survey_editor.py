"""The in-app survey editor's draft: a plain dict in the page's session, the form's view of each
question, and the draft merged back into a checked survey definition (other languages kept)."""
from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass

from surveys.schema import ID_PATTERN, SurveyDefinition, SurveyFileError, check_young_version, parse_survey
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.store import queries
from voice_app.store.db import session_scope

TYPES = ("scale", "single", "multi", "text")
EDIT_LOCALE = "en"
YOUNG_LOCALE = "en:under_11"


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
