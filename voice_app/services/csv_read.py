"""Reading a CSV file for an import: UTF-8, any cell size, each column once."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class CsvImportError(ValueError):
    """Why a file was refused; nothing from it was stored."""


@contextmanager
def csv_field_limit(limit: int) -> Iterator[None]:
    """Let the csv module read a cell of any size, so an over-long one is refused with its
    row and column by the checks below instead of a csv.Error (its default limit is 128 KB)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, limit))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(f"{path.name}: the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="\0extra")
    with csv_field_limit(len(text) + 1):
        try:
            fieldnames, rows = reader.fieldnames, list(reader)
        except csv.Error as err:  # another thread put the limit back mid-read, or a broken quote
            raise CsvImportError(f"{path.name}: row {reader.line_num}: {err}") from None
    if not fieldnames:
        raise CsvImportError(f"{path.name}: the file is empty")
    headers = [h.strip() for h in fieldnames]
    _refuse_repeated_columns(path, headers)
    return headers, rows


def _refuse_repeated_columns(path: Path, headers: list[str]) -> None:
    """A repeated column would keep only its last cell of each row: which one was meant?"""
    places = defaultdict(list)
    for number, header in enumerate(headers, start=1):
        places[header].append(str(number))
    repeated = [f"column '{h}' appears more than once (columns {' and '.join(n)})"
                for h, n in places.items() if len(n) > 1]
    if repeated:
        raise CsvImportError(f"{path.name}: {'; '.join(repeated)}; keep one of each, nothing was imported")
