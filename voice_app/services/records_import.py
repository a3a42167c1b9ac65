"""`import-records FILE.csv --org SLUG`: voice records logged elsewhere (a spreadsheet of letters,
drawings and conversations), all rows or none, like `import-responses`. Every problem is named
by its row and column; nothing of a refused file is stored."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from voice_app.services import audit
from voice_app.services.importer import CsvImportError, _read
from voice_app.services.records import NewRecord, add_in, problems
from voice_app.services.text import LONG
from voice_app.store import queries
from voice_app.store import records as store
from voice_app.store.db import session_scope
from voice_app.store.models import SETTING_NAMES

REQUIRED = ("kind", "date", "setting", "age_band", "summary", "consent")
OPTIONAL = ("review", "meeting", "consent_until")
CELL_LIMITS = {"summary": LONG, "review": 200}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _date(cell: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cell.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _setting(cell: str) -> str:
    """A setting's value or its name as people write it ("Social care")."""
    cell = cell.strip()
    by_name = {name.lower(): s.value for s, name in SETTING_NAMES.items()}
    return by_name.get(cell.lower(), cell.lower())


def _row(line: int, row: dict[str, str], reviews: dict[str, int]) -> tuple[NewRecord | None, list[str]]:
    errors = []
    for column, limit in CELL_LIMITS.items():
        if len(row.get(column) or "") > limit:
            errors.append(f"row {line}, column {column}: {len(row[column]):,} characters; at most {limit:,}")
    heard_on = _date(row.get("date") or "")
    if heard_on is None:
        errors.append(f"row {line}, column date: '{row.get('date') or ''}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
    until_cell = (row.get("consent_until") or "").strip()
    until = _date(until_cell) if until_cell else None
    if until_cell and until is None:
        errors.append(f"row {line}, column consent_until: '{until_cell}' is not a date")
    review_cell = (row.get("review") or "").strip()
    review_id = reviews.get(review_cell.lower()) if review_cell else None
    if review_cell and review_id is None:
        errors.append(f"row {line}, column review: no practice review called '{review_cell}' in this "
                      "organisation (create it on the Voice records page first)")
    if errors:
        return None, errors
    new = NewRecord(kind=(row.get("kind") or "").strip().lower(), heard_on=heard_on,
                    setting=_setting(row.get("setting") or ""),
                    age_band=(row.get("age_band") or "").strip() or "not_answered",
                    summary=(row.get("summary") or "").strip(), consent=(row.get("consent") or "").strip().lower(),
                    consent_until=until, review_id=review_id,
                    meeting=(row.get("meeting") or "").strip().lower() or None)
    return new, [f"row {line}, column {column}: {why}" for column, why in problems(new)]


def import_records(path: str | Path, organisation_slug: str) -> int:
    """Check every row, then store them all in one transaction. Returns how many were imported."""
    path = Path(path)
    headers, rows = _read(path)
    missing = [c for c in REQUIRED if c not in headers]
    unknown = [h for h in headers if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise CsvImportError(f"{path.name}: " + "; ".join(
            ([f"missing column(s) {', '.join(missing)}"] if missing else [])
            + ([f"unknown column(s) {', '.join(unknown)} (a child's name or contact is never imported; "
                f"the columns are {', '.join(REQUIRED + OPTIONAL)})"] if unknown else [])))
    if not rows:
        raise CsvImportError(f"{path.name}: no rows")
    with session_scope() as session:
        org = queries.organisation_by_slug(session, organisation_slug)
        if org is None:
            raise CsvImportError(f"no organisation called '{organisation_slug}'")
        reviews = {r.name.strip().lower(): r.id for r in store.reviews(session, [org.id])}
        checked, errors = [], []
        for line, raw in enumerate(rows, start=2):
            if "\0extra" in raw:
                errors.append(f"row {line}: more cells than there are columns")
                continue
            row = {(k or "").strip(): v or "" for k, v in raw.items()}
            new, wrong = _row(line, row, reviews)
            errors += wrong
            if new is not None and not wrong:
                checked.append(new)
        if errors:
            shown = errors[:20] + ([f"… and {len(errors) - 20} more"] if len(errors) > 20 else [])
            raise CsvImportError(f"{path.name}: nothing was imported:\n" + "\n".join(shown))
        for new in checked:
            add_in(session, None, org.id, new)
        audit.record_in(session, None, "imported voice records", organisation_slug, count=len(checked))
    return len(checked)
