"""`python -m voice_app …`: set up the database, load demo data, import and report."""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from surveys import SurveyFileError
from voice_app.cli_progress import progress_bars
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


def cmd_report(args) -> int:
    from voice_app.services.results import round_report

    try:
        report = round_report(args.survey, args.round, audience=args.audience, by=args.by,
                              compare_round=args.compare_round,
                              view=args.view if args.audience != "staff" else None)
    except LookupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(_report_text(report))
    return 0


def _report_text(report: dict) -> str:
    lines = [f"{report['title']} — {report['round']} ({report['audience']})",
             f"Responses: {report['responses']}"
             + (f" of {report['invited']} invited" if report.get("invited") else "")
             + (f", a response rate of {report['response_rate_pct']}%"
                if report.get("response_rate_pct") is not None else "")]
    for qid, q in report["questions"].items():
        if q["type"] == "text":
            lines.append(f"{qid}: {q['n']} written answers")
            continue
        head = f"{qid} (n={q['n']})"
        if q.get("positive_pct") is not None:
            ci = q.get("positive_ci95")
            head += f": {q['positive_pct']}% positive" + (f" (95% CI {ci[0]}–{ci[1]})" if ci else "")
        lines.append(head)
        for option, count in q["counts"].items():
            pct = q["pct"].get(option)
            lines.append(f"    {option}: {count}" + (f" ({pct}%)" if pct is not None else ""))
    return "\n".join(lines)


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


def cmd_paper_survey(args) -> int:
    from voice_app.services import paper, paper_pdf

    try:
        data = paper_pdf.paper_pdf(args.survey, args.lang, args.age, args.site)
    except paper.PaperError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"Paper version of {args.survey} saved to {args.out}")
    return 0


def cmd_annual_report(args) -> int:
    from voice_app.services.annual_report import documents as annual_report

    try:
        data = annual_report.export(None, args.start, args.end, args.format)
    except (LookupError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"Annual report section ({args.format}) saved to {args.out}")
    return 0


