"""`python -m voice_app …`: set up the database, load demo data, import and report."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from surveys import SurveyFileError
from voice_app.cli.admin import (cmd_add_organisation, cmd_add_site, cmd_create_user, cmd_demo, cmd_init,
                                 cmd_kiosk_link, cmd_servers, cmd_setup)
from voice_app.cli.imports import cmd_import, cmd_import_records
from voice_app.cli.maintenance import cmd_backup, cmd_restore, cmd_retention, cmd_sweep
from voice_app.cli.reports import cmd_annual_report, cmd_paper_survey, cmd_report
from voice_app.cli.text import (cmd_code_text, cmd_evaluate_text, cmd_recode_text, cmd_retrain_text,
                                cmd_safeguarding_examples)


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
    rm = sub.add_parser("retrain-text", help="learn an organisation's text model again from its workers' "
                                             "corrections (after a bulk correction)")
    rm.add_argument("--org", required=True, metavar="ORG_SLUG")
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
            "retrain-text": cmd_retrain_text,
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
