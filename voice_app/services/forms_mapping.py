"""What another tool's export means: each column's question (or the reason it is dropped), each
label's option, each row as the importer's own CSV would have it; and what cannot be mapped.

Headers are matched to questions by wording (services/forms_wording.py), answer labels to option
ids. The tools' own columns are dropped: a child's name, email or IP address is never copied,
stored or shown (not even in a message). The completion time becomes the submitted time.
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from voice_app.services.forms_files import (SECOND_ROW_WORDS, DateError, Sheet, column_letter, date_order,
                                            iso_time, read_sheet)
from voice_app.services.forms_wording import (LabelError, choices_for, common_locale, label_index,
                                               normalise_header, normalise_label, option_for, wording_index)
from voice_app.services.importer import Table
from voice_app.services.surveys import get_definition

# The tools' own columns (compared without case or punctuation): why each is dropped.
PERSON = "identifies a person: never stored"
DROPPED = {"id": "the form's own response number", "respondent id": "the form's own response number",
           "collector id": "which SurveyMonkey link collected it", "start time": "when the form was opened",
           "start date": "when the form was opened", "last modified time": "when the answers were last edited",
           "email": PERSON, "email address": PERSON, "name": PERSON, "first name": PERSON,
           "last name": PERSON, "ip address": "identifies a device, so a person: never stored"}
CUSTOM_DATA = re.compile(r"custom data \d+")  # SurveyMonkey's, often a name or a pupil number
SUBMITTED = {"completion time": "Microsoft Forms", "timestamp": "Google Forms", "end date": "SurveyMonkey"}
SUBMITTED_REASON = "becomes each response's submitted time (not stored as a column)"
SAMPLES_PER_QUESTION = 5
MAX_PROBLEMS = 20


class MappedColumn(BaseModel):
    column: str  # its letter, as the spreadsheet shows it
    header: str
    question_id: str
    wording: str  # the version whose wording it is: "en", "pl", "en:under_11", ...
    option_id: str | None = None  # SurveyMonkey: the one option this column is


class DroppedColumn(BaseModel):
    column: str
    header: str
    reason: str


class LabelSample(BaseModel):
    question_id: str
    label: str
    option_id: str


class FormsMapping(BaseModel):
    """What the file's columns and labels mean, and whatever could not be mapped."""
    file: str
    tool: str
    rows: int
    columns: list[MappedColumn]
    dropped: list[DroppedColumn]
    samples: list[LabelSample]
    not_in_file: list[str]  # question ids no column answers
    problems: list[str]
    would_import: int = 0
    already_imported: int = 0

    def text(self) -> str:
        """The preview as the command line prints it."""
        lines = [f"{self.file}: {self.tool} export, {self.rows} rows"]
        lines += ["Columns -> questions:"] + [
            f"  {c.column} '{c.header}' -> {c.question_id}" + (f" = {c.option_id}" if c.option_id else "")
            + f" ({c.wording} wording)" for c in self.columns]
        lines += ["Dropped columns:"] + [f"  {d.column} '{d.header}': {d.reason}" for d in self.dropped]
        lines += ["Answer labels -> options:"] + [f"  {s.question_id}: '{s.label}' -> {s.option_id}"
                                                  for s in self.samples]
        if self.not_in_file:
            lines.append(f"Questions not in the file (left unanswered): {', '.join(self.not_in_file)}")
        if self.problems:
            lines += ["Cannot import, nothing was stored:"] + [f"  {p}" for p in self.problems]
        else:
            lines.append(f"Would import {self.would_import} responses"
                         + (f"; {self.already_imported} were already imported" if self.already_imported else ""))
        return "\n".join(lines)


def _dropped(header: str) -> str | None:
    words = normalise_label(header)
    if words in SUBMITTED:
        return SUBMITTED_REASON
    return DROPPED.get(words) or (PERSON if CUSTOM_DATA.fullmatch(words) else None)


def _tool(sheet: Sheet) -> str:
    words = {normalise_label(h) for h in sheet.headers}
    if any(sheet.options) or "respondent id" in words:
        return "SurveyMonkey"
    if "completion time" in words:
        return "Microsoft Forms"
    return "Google Forms" if "timestamp" in words else "spreadsheet"


def _named(sheet: Sheet, i: int) -> str:
    option = sheet.options[i]
    return sheet.headers[i] + (f" / {option}" if option and normalise_label(option) not in SECOND_ROW_WORDS else "")


