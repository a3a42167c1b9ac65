"""Reading another tool's export: CSV or Excel (.xlsx), one or two header rows, its date formats.

SurveyMonkey writes two header rows: the question over all its columns (a merged cell, so only
the first column has it) and below it "Response", "Open-Ended Response" or, for multiple
choice, one option per column. Microsoft Forms exports Excel; Google Forms and SurveyMonkey CSV.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from voice_app.services.forms_wording import normalise_label
from voice_app.services.importer import CsvImportError, csv_field_limit

Cell = str | datetime
SECOND_ROW_WORDS = {"response", "open ended response"}  # SurveyMonkey's words for "the answer"


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: list[str]  # one per column; a merged header is carried to every column under it
    options: list[str]  # SurveyMonkey's second header row ("" where there is none)
    rows: list[list[Cell]]  # each as long as headers; rows with nothing in them left out
    lines: tuple[int, ...]  # each row's row number in the file
    digest: str


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, data: bytes | None = None) -> Sheet:
    """The grid of a .csv or .xlsx file (by its name), header rows separated from answers."""
    data = path.read_bytes() if data is None else data
    grid = _xlsx(path.name, data) if path.suffix.lower() == ".xlsx" else _csv(path.name, data)
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(_filled(c) for c in row)]
    if not numbered:
        raise CsvImportError(f"{path.name}: the file is empty")
    lines, grid = [n for n, _ in numbered], [row for _, row in numbered]
    width = max(len(row) for row in grid)
    while width and not any(_filled(row[width - 1]) for row in grid if len(row) >= width):
        width -= 1  # trailing empty columns
    grid = [[_text(c) if not isinstance(c, datetime) else c for c in row[:width]]
            + [""] * (width - len(row)) for row in grid]
    first, rest, lines = [str(c).strip() for c in grid[0]], grid[1:], lines[1:]
    options = [""] * width
    if rest and _second_header(first, rest[0]):
        options, rest, lines = [str(c).strip() for c in rest[0]], rest[1:], lines[1:]
        first = _carried(first, options)
    return Sheet(path.name, first, options, rest, tuple(lines), hashlib.sha256(data).hexdigest())


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def _csv(name: str, data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(f"{name}: the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    with csv_field_limit(len(text) + 1):
        try:
            return list(reader)
        except csv.Error as err:
            raise CsvImportError(f"{name}: row {reader.line_num}: {err}") from None


def _xlsx(name: str, data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise CsvImportError(f"{name}: not an Excel workbook (.xlsx) that can be read") from None
    try:
        sheet = book.worksheets[0]  # Microsoft Forms puts the answers on the first sheet
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _second_header(first: list[str], second: list[object]) -> bool:
    """SurveyMonkey's second header row: its answer words, or labels under a merged header."""
    if first[0] and _filled(second[0]):
        return False  # an answer row: SurveyMonkey's own first column (Respondent ID) is blank there
    words = {normalise_label(str(c)) for c in second if _filled(c)}
    if words & SECOND_ROW_WORDS:
        return True
    return any(not first[i] and _filled(second[i]) and any(first[:i]) for i in range(len(first)))


def _carried(first: list[str], options: list[str]) -> list[str]:
    """The merged header's words over every option column under it."""
    headers, last = [], ""
    for header, option in zip(first, options):
        last = header or (last if option else "")
        headers.append(last)
    return headers


_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
# Google Forms' own CSV download: 2026/03/14 10:31:05 am GMT (a time zone such as GMT+1 after it).
_YMD = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
                  r"(?:\s*(?:GMT|UTC)([+-]\d{1,2})?(?::?(\d{2}))?)?$")
DATE_ORDERS = {"dmy": "day first (14/03/2026)", "mdy": "month first (03/14/2026)"}


class DateError(ValueError):
    pass


def date_order(values: list[str]) -> str | None:
    """'dmy' or 'mdy' as the column's own dates show it (a first number over 12 is a day, a
    second over 12 is a day); None when no date could be read either way. Refused when the
    dates disagree, or when some could be either and none shows which."""
    matches = [(m[1], m[2], v) for v in values if (m := _DATE.match(v.strip()))]
    day_first = any(int(a) > 12 for a, _, _ in matches)
    month_first = any(int(b) > 12 for _, b, _ in matches)
    if day_first and month_first:
        raise DateError("has dates with the day first and others with the month first")
    either = next((v for a, b, v in matches if a != b and int(a) <= 12 and int(b) <= 12), None)
    if either and not (day_first or month_first):
        raise DateError(f"has dates such as '{either.strip()}' that could be day/month or month/day; "
                        "say which the file uses (--date-order dmy or mdy; on the import screen, 'Dates in the file')")
    return "dmy" if day_first else "mdy" if month_first else None


def iso_time(value: Cell, order: str | None) -> str:
    """A tool's date and time as ISO 8601 (no time zone: the importer takes it as UTC)."""
    if isinstance(value, datetime):
        return value.isoformat()
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    if match := _YMD.match(value):
        return _ymd(value, *match.groups())
    match = _DATE.match(value)
    if not match:
        raise DateError(f"'{value}' is not a date and time")
    a, b, year, hour, minute, second, half = match.groups()
    if order is None and a != b and int(a) <= 12 and int(b) <= 12:
        raise DateError(f"'{value}' could be day/month or month/day; say which the file uses "
                        "(--date-order dmy or mdy)")
    day, month = (a, b) if order != "mdy" else (b, a)
    year = int(year) + (2000 if len(year) == 2 else 0)
    return _built(value, year, month, day, hour, minute, second, half)


def _ymd(value, year, month, day, hour, minute, second, half, zone_hours, zone_minutes) -> str:
    stamp = _built(value, int(year), month, day, hour, minute, second, half)
    if zone_hours is None and not re.search(r"gmt|utc", value, re.IGNORECASE):
        return stamp
    sign = -1 if (zone_hours or "").startswith("-") else 1
    offset = sign * timedelta(hours=abs(int(zone_hours or 0)), minutes=int(zone_minutes or 0))
    return datetime.fromisoformat(stamp).replace(tzinfo=timezone(offset)).isoformat()


def _built(value: str, year: int, month, day, hour, minute, second, half) -> str:
    hour = int(hour or 0)
    if half:
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    try:
        return datetime(year, int(month), int(day), hour, int(minute or 0), int(second or 0)).isoformat()
    except ValueError:
        raise DateError(f"'{value}' is not a date and time") from None
