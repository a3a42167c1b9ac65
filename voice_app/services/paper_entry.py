"""Typing in paper surveys: one row per paper form, one cell per question, saved as responses
marked as paper (source "paper") that count in the figures beside the tablet's.

A choice is typed as the number printed beside its box (or the option's id or words); several
boxes as "1;3". Each form has a number, written on the sheet as it is typed in: a form saved
again adds nothing, so a page saved twice stores each child once. A row that cannot be read is
named and kept for correcting; the good rows are saved. Free text is coded and screened for
safeguarding as it is saved, exactly like the kiosk's, so a worrying answer reaches the lead."""
from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from pydantic import BaseModel

from surveys import Question, SurveyDefinition
from surveys.schema import AGE_BANDS, pick
from voice_app.services import access, audit, kiosk
from voice_app.services.accounts import StaffUser
from voice_app.services.answers import AnswerError, answer_rows, clean_text, parse_cell
from voice_app.services.coding import code_pending
from voice_app.services.importer import TEXT_CELL_LIMIT, _implausible
from voice_app.services.surveys import UnknownSurvey, children_survey
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store.db import session_scope

SOURCE = "paper"
FORM, DATE = "form", "date"
MAX_FORM_CHARS = 20
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")


class PaperEntryError(ValueError):
    """A choice (survey, round, site, language, age) that cannot take paper answers."""


class EntryColumn(BaseModel):
    question_id: str
    header: str  # "2. Where the clinic is"
    help: str  # what to type: "1 Very unhappy · 2 Unhappy · …"
    type: str


class EntrySheet(BaseModel):
    survey_key: str
    round_name: str
    site_slug: str
    site_name: str
    lang: str
    age_band: str | None
    columns: list[EntryColumn]
    next_form: int  # one more than the highest form number used in this round at this site


class RowProblem(BaseModel):
    row: int  # 1 is the first row typed
    form: str
    problems: list[str]


class EntryResult(BaseModel):
    saved: list[str]  # form numbers stored now
    already_saved: list[str]  # form numbers stored before, with the same answers
    problems: list[RowProblem]  # rows kept for correcting, nothing of them stored
    flagged: int  # forms with words that went to the safeguarding lead


def entry_columns(definition: SurveyDefinition, age_band: str | None) -> list[EntryColumn]:
    """The questions as the paper version prints them (services/paper.py): same order, same numbers."""
    columns = []
    for number, q in enumerate(kiosk.question_order(definition, age_band), start=1):
        words = " · ".join(f"{i} {pick(o.label)}" for i, o in enumerate(q.options, start=1))
        hint = "type the words as written" if q.type == "text" else (
            f"the numbers of the boxes ticked, e.g. 1;3: {words}" if q.type == "multi" else f"the box's number: {words}")
        columns.append(EntryColumn(question_id=q.id, header=f"{number}. {pick(q.text)}", help=hint, type=q.type))
    return columns


def _context(session, user: StaffUser, survey_key: str, round_name: str, site_slug: str, lang: str,
             age_band: str | None):
    access.require(user, access.Can.ENTER_PAPER)
    try:
        _, version, definition = children_survey(session, survey_key)
    except UnknownSurvey:
        raise PaperEntryError(f"no survey called '{survey_key}'") from None
    round_ = queries.round_by_name(session, version.survey_id, round_name)
    if round_ is None:
        raise PaperEntryError(f"survey '{survey_key}' has no round '{round_name}'")
    site = queries.site_by_slug(session, site_slug)
    allowed = access.site_ids(user)
    if site is None or (allowed is not None and site.id not in allowed):
        raise PaperEntryError(f"no site '{site_slug}' among the sites you work with")
    if lang not in definition.languages:
        raise PaperEntryError(f"survey '{survey_key}' is not written in '{lang}' "
                              f"(languages: {', '.join(definition.languages)})")
    if age_band is not None and age_band not in AGE_BANDS:
        raise PaperEntryError(f"no age band '{age_band}' (age bands: {', '.join(AGE_BANDS)})")
    return version, definition, round_, site


def form_key(round_id: int, site_id: int, form: str) -> str:
    """The response's key: one paper form of one round at one site."""
    return "paper-" + hashlib.sha256(f"{round_id}|{site_id}|{form.casefold()}".encode()).hexdigest()[:40]


def entry_sheet(user: StaffUser, survey_key: str, round_name: str, site_slug: str, lang: str = "en",
                age_band: str | None = None) -> EntrySheet:
    with session_scope() as session:
        _, definition, round_, site = _context(session, user, survey_key, round_name, site_slug, lang, age_band)
        keys = {form_key(round_.id, site.id, str(n)): n for n in range(1, 1001)}  # the key hides the number
        next_form = max((keys[k] for k in queries.existing_client_keys(session, keys)), default=0) + 1
        return EntrySheet(survey_key=survey_key, round_name=round_.name, site_slug=site.slug, site_name=site.name,
                          lang=lang, age_band=age_band, columns=entry_columns(definition, age_band),
                          next_form=next_form)


def parse_answer(question: Question, cell: object) -> object:
    """What a worker typed for a question: box numbers, option ids or words; free text as written."""
    value = "" if cell is None else str(cell)
    if question.type == "text":
        return clean_text(value)
    parts = [p.strip() for p in re.split(r"[;,]", value)] if question.type == "multi" else [value.strip()]
    chosen = []
    for part in filter(None, parts):
        if part.isdigit() and 1 <= int(part) <= len(question.options):
            chosen.append(question.options[int(part) - 1].id)
        elif part.isdigit():
            raise AnswerError(f"'{part}' is not a box on the paper (1 to {len(question.options)})")
        else:
            value = parse_cell(question, part)
            chosen += value if isinstance(value, list) else [value]
    if question.type == "multi":
        return chosen
    return chosen[0] if chosen else None


