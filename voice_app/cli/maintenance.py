"""For cron and operators: the sweep, retention, backup and restore."""
from __future__ import annotations

import sys


def cmd_sweep(args) -> int:
    """What each app server does every 20 seconds, for cron or when no server is running."""
    from voice_app.services.sweep import run_sweep

    print(run_sweep().text())
    return 0


def cmd_retention(args) -> int:
    """For cron: children's words past their organisation's period, and responses never sent."""
    from voice_app.services.organisations import AdminError
    from voice_app.services.retention import run_retention, set_months

    if args.set_months:
        slug, months = args.set_months
        try:
            set_months(slug, int(months))
        except (AdminError, ValueError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(f"{slug}: children's words are kept {int(months)} months after their round closes")
        return 0
    print(run_retention(dry_run=args.dry_run).text())
    return 0


def cmd_backup(args) -> int:
    from voice_app.services.backup import BackupFailed, backup

    try:
        print(backup(args.out).text("Backup saved to"))
    except (BackupFailed, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def cmd_restore(args) -> int:
    from voice_app.services.backup import BackupFailed, restore

    try:
        print(restore(args.file, overwrite=args.yes).text("Database restored from"))
    except (BackupFailed, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0