def map_export(survey_key: str, path: Path, order: str | None = None,
               data: bytes | None = None) -> tuple[FormsMapping, Table | None]:
    """The mapping, and the rows to import (None when anything could not be mapped)."""
    definition = get_definition(survey_key)
    sheet = read_sheet(path, data)
    index = wording_index(definition)
    columns: list[MappedColumn] = []
    dropped: list[DroppedColumn] = []
    problems: list[str] = []
    versions: list[list[str]] = []  # each mapped column's: the versions its wording is in
    submitted: int | None = None
    for i, header in enumerate(sheet.headers):
        letter, named = column_letter(i), _named(sheet, i)
        if not header:
            problems.append(f"column {letter} has no header: which question is it?")
            continue
        reason = _dropped(header)
        if reason:
            dropped.append(DroppedColumn(column=letter, header=header, reason=reason))
            submitted = i if reason == SUBMITTED_REASON else submitted
            continue
        hits = index.get(normalise_header(header), {})
        if len(hits) != 1:
            problems.append(f"column {letter} '{named}': " + (
                f"matches more than one question ({', '.join(hits)})" if hits else
                f"no question of {survey_key} has this wording (in any language or version)"))
            continue
        (qid, locales), = hits.items()
        option = _option_column(definition.question(qid), sheet.options[i], letter, named, problems)
        if option is not False:
            versions.append(locales)
            columns.append(MappedColumn(column=letter, header=named, question_id=qid, wording=locales[0],
                                        option_id=option))
    locale = common_locale(versions)
    for column, locales in zip(columns, versions):
        column.wording = locale or locales[0]
    problems += _repeats(columns)
    rows, samples = _rows(definition, sheet, columns, submitted, order, problems)
    answered = {c.question_id for c in columns}
    mapping = FormsMapping(file=sheet.name, tool=_tool(sheet), rows=len(sheet.rows), columns=columns,
                           dropped=dropped, samples=samples, problems=_capped(problems),
                           not_in_file=[q.id for q in definition.questions if q.id not in answered])
    if problems:
        return mapping, None
    headers = [q.id for q in definition.questions if q.id in answered] + (["submitted_at"] if submitted is not None else [])
    names = {c.question_id: f"{c.column} ('{c.header}')" for c in reversed(columns)}
    if submitted is not None:
        names["submitted_at"] = f"{column_letter(submitted)} ('{sheet.headers[submitted]}')"
    return mapping, Table(sheet.name, headers, rows, sheet.digest, sheet.lines, names,
                          lang=(locale or "en").split(":")[0])


def _option_column(question, option: str, letter: str, named: str, problems: list[str]):
    """SurveyMonkey's option column: the option it is (None for an ordinary column, False when
    it is no option of the question)."""
    if not option or normalise_label(option) in SECOND_ROW_WORDS:
        return None
    if question.type != "multi":
        problems.append(f"column {letter} '{named}': '{question.id}' has one answer, not a column per option")
        return False
    try:
        return option_for(question, label_index(question), option)
    except LabelError as err:
        problems.append(f"column {letter} '{named}': {err}")
        return False


def _repeats(columns: list[MappedColumn]) -> list[str]:
    """A question answered by two columns (other than SurveyMonkey's one column per option): which is meant?"""
    first: dict[str, MappedColumn] = {}
    options: set[tuple[str, str | None]] = set()
    problems = []
    for c in columns:
        earlier = first.setdefault(c.question_id, c)
        key = (c.question_id, c.option_id)
        if earlier is not c and (c.option_id is None or earlier.option_id is None or key in options):
            problems.append(f"column {c.column} '{c.header}': question {c.question_id} is column "
                            f"{earlier.column} too; keep one of them")
        options.add(key)
    return problems


def _rows(definition, sheet: Sheet, columns, submitted, order, problems):
    """Each row as the importer's CSV has it (option ids, ';' between choices), and the labels seen."""
    labels = {c.question_id: label_index(definition.question(c.question_id)) for c in columns}
    samples: dict[tuple[str, str], LabelSample] = {}
    if submitted is not None:
        try:
            order = order or date_order([c for r in sheet.rows if isinstance(c := r[submitted], str)])
        except DateError as err:
            problems.append(f"column {column_letter(submitted)} '{sheet.headers[submitted]}' {err}")
            order = "dmy"  # refused already: one message for the column, not one per row
    out = []
    for line, row in zip(sheet.lines, sheet.rows):
        cells: dict[str, list[str]] = {}
        for c in columns:
            q, value = definition.question(c.question_id), row[_index(c.column)]
            value = value if isinstance(value, str) else value.isoformat()
            cells.setdefault(q.id, [])
            if q.type == "text" or not value.strip():
                cells[q.id] += [value] if value.strip() else []
                continue
            where = f"row {line}, column {c.column} '{c.header}'"
            try:
                if q.type == "multi" and not c.option_id:
                    chosen = choices_for(q, labels[q.id], value)
                else:
                    chosen = [(value.strip(), option_for(q, labels[q.id], value))]
                if c.option_id and chosen[0][1] != c.option_id:
                    raise LabelError(f"'{value}' is not this column's option ({c.option_id})")
            except LabelError as err:
                problems.append(f"{where}: {err}")
                continue
            for label, option in chosen:
                cells[q.id].append(option)
                if sum(k[0] == q.id for k in samples) < SAMPLES_PER_QUESTION:
                    samples.setdefault((q.id, label), LabelSample(question_id=q.id, label=label, option_id=option))
        record = {qid: (values[0] if definition.question(qid).type == "text" and values else ";".join(values))
                  for qid, values in cells.items()}
        if submitted is not None and _filled(row[submitted]):
            try:
                record["submitted_at"] = iso_time(row[submitted], order)
            except DateError as err:
                problems.append(f"row {line}, column {column_letter(submitted)} '{sheet.headers[submitted]}': {err}")
        elif submitted is not None:
            record["submitted_at"] = ""
        out.append(record)
    places = {q.id: n for n, q in enumerate(definition.questions)}
    return out, sorted(samples.values(), key=lambda s: (places[s.question_id], s.option_id, s.label))


def _filled(cell) -> bool:
    return not isinstance(cell, str) or bool(cell.strip())


def _index(letter: str) -> int:
    number = 0
    for ch in letter:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _capped(problems: list[str]) -> list[str]:
    extra = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + ([f"(and {extra} more)"] if extra > 0 else [])
