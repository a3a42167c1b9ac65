"""Setting up: the database, demo data, organisations, sites, accounts, kiosk links and servers."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from voice_app.config import get_settings
from voice_app.services.access import Role


DEMO_USER = "demo-admin"


def cmd_init(args) -> int:
    from voice_app.services.surveys import sync_survey_files
    from voice_app.store.db import migrate

    migrate()
    ids = sync_survey_files()
    print(f"Database ready; surveys: {', '.join(ids)}")
    return 0


def cmd_demo(args) -> int:
    from voice_app.services import accounts
    from voice_app.services.demo import load_demo

    cmd_init(args)
    added = load_demo(more_surveys=True)["responses_added"]
    print(f"Demo data: {added} responses added" if added else "Demo data already loaded")
    password = accounts.generate_password()
    try:
        accounts.create_user(DEMO_USER, password, Role.ADMIN)
    except accounts.AccountError:
        accounts.set_password(DEMO_USER, password)  # a fresh password each time it is printed
    url = get_settings().public_url
    print(f"Kiosk link:  {url}/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room")
    print(f"Staff login: {url}/  user {DEMO_USER}  password {password}")
    return 0


def cmd_add_organisation(args) -> int:
    from voice_app.services.organisations import AdminError, add_organisation

    try:
        added = add_organisation(args.name, args.slug)
    except AdminError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(added.slug)  # alone on standard output, for scripts: ORG=$(python -m voice_app add-organisation …)
    print(f"organisation {added.slug}: {_STATUS[added.status]}", file=sys.stderr)
    return 0


def cmd_add_site(args) -> int:
    from voice_app.services.organisations import AdminError, add_site

    try:
        added = add_site(args.org, args.name, args.slug, args.contact_email, args.setting)
    except AdminError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(added.slug)
    print(f"site {added.slug}: {_STATUS[added.status]}", file=sys.stderr)
    return 0


_STATUS = {"created": "created", "exists": "already there, nothing changed", "updated": "updated"}


def cmd_setup(args) -> int:
    from voice_app.services.partnership import PartnershipError, apply_file

    try:
        result = apply_file(args.file)
    except (PartnershipError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(result.text())
    return 0


def cmd_create_user(args) -> int:
    from voice_app.services import accounts

    password = sys.stdin.readline().rstrip("\n")
    try:
        user = accounts.create_user(args.username, password, args.role, args.org or [], args.email)
    except accounts.AccountError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Created {user.role} '{user.username}'")
    return 0


def cmd_kiosk_link(args) -> int:
    from voice_app.services import kiosk_links

    try:
        link = kiosk_links.link_for(args.survey, args.site)
    except LookupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(link.url)
    if not link.active:
        print("note: this link is switched off; a kiosk opened with it shows an apology", file=sys.stderr)
    if args.qr:
        args.qr.write_bytes(kiosk_links.qr_png(link.url))
        print(f"QR code saved to {args.qr}", file=sys.stderr)
    return 0


def cmd_servers(args) -> int:
    from voice_app import servers

    database_url = get_settings().database_url
    try:
        if database_url.startswith("postgresql"):
            servers.ensure_database(database_url)
            cmd_init(args)
        running = servers.start(database_url, Path(args.run_dir), port=args.port,
                                app_ports=[args.port + 1 + i for i in range(args.count)])
    except servers.ServersError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{args.count} app servers on one PostgreSQL: {', '.join(running.app_urls)}")
    print(f"Open {running.url} (nginx). Ctrl+C stops them all.")
    try:
        while all(p.poll() is None for p in running.processes):
            time.sleep(1)
        print("error: a server stopped; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        running.stop()
