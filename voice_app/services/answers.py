"""What a valid answer is, for every question type: shared by the kiosk and the CSV import."""
from __future__ import annotations

import re

from surveys import Question
from surveys.schema import pick

Rows = list[tuple[str | None, str | None]]  # (option_id, text) rows as stored


class AnswerError(ValueError):
    pass


def answer_rows(question: Question, value: object) -> Rows:
    """Check a value for a question and turn it into stored rows; [] means not answered."""
    if value is None or value == "" or value == []:
        return []
    if question.type == "text":
        if not isinstance(value, str):
            raise AnswerError("a free-text answer must be text")
        if not value.strip():
            return []
        if len(value) > question.max_length:
            raise AnswerError(f"is {len(value)} characters long; the limit is {question.max_length}")
        return [(None, value)]  # kept exactly as written
    ids = [o.id for o in question.options]
    chosen = value if isinstance(value, (list, tuple)) else [value]
    if question.type != "multi" and len(chosen) > 1:
        raise AnswerError("only one option can be chosen")
    for option_id in chosen:
        if option_id not in ids:
            raise AnswerError(f"'{option_id}' is not an option (options: {', '.join(ids)})")
    chosen = list(dict.fromkeys(chosen))
    exclusive = [c for c in chosen if question.option(c).exclusive]
    if exclusive and len(chosen) > 1:
        raise AnswerError(f"'{exclusive[0]}' cannot be chosen together with other options")
    return [(c, None) for c in chosen]


def value_from_rows(question: Question, rows: Rows) -> object:
    """The inverse of answer_rows, for resuming a kiosk."""
    if not rows:
        return None
    if question.type == "text":
        return rows[0][1]
    if question.type == "multi":
        return [o for o, _ in rows]
    return rows[0][0]


def parse_cell(question: Question, cell: str) -> object:
    """A CSV cell: option ids or labels, any case, spaces around ignored; ';' between choices."""
    if question.type == "text":
        return clean_text(cell)
    cell = cell.strip()
    if not cell:
        return None
    lookup: dict[str, str] = {}
    for o in question.options:
        labels = [o.label] if isinstance(o.label, str) else list(o.label.values())
        for name in [o.id, *labels]:
            lookup[name.strip().casefold()] = o.id
    parts = [p.strip() for p in cell.split(";")] if question.type == "multi" else [cell]
    values = []
    for part in parts:
        if not part:
            continue
        if part.casefold() not in lookup:
            options = ", ".join(f"{o.id} ({pick(o.label)})" for o in question.options)
            raise AnswerError(f"'{part}' is not an option (options: {options})")
        values.append(lookup[part.casefold()])
    return values if question.type == "multi" else values[0]


# C0 and C1 control characters except tab and newline: PostgreSQL refuses NUL in text, and
# the others break exports (DOCX, PDF) while meaning nothing a child wrote.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Free text as it may be stored: line breaks as \\n, control characters removed."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