def parse_date(cell: object, now: datetime) -> datetime:
    """The date written on the form (2026-03-14 or 14/03/2026); today when none was written."""
    text = str(cell or "").strip()
    if not text:
        return now
    day_first = _DAY_FIRST.fullmatch(text)
    try:
        if day_first:
            d, m, y = (int(g) for g in day_first.groups())
            stamp = datetime(y + 2000 if y < 100 else y, m, d, 12, tzinfo=UTC)
        else:
            stamp = datetime.fromisoformat(text)
            stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    except ValueError:
        raise AnswerError(f"'{text}' is not a date (write it as 14/03/2026 or 2026-03-14)") from None
    problem = _implausible(stamp, now)
    if problem:
        raise AnswerError(f"'{text}' is {problem}")
    return stamp


def _read_row(questions: list[Question], row: dict, now: datetime) -> tuple[list[dict], datetime, list[str]]:
    answers, problems = [], []
    for number, q in enumerate(questions, start=1):
        cell = row.get(q.id)
        if cell is not None and len(str(cell)) > TEXT_CELL_LIMIT:
            problems.append(f"question {number}: {len(str(cell)):,} characters, more than a paper form holds")
            continue
        try:
            rows = answer_rows(q, parse_answer(q, cell))
        except AnswerError as err:
            problems.append(f"question {number} ({pick(q.text)}): {err}")
            continue
        answers += [{"question_id": q.id, "option_id": o, "text": t} for o, t in rows]
    try:
        when = parse_date(row.get(DATE), now)
    except AnswerError as err:
        problems.append(f"date: {err}")
        when = now
    return answers, when, problems


def _blank(row: dict, questions: list[Question]) -> bool:
    return not any(str(row.get(k) or "").strip() for k in [q.id for q in questions] + [DATE])


def save_forms(user: StaffUser, survey_key: str, round_name: str, site_slug: str, rows: list[dict],
               lang: str = "en", age_band: str | None = None) -> EntryResult:
    """Store the rows that can be read, each once; name the others. Rows with no answer are skipped."""
    now = datetime.now(UTC)
    result = EntryResult(saved=[], already_saved=[], problems=[], flagged=0)
    with session_scope() as session:
        version, definition, round_, site = _context(session, user, survey_key, round_name, site_slug, lang, age_band)
        questions = kiosk.question_order(definition, age_band)
        fixed_age = [{"question_id": q.id, "option_id": age_band, "text": None} for q in definition.questions
                     if q.id == kiosk.AGE_QUESTION and age_band and any(o.id == age_band for o in q.options)]
        responses, answers, seen = [], [], set()
        for number, row in enumerate(rows, start=1):
            if _blank(row, questions):
                continue
            form = str(row.get(FORM) or "").strip()
            row_answers, when, problems = _read_row(questions, row, now)
            if not form:
                problems.insert(0, "no form number: write the next number on the sheet and type it here")
            elif len(form) > MAX_FORM_CHARS:
                problems.insert(0, f"the form number is longer than {MAX_FORM_CHARS} characters")
            elif form.casefold() in seen:
                problems.insert(0, f"form {form} is typed twice on this page")
            key = form_key(round_.id, site.id, form)
            existing = queries.response_by_key(session, key) if form and not problems else None
            if existing is not None:
                if _same(session, existing.id, row_answers + fixed_age):
                    result.already_saved.append(form)
                else:
                    problems.append(f"form {form} was already typed in for this round and site with other "
                                    "answers: give this sheet a new number")
            if problems:
                result.problems.append(RowProblem(row=number, form=form, problems=problems))
                continue
            seen.add(form.casefold())
            if existing is not None:
                continue
            responses.append({"client_key": key, "round_id": round_.id, "site_id": site.id, "organisation_id": None,
                              "survey_version_id": version.id, "source": SOURCE, "lang": lang, "position": 0,
                              "started_at": when, "submitted_at": when, "completed": True})
            answers.append(row_answers + fixed_age)
            result.saved.append(form)
        queries.bulk_add_responses(session, responses, answers)
        code_pending(session, round_ids=[round_.id])  # a disclosure reaches the lead now
        result.flagged = sum(comment_store.response_flagged(session, queries.response_by_key(session, r["client_key"]).id)
                             for r in responses)
        if responses:
            audit.record_in(session, user, "paper.entered", f"{survey_key}@{site.slug}",
                            round=round_.name, forms=len(responses))
    return result


def _same(session, response_id: int, rows: list[dict]) -> bool:
    stored = sorted((a.question_id, a.option_id or "", a.text or "") for a in queries.answers_for(session, response_id))
    return stored == sorted((r["question_id"], r["option_id"] or "", r["text"] or "") for r in rows)


def entry_sites(user: StaffUser) -> list[tuple[str, str]]:
    """(slug, name) of the sites this person may type paper answers in for."""
    access.require(user, access.Can.ENTER_PAPER)
    allowed = access.site_ids(user)
    with session_scope() as session:
        return [(s.slug, s.name) for s in queries.all_sites(session) if allowed is None or s.id in allowed]


def blank_rows(sheet: EntrySheet, count: int, start: int | None = None) -> list[dict]:
    """Rows ready to type in, numbered from the next free form number."""
    first = sheet.next_form if start is None else start
    return [{FORM: str(first + i), **{c.question_id: "" for c in sheet.columns}, DATE: ""} for i in range(count)]
