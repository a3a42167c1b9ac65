"""CSV import of responses gathered elsewhere (paper, other tools): all rows or none."""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from voice_app.services.answers import AnswerError, answer_rows, parse_cell
from voice_app.services.comments import code_pending
from voice_app.services.organisations import ensure_round
from voice_app.services.surveys import latest_definition
from voice_app.store import queries
from voice_app.store.db import session_scope

EXTRA_COLUMNS = ("submitted_at", "site")


class CsvImportError(ValueError):
    """Why a file was refused; nothing from it was stored."""


@dataclass(frozen=True)
class ImportResult:
    imported: int
    already_imported: int
    round: str


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(f"{path.name}: the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="\0extra")
    if not reader.fieldnames:
        raise CsvImportError(f"{path.name}: the file is empty")
    return [h.strip() for h in reader.fieldnames], list(reader)


def _timestamp(value: str) -> datetime:
    stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def import_responses(survey_key: str, path: str | Path, round_name: str,
                     invited: int | None = None, site: str | None = None,
                     org: str | None = None) -> ImportResult:
    """Validate every row first; store them only if all are good. Re-importing a file adds nothing.

    Every row belongs to an organisation, so a flag raised on it reaches that organisation's
    lead: through its site (the site column, or `site`), or else through `org` (a slug)."""
    path = Path(path)
    headers, rows = _read(path)
    file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    with session_scope() as session:
        _, version, definition = latest_definition(session, survey_key)
        known = {q.id for q in definition.questions}
        unknown = [h for h in headers if h not in known and h not in EXTRA_COLUMNS]
        if unknown:
            raise CsvImportError(f"{path.name}: unknown column(s) {', '.join(unknown)}; "
                               f"columns must be question ids of {survey_key} "
                               f"({', '.join(q.id for q in definition.questions)}) or submitted_at, site")
        sites = {}
        default_site = None
        if site:
            default_site = queries.site_by_name_or_slug(session, site)
            if default_site is None:
                raise CsvImportError(f"no site called '{site}'")
        organisation = None
        if org:
            organisation = queries.organisation_by_slug(session, org)
            if organisation is None:
                raise CsvImportError(f"no organisation '{org}' (use its short name, e.g. riverside-camhs)")
        responses, answers, errors = [], [], []
        if "site" not in headers and default_site is None and organisation is None:
            errors.append("the file has no site column: name the organisation these responses belong to "
                          "with --org SLUG (or their site with --site), so that its safeguarding lead "
                          "sees any concern in them")
        for line, raw in enumerate(rows, start=2):  # line 1 is the header
            row = {(k or "").strip(): v for k, v in raw.items()}
            if "\0extra" in row:
                errors.append(f"row {line}: more cells than there are columns")
                continue
            if any(v is None for v in row.values()):
                errors.append(f"row {line}: fewer cells than there are columns")
                continue
            row_answers = []
            for q in definition.questions:
                if q.id not in row:
                    continue
                try:
                    rows_ = answer_rows(q, parse_cell(q, row[q.id]))
                except AnswerError as err:
                    errors.append(f"row {line}, column {q.id}: {err}")
                    continue
                row_answers += [{"question_id": q.id, "option_id": o, "text": t} for o, t in rows_]
            submitted = datetime.now(UTC)
            if (row.get("submitted_at") or "").strip():
                try:
                    submitted = _timestamp(row["submitted_at"])
                except ValueError:
                    errors.append(f"row {line}, column submitted_at: '{row['submitted_at']}' "
                                  "is not an ISO 8601 date or time (e.g. 2026-03-14 or 2026-03-14T10:30)")
            site_row = default_site
            if (row.get("site") or "").strip():
                name = row["site"].strip()
                if name not in sites:
                    sites[name] = queries.site_by_name_or_slug(session, name)
                site_row = sites[name]
                if site_row is None:
                    errors.append(f"row {line}, column site: no site called '{name}'")
            elif site_row is None and organisation is None and "site" in headers:
                errors.append(f"row {line}, column site: empty; name the site, or the organisation "
                              "with --org SLUG")
            key = hashlib.sha256(f"{survey_key}|{round_name}|{file_hash}|{line}".encode()).hexdigest()[:40]
            responses.append({"client_key": f"import-{key}", "site_id": site_row.id if site_row else None,
                              "organisation_id": organisation.id if site_row is None and organisation else None,
                              "survey_version_id": version.id, "source": "import", "lang": "en",
                              "position": 0, "started_at": submitted, "submitted_at": submitted,
                              "completed": True})
            answers.append(row_answers)
        if errors:
            more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
            raise CsvImportError(f"{path.name}: nothing was imported.\n" + "\n".join(errors[:20]) + more)
    round_ = ensure_round(survey_key, round_name, invited)
    with session_scope() as session:
        seen = queries.existing_client_keys(session, (r["client_key"] for r in responses))
        fresh = [(r, a) for r, a in zip(responses, answers) if r["client_key"] not in seen]
        for r, _ in fresh:
            r["round_id"] = round_.id
        queries.bulk_add_responses(session, [r for r, _ in fresh], [a for _, a in fresh])
        code_pending(session, round_ids=[round_.id])
    return ImportResult(len(fresh), len(responses) - len(fresh), round_name)