def cmd_code_text(args) -> int:
    """Code a CSV of comments: themes, sentiment, safeguarding flag. Reads and writes nothing else."""
    import pandas as pd

    from analysis.text import code_frame
    from voice_app.services.exports import safe_frame

    try:
        df = pd.read_csv(args.file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        coded = code_frame(df, args.text_column)
    except (ValueError, OSError, UnicodeDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    columns = [args.text_column, "themes", "sentiment", "sentiment_score", "flagged", "flag_reason", "flag_level"]
    out = coded[columns].rename(columns={args.text_column: "text"})
    if args.format == "json":
        out = out.astype(object).where(out.notna(), None)  # null, never NaN (which is not JSON)
        print(json.dumps(out.to_dict(orient="records"), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(safe_frame(out).to_csv(index=False))
    return 0


def cmd_evaluate_text(args) -> int:
    from analysis.text.evaluate import evaluate_files

    try:
        result = evaluate_files(args.train, args.test)
    except (ValueError, OSError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, default=str) if args.format == "json" else
          "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


def cmd_recode_text(args) -> int:
    from voice_app.services.coding import recode_round
    from voice_app.services.organisations import list_rounds

    rounds = [r.id for r in list_rounds(args.survey) if not args.round or r.name == args.round]
    if not rounds:
        print(f"error: no rounds found for '{args.survey}'", file=sys.stderr)
        return 1
    with progress_bars() as progress:
        recoded = recode_round(rounds, progress=progress)
    print(f"Recoded {recoded} comments (workers' corrections kept)")
    return 0


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


def cmd_safeguarding_examples(args) -> int:
    """Leads' verdicts on the screen (missed, false alarm) as text,concern,category for its next training."""
    from voice_app.services import safeguarding

    args.out.write_bytes(safeguarding.examples_csv(None))
    print(f"{len(safeguarding.examples(None))} labelled examples saved to {args.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m voice_app", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create or upgrade the database and load the built-in surveys")
    sub.add_parser("demo", help="load demo data and print a kiosk link and a demo staff login")
    imp = sub.add_parser("import-responses", help="import responses from a CSV file (all rows or none)")
    imp.add_argument("survey")
    imp.add_argument("file", type=Path)
    imp.add_argument("--round", required=True)
    imp.add_argument("--invited", type=int,
                     help="children invited: the whole round's, or with --site that site's")
    imp.add_argument("--site", help="site slug or name, for rows without a site column or cell")
    imp.add_argument("--org", help="organisation slug of rows without a site (needed when the file has no "
                                   "site column and no --site), so its safeguarding lead sees their concerns")
    imp.add_argument("--create-sites", action="store_true",
                     help="a first import: add the sites the site column names that do not exist yet, "
                          "under --org (listed in the output)")
    imp.add_argument("--map", choices=["auto"],
                     help="auto: an export from Microsoft Forms (.xlsx), Google Forms or SurveyMonkey (.csv); "
                          "headers matched to questions by wording, labels to options, names and emails dropped")
    imp.add_argument("--dry-run", action="store_true", help="with --map auto: show the mapping, store nothing")
    imp.add_argument("--date-order", choices=["dmy", "mdy"],
                     help="with --map auto: how the file writes dates like 03/04/2026 (day or month first)")
    ir = sub.add_parser("import-records", help="import voice records (letters, drawings, conversations) from a "
                                               "CSV file (all rows or none)")
    ir.add_argument("file", type=Path)
    ir.add_argument("--org", required=True, help="organisation slug the records belong to")
    ao = sub.add_parser("add-organisation", help="add an organisation of the partnership; prints its slug")
    ao.add_argument("name")
    ao.add_argument("--slug", help="its short name in links and commands (default: made from the name)")
    asi = sub.add_parser("add-site", help="add a site of an organisation; prints its slug")
    asi.add_argument("org", metavar="ORG_SLUG")
    asi.add_argument("name")
    asi.add_argument("--slug", help="its short name in kiosk links (default: made from the name)")
    asi.add_argument("--contact-email", metavar="ADDRESS",
                     help="the member of staff told when a child here asks for someone to talk to")
    asi.add_argument("--setting", metavar="SETTING",
                     help="where children are heard here: school, hospital, social_care, community or family "
                          "(for the board's views by topic and setting)")
    st = sub.add_parser("setup", help="create organisations, sites and rounds from a partnership file "
                                      "(YAML; running it again changes nothing) and print the kiosk links")
    st.add_argument("file", type=Path, metavar="partnership.yaml")
    rep = sub.add_parser("report", help="figures for a survey round")
    rep.add_argument("survey")
    rep.add_argument("--round", required=True)
    rep.add_argument("--format", choices=["json", "text"], default="text")
    rep.add_argument("--audience", choices=["staff", "board", "public"], default="staff")
    rep.add_argument("--by", choices=["site", "age_band", "organisation", "round", "mode"],
                     help="mode (staff only): tablet, paper and imported answers side by side")
    rep.add_argument("--compare-round")
    rep.add_argument("--view", metavar="all|organisation:SLUG|site:SLUG|age_band:BAND",
                     help="board and public audiences: the fixed grouping to report (default: the partnership)")
    cu = sub.add_parser("create-user", help="create a staff account; the password is read from standard input")
    cu.add_argument("username")
    cu.add_argument("--role", required=True)
    cu.add_argument("--org", action="append", help="organisation slug (repeat for several)")
    cu.add_argument("--email", help="where safeguarding alerts reach this person (leads)")
    kl = sub.add_parser("kiosk-link", help="print the kiosk link for a survey at a site")
    kl.add_argument("survey")
    kl.add_argument("site", help="site slug")
    kl.add_argument("--qr", type=Path, metavar="FILE.png", help="also save the link as a QR code")
    ps = sub.add_parser("paper-survey", help="a survey as an A4 PDF to print and fill in on paper")
    ps.add_argument("survey")
    ps.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    ps.add_argument("--lang", default="en", help="the language, as the kiosk's (e.g. pl, en-easy)")
    ps.add_argument("--age", metavar="under_11", help="an age version: only that age band's questions and words")
    ps.add_argument("--site", metavar="SLUG", help="the site: its name in the box, its kiosk link in the QR code")
    ar = sub.add_parser("annual-report", help="the annual report section 'What children and young people have told us'")
    ar.add_argument("--from", dest="start", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD")
    ar.add_argument("--to", dest="end", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD")
    ar.add_argument("--format", choices=["html", "pdf", "docx", "csv", "xlsx"], default="html")
    ar.add_argument("--out", required=True, type=Path)
    ct = sub.add_parser("code-text", help="code a CSV of comments: themes, sentiment, safeguarding flag")
    ct.add_argument("file", type=Path)
    ct.add_argument("--text-column", required=True)
    ct.add_argument("--format", choices=["json", "csv"], default="csv")
    ev = sub.add_parser("evaluate-text", help="train on one labelled file, report accuracy on another")
    ev.add_argument("--train", required=True, type=Path)
    ev.add_argument("--test", required=True, type=Path)
    ev.add_argument("--format", choices=["json", "text"], default="json")
    rc = sub.add_parser("recode-text", help="code a survey's comments again after the codebook changed")
    rc.add_argument("survey")
    rc.add_argument("--round")
    sub.add_parser("sweep", help="close responses left unsubmitted, escalate unacknowledged flags, send alerts")
    rt = sub.add_parser("retention", help="replace children's words past their organisation's retention period "
                                          "by their redacted copy; close or remove responses never sent")
    rt.add_argument("--dry-run", action="store_true",
                    help="only report, per organisation, how many would change (no child's words shown)")
    rt.add_argument("--set-months", nargs=2, metavar=("ORG_SLUG", "MONTHS"),
                    help="set an organisation's retention period instead (default 24 months)")
    bk = sub.add_parser("backup", help="copy the whole database to a file (SQLite backup API, or pg_dump)")
    bk.add_argument("--out", required=True, type=Path)
    rs = sub.add_parser("restore", help="replace the configured database with a backup file")
    rs.add_argument("file", type=Path)
    rs.add_argument("--yes", action="store_true", help="replace a database that is not empty")
    sv = sub.add_parser("servers", help="run several app servers on one PostgreSQL behind nginx (sticky "
                                         "sessions, long websocket timeouts)")
    sv.add_argument("--count", type=int, default=2)
    sv.add_argument("--port", type=int, default=8500, help="nginx's port; the app servers take the next ones")
    sv.add_argument("--run-dir", default="var/servers", help="where nginx's configuration and logs go")
    se = sub.add_parser("safeguarding-examples",
                        help="save leads' verdicts on the screen as labelled examples (text,concern,category)")
    se.add_argument("--out", required=True, type=Path)
    return p


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "import-responses": cmd_import,
            "import-records": cmd_import_records,
            "report": cmd_report, "create-user": cmd_create_user,
            "kiosk-link": cmd_kiosk_link, "paper-survey": cmd_paper_survey, "annual-report": cmd_annual_report,
            "code-text": cmd_code_text, "evaluate-text": cmd_evaluate_text, "recode-text": cmd_recode_text,
            "sweep": cmd_sweep, "safeguarding-examples": cmd_safeguarding_examples,
            "retention": cmd_retention, "backup": cmd_backup, "restore": cmd_restore,
            "add-organisation": cmd_add_organisation, "add-site": cmd_add_site, "setup": cmd_setup,
            "servers": cmd_servers}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SurveyFileError as err:
        print(f"error: survey file: {err}", file=sys.stderr)
        return 1
