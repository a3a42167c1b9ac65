"""CSV import of responses gathered elsewhere (paper, other tools): all rows or none."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from surveys import Question
from voice_app.services.answers import AnswerError, answer_rows, parse_cell
from voice_app.services.coding import Progress, code_ahead, code_pending
# CsvImportError, csv_field_limit and _read are imported from here by the other importers too.
from voice_app.services.csv_read import CsvImportError, csv_field_limit, read_csv as _read  # noqa: F401
from voice_app.services.organisations import AdminError, add_round_in, add_site_in, slugify
from voice_app.services.surveys import latest_definition
from voice_app.store.records import RECORDS_SURVEY
from voice_app.store import queries
from voice_app.store.db import session_scope

EXTRA_COLUMNS = ("submitted_at", "site")
# The most a cell may hold, so one pasted essay or a broken export is named, not stored.
# Free text is then held to its question's own max_length (at most 5,000).
TEXT_CELL_LIMIT = 10_000
OPTION_CELL_LIMIT = 500  # option ids or labels, several for multiple choice
EXTRA_CELL_LIMITS = {"submitted_at": 64, "site": 200}
# No survey here ran before 2000; a date past tomorrow is a typo (a day allows for time zones).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_GRACE = timedelta(days=1)
STORE_BATCH = 5000  # responses stored together (an IN list of their keys stays short)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    already_imported: int
    round: str
    new_sites: tuple[str, ...] = ()  # slugs created by create_sites (or, checking only, to be created)
    checked_only: bool = False  # a dry run: nothing was stored


@dataclass(frozen=True)
class Table:
    """Rows to import, as the CSV format has them: question ids (cells of option ids or labels,
    ';' between choices, or free text), submitted_at and site."""
    name: str  # the file's name, for messages
    headers: list[str]
    rows: list[dict[str, str]]
    digest: str  # the file's SHA-256: importing the same file again adds nothing
    lines: tuple[int, ...] = ()  # each row's row number in the file (by default 2, 3, ...: a header above)
    column_names: dict[str, str] = field(default_factory=dict)  # how messages name a column
    lang: str = "en"  # the language (or Easy Read) the answers were given in


def _timestamp(value: str) -> datetime:
    stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _implausible(stamp: datetime, now: datetime) -> str | None:
    try:
        utc = stamp.astimezone(UTC)
    except OverflowError:  # 0001-01-01 or 9999-12-31 with an offset has no UTC time
        utc = EARLIEST - FUTURE_GRACE if stamp.year < 2000 else datetime.max.replace(tzinfo=UTC)
    if utc < EARLIEST:
        return "before 2000-01-01"
    if utc > now + FUTURE_GRACE:
        return "in the future"
    return None


def _cell_limit(column: str, question: Question | None) -> int:
    if question is None:
        return EXTRA_CELL_LIMITS[column]
    return TEXT_CELL_LIMIT if question.type == "text" else OPTION_CELL_LIMIT


def _too_long(line: int, row: dict[str, str], questions: dict[str, Question],
              named: dict[str, str]) -> list[str]:
    return [f"row {line}, column {named.get(column, column)}: {len(value):,} characters; a cell here holds at most "
            f"{_cell_limit(column, questions.get(column)):,}"
            for column, value in row.items()
            if value is not None and len(value) > _cell_limit(column, questions.get(column))]


def import_responses(survey_key: str, path: str | Path, round_name: str,
                     invited: int | None = None, site: str | None = None,
                     org: str | None = None, create_sites: bool = False,
                     progress: Progress | None = None) -> ImportResult:
    """Validate every row first; store them only if all are good, with their round (and, with
    create_sites, their new sites) in the same transaction. Re-importing a file adds nothing.

    Every row belongs to an organisation, so a flag raised on it reaches that organisation's
    lead: through its site (the site column, or `site`), or else through `org` (a slug).
    create_sites adds each site the site column names that does not exist yet, under `org`.
    progress(stage, done, total) hears how far checking, storing and coding have gone."""
    path = Path(path)
    headers, rows = _read(path)
    table = Table(path.name, headers, rows, hashlib.sha256(path.read_bytes()).hexdigest())
    return import_table(survey_key, table, round_name, invited, site, org, create_sites, progress=progress)


def import_table(survey_key: str, table: Table, round_name: str, invited: int | None = None,
                 site: str | None = None, org: str | None = None, create_sites: bool = False,
                 check_only: bool = False, progress: Progress | None = None,
                 on_stored: Callable[[Session, ImportResult], None] | None = None) -> ImportResult:
    """import_responses once the file is read (also for other tools' exports, services/forms_import.py);
    check_only validates every row and stores nothing. on_stored(session, result) runs in the
    import's transaction (the audit entry of an upload: kept if and only if the rows are)."""
    if create_sites and not org:
        raise CsvImportError("creating sites needs the organisation they belong to (--org SLUG)")
    if survey_key == RECORDS_SURVEY:
        raise CsvImportError(f"{survey_key} holds voice records, not a survey's answers: "
                             "import them with import-records FILE.csv --org SLUG")
    name, headers, rows, named = table.name, table.headers, table.rows, table.column_names
    with session_scope() as session:
        _, version, definition = latest_definition(session, survey_key)
        questions = {q.id: q for q in definition.questions}
        unknown = [h for h in headers if h not in questions and h not in EXTRA_COLUMNS]
        if unknown:
            raise CsvImportError(f"{name}: unknown column(s) {', '.join(unknown)}; "
                               f"columns must be question ids of {survey_key} "
                               f"({', '.join(q.id for q in definition.questions)}) or submitted_at, site")
        if not rows:
            raise CsvImportError(f"{name}: the file has no rows of answers below its header; "
                                 "nothing was imported")
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
        new_sites: dict[str, str] = {}  # slug: name, created only if the whole file is good
        row_new_site: dict[int, str] = {}  # response index: slug of its new site
        now = datetime.now(UTC)
        if "site" not in headers and default_site is None and organisation is None:
            errors.append("the file has no site column: name the organisation these responses belong to "
                          "with --org SLUG (or their site with --site), so that its safeguarding lead "
                          "sees any concern in them")
        parsed: dict[tuple[str, str], list | AnswerError] = {}  # option cells repeat: each read once
        for index, (line, raw) in enumerate(zip(table.lines or range(2, len(rows) + 2), rows), start=1):
            if progress and (index % 1000 == 0 or index == len(rows)):
                progress("checking", index, len(rows))
            row = {(k or "").strip(): v for k, v in raw.items()}
            if "\0extra" in row:
                errors.append(f"row {line}: more cells than there are columns")
                continue
            if any(v is None for v in row.values()):
                errors.append(f"row {line}: fewer cells than there are columns")
                continue
            too_long = _too_long(line, row, questions, named)
            if too_long:
                errors += too_long
                continue
            row_answers = []
            for q in definition.questions:
                if q.id not in row:
                    continue
                rows_ = _cell_rows(q, row[q.id], parsed)
                if isinstance(rows_, AnswerError):
                    errors.append(f"row {line}, column {named.get(q.id, q.id)}: {rows_}")
                    continue
                row_answers += [{"question_id": q.id, "option_id": o, "text": t} for o, t in rows_]
            submitted = now
            if (row.get("submitted_at") or "").strip():
                cell = row["submitted_at"].strip()
                try:
                    submitted = _timestamp(cell)
                except ValueError:
                    errors.append(f"row {line}, column {named.get('submitted_at', 'submitted_at')}: '{cell}' "
                                  "is not an ISO 8601 date or time (e.g. 2026-03-14 or 2026-03-14T10:30)")
                else:
                    problem = _implausible(submitted, now)
                    if problem:
                        errors.append(f"row {line}, column {named.get('submitted_at', 'submitted_at')}: '{cell}' is {problem}; "
                                      "give the date the answers were given")
            site_row = default_site
            if (row.get("site") or "").strip():
                name = row["site"].strip()
                if name not in sites:
                    sites[name] = queries.site_by_name_or_slug(session, name)
                site_row = sites[name]
                if site_row is None and create_sites:
                    slug, problem = _new_site(session, name, new_sites)
                    if problem:
                        errors.append(f"row {line}, column site: {problem}")
                    else:
                        row_new_site[len(responses)] = slug
                elif site_row is None:
                    errors.append(f"row {line}, column site: no site called '{name}' "
                                  "(with --create-sites and --org SLUG, new sites are added)")
            elif site_row is None and organisation is None and "site" in headers:
                errors.append(f"row {line}, column site: empty; name the site, or the organisation "
                              "with --org SLUG")
            key = hashlib.sha256(f"{survey_key}|{round_name}|{table.digest}|{line}".encode()).hexdigest()[:40]
            responses.append({"client_key": f"import-{key}", "site_id": site_row.id if site_row else None,
                              "organisation_id": organisation.id if site_row is None and organisation else None,
                              "survey_version_id": version.id, "source": "import", "lang": table.lang,
                              "position": 0, "started_at": submitted, "submitted_at": submitted,
                              "completed": True})
            answers.append(row_answers)
        if errors:
            more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
            raise CsvImportError(f"{name}: nothing was imported.\n" + "\n".join(errors[:20]) + more)
        if check_only:
            seen = queries.existing_client_keys(session, (r["client_key"] for r in responses))
            fresh = sum(r["client_key"] not in seen for r in responses)
            return ImportResult(fresh, len(responses) - fresh, round_name, tuple(new_sites), checked_only=True)
        created = _create_sites(session, organisation, new_sites)
        for index, slug in row_new_site.items():
            responses[index].update(site_id=created[slug], organisation_id=None)
        try:
            round_, _ = add_round_in(session, survey_key, round_name, invited)
        except AdminError as err:
            raise CsvImportError(str(err)) from None
        seen = queries.existing_client_keys(session, (r["client_key"] for r in responses))
        fresh = [(r, a) for r, a in zip(responses, answers) if r["client_key"] not in seen]
        for r, _ in fresh:
            r["round_id"] = round_.id
        ahead = code_ahead(a["text"] for _, given in fresh for a in given if a.get("text"))
        for i in range(0, len(fresh), STORE_BATCH):
            batch = fresh[i:i + STORE_BATCH]
            queries.bulk_add_responses(session, [r for r, _ in batch], [a for _, a in batch])
            if progress:
                progress("storing", i + len(batch), len(fresh))
        code_pending(session, round_ids=[round_.id], progress=progress, ahead=ahead)
        result = ImportResult(len(fresh), len(responses) - len(fresh), round_name, tuple(created))
        if on_stored:
            on_stored(session, result)
    return result


def _cell_rows(q: Question, cell: str, parsed: dict) -> list | AnswerError:
    """The answer rows of one cell, or why it is refused; an option cell is read once per file."""
    key = (q.id, cell)
    found = parsed.get(key) if q.type != "text" else None
    if found is None:
        try:
            found = answer_rows(q, parse_cell(q, cell))
        except AnswerError as err:
            found = err
        if q.type != "text":
            parsed[key] = found
    return found


def _new_site(session, name: str, pending: dict[str, str]) -> tuple[str, str | None]:
    """The slug a site named in the file gets, or why it cannot be created."""
    slug = slugify(name)
    if not re.search(r"[a-z0-9]", name.lower()):
        return slug, (f"cannot make a short name (slug) from '{name}'; add this site first with "
                      "add-site ORG NAME --slug SLUG")
    if slug in pending:
        return slug, None
    holder = queries.site_by_slug(session, slug)
    if holder is not None:
        return slug, (f"a new site '{name}' would get the slug '{slug}', which is already the site "
                      f"'{holder.name}'; write '{slug}' to mean that site, or another name")
    pending[slug] = name
    return slug, None


def _create_sites(session, organisation, new_sites: dict[str, str]) -> dict[str, int]:
    created = {}
    for slug, name in new_sites.items():
        try:
            add_site_in(session, organisation.slug, name, slug)
        except AdminError as err:
            raise CsvImportError(f"site '{name}': {err}") from None
        created[slug] = queries.site_by_slug(session, slug).id
    return created
