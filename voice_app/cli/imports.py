"""Importing: children's answers from CSV or another tool's export, and voice records."""
from __future__ import annotations

import sys

from voice_app.cli_progress import progress_bars


def cmd_import(args) -> int:
    from voice_app.services.forms_import import import_forms
    from voice_app.services.importer import CsvImportError, import_responses
    from voice_app.services.organisations import set_site_invited

    if args.create_sites and not args.org:
        print("error: --create-sites needs --org SLUG, the organisation the new sites belong to",
              file=sys.stderr)
        return 2
    if not args.map and (args.dry_run or args.date_order):
        print("error: --dry-run and --date-order go with --map auto", file=sys.stderr)
        return 2
    # With --site, --invited is that site's number: the round's would count other children too.
    round_invited = None if args.site else args.invited
    where = dict(site=args.site, org=args.org, create_sites=args.create_sites)
    try:
        if args.map:
            stop = _forms_preview(args, where)
            if stop is not None:
                return stop
            result = import_forms(args.survey, args.file, args.round, round_invited, **where, order=args.date_order)
        else:
            with progress_bars() as progress:
                result = import_responses(args.survey, args.file, args.round, round_invited, **where,
                                          progress=progress)
        if args.site and args.invited is not None and (result.imported or result.already_imported):
            set_site_invited(None, args.survey, args.round, args.site, args.invited)
    except (CsvImportError, LookupError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Imported {result.imported} responses into round '{result.round}'"
          + (f"; {result.already_imported} were already imported" if result.already_imported else ""))
    if result.new_sites:
        print(f"New sites under {args.org}: {', '.join(result.new_sites)}")
    return 0


def _forms_preview(args, where: dict) -> int | None:
    """--map auto: the mapping of another tool's export, printed before importing (alone with
    --dry-run); the exit code when the import stops here."""
    from voice_app.services.forms_import import preview_forms

    mapping = preview_forms(args.survey, args.file, args.round, **where, order=args.date_order)
    print(mapping.text(), file=sys.stdout if args.dry_run else sys.stderr)
    if mapping.problems:
        return 1
    return 0 if args.dry_run else None


def cmd_import_records(args) -> int:
    from voice_app.services.importer import CsvImportError
    from voice_app.services.records_import import import_records

    try:
        count = import_records(args.file, args.org)
    except (CsvImportError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Imported {count} voice records for {args.org}")
    return 0
