"""`import-responses --map auto` and the admin's import screen: a Microsoft Forms, Google Forms or
SurveyMonkey export, mapped by wording (services/forms_mapping.py), previewed, then imported.

Anything that cannot be mapped is named and nothing is stored. Mapped rows go through the
ordinary importer (services/importer.py): all rows or none, the same file twice adds nothing,
free text coded and screened, every row belonging to an organisation whose lead sees its flags.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from voice_app.services import audit
from voice_app.services.access import Can, require
from voice_app.services.forms_mapping import FormsMapping, map_export
from voice_app.services.importer import CsvImportError, ImportResult, import_table

if TYPE_CHECKING:
    from voice_app.services.accounts import StaffUser

UPLOAD_TYPES = ("csv", "xlsx")
MAX_UPLOAD_MB = 20  # a few thousand responses are well under 1 MB


def preview_forms(survey_key: str, path: str | Path, round_name: str, site: str | None = None,
                  org: str | None = None, create_sites: bool = False, order: str | None = None,
                  data: bytes | None = None) -> FormsMapping:
    """The mapping, checked as the import would check it (every row, the organisation); stores nothing."""
    mapping, table = map_export(survey_key, Path(path), order, data)
    if table is not None:
        try:
            check = import_table(survey_key, table, round_name, None, site, org, create_sites, check_only=True)
        except CsvImportError as err:
            mapping.problems += str(err).split("\n")[1:] or [str(err)]
        else:
            mapping.would_import, mapping.already_imported = check.imported, check.already_imported
    return mapping


def import_forms(survey_key: str, path: str | Path, round_name: str, invited: int | None = None,
                 site: str | None = None, org: str | None = None, create_sites: bool = False,
                 order: str | None = None, data: bytes | None = None, progress=None, on_stored=None) -> ImportResult:
    mapping, table = map_export(survey_key, Path(path), order, data)
    if table is None:
        raise CsvImportError(f"{mapping.file}: nothing was imported.\n" + "\n".join(mapping.problems))
    return import_table(survey_key, table, round_name, invited, site, org, create_sites, progress=progress,
                        on_stored=on_stored)


def _upload(name: str, data: bytes) -> Path:
    path = Path(Path(name).name or "upload.csv")
    if path.suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        raise CsvImportError(f"{path.name}: upload a .csv or .xlsx file (the export of the form)")
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        raise CsvImportError(f"{path.name}: the file is over {MAX_UPLOAD_MB} MB")
    return path


def preview_upload(user: StaffUser, survey_key: str, name: str, data: bytes, round_name: str,
                   org: str | None = None, site: str | None = None, order: str | None = None) -> FormsMapping:
    """The admin screen's preview of an uploaded export."""
    require(user, Can.ADMINISTER)
    return preview_forms(survey_key, _upload(name, data), round_name, site, org, order=order, data=data)


def import_upload(user: StaffUser, survey_key: str, name: str, data: bytes, round_name: str,
                  org: str | None = None, site: str | None = None, order: str | None = None,
                  progress=None) -> ImportResult:
    """The admin screen's import; the audit log has who imported which file into which round.
    progress(stage, done, total) hears how far it has gone."""
    require(user, Can.ADMINISTER)

    def audited(session, result: ImportResult) -> None:
        audit.record_in(session, user, "imported responses", f"{survey_key}: {round_name}", file=Path(name).name,
                        imported=result.imported, already_imported=result.already_imported)
    return import_forms(survey_key, _upload(name, data), round_name, None, site, org, order=order, data=data,
                        progress=progress, on_stored=audited)
