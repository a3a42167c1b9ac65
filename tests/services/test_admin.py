"""Admin services: organisations, sites, rounds, staff accounts, kiosk links, the audit log, CLI."""
import re
from datetime import date
from pathlib import Path

import pytest

from surveys import builtin_survey_files

from voice_app import cli
from voice_app.services import accounts, kiosk, kiosk_links, users_admin
from voice_app.services import organisations as orgs
from voice_app.services import organisations_admin as org_admin
from voice_app.services.audit import events


@pytest.fixture
def admin(database):
    return accounts.create_user("ada", "a long test password", "admin")


def actions(admin_user) -> list[str]:
    return list(events(admin_user)["action"])


# --- organisations, sites, rounds ------------------------------------------------------------

def test_organisations_are_created_and_changed_with_names_to_redact(admin):
    org = org_admin.save_organisation(admin, "Riverside CAMHS", "", "St Mary's School\n\n  Dr Patel \nSt Mary's School")
    assert org.slug == "riverside-camhs" and org.redact_names == ("St Mary's School", "Dr Patel")
    org_admin.save_organisation(admin, "Riverside CAMHS team", "riverside-camhs", "Oak Academy", org.id)
    [saved] = org_admin.list_organisations(admin)
    assert saved.name == "Riverside CAMHS team" and saved.redact_names == ("Oak Academy",)
    assert actions(admin)[:2] == ["organisation.update", "organisation.create"]


def test_organisation_slugs_are_unique_and_plain(admin):
    org_admin.save_organisation(admin, "One", "one")
    with pytest.raises(orgs.AdminError, match="already used"):
        org_admin.save_organisation(admin, "Two", "one")
    with pytest.raises(orgs.AdminError, match="lower-case"):
        org_admin.save_organisation(admin, "Two", "Two Words")
    with pytest.raises(orgs.AdminError, match="name is needed"):
        org_admin.save_organisation(admin, "  ")


def test_sites_belong_to_an_organisation(admin):
    org_admin.save_organisation(admin, "One", "one")
    org_admin.save_organisation(admin, "Two", "two")
    site = org_admin.save_site(admin, "one", "Waiting room")
    moved = org_admin.save_site(admin, "two", "Waiting room", "two-waiting-room", site.id)
    assert (moved.slug, moved.organisation_slug) == ("two-waiting-room", "two")
    with pytest.raises(orgs.AdminError, match="no organisation"):
        org_admin.save_site(admin, "nowhere", "Room")
    with pytest.raises(orgs.AdminError, match="already used"):
        org_admin.save_site(admin, "one", "Other room", "two-waiting-room")


def test_rounds_are_validated(admin):
    made = org_admin.save_round(admin, "camhs-wellbeing", "Spring 2026", 200, date(2026, 3, 1), date(2026, 5, 31))
    assert (made.invited, made.opens_on, made.closes_on) == (200, date(2026, 3, 1), date(2026, 5, 31))
    with pytest.raises(orgs.AdminError, match="negative"):
        org_admin.save_round(admin, "camhs-wellbeing", "Summer", -1)
    with pytest.raises(orgs.AdminError, match="close before it opens"):
        org_admin.save_round(admin, "camhs-wellbeing", "Summer", 10, date(2026, 6, 2), date(2026, 6, 1))
    with pytest.raises(orgs.AdminError, match="already has a round"):
        org_admin.save_round(admin, "camhs-wellbeing", "Spring 2026")
    org_admin.save_round(admin, "camhs-wellbeing", "Spring 2026", 0, round_id=made.id)  # invited 0 is fine
    assert [r.invited for r in orgs.list_rounds("camhs-wellbeing")] == [0]


def test_only_admins_change_organisations(database):
    worker = accounts.create_user("wes", "a long test password", "worker")
    for call in (lambda: org_admin.save_organisation(worker, "X"), lambda: org_admin.list_organisations(worker),
                 lambda: org_admin.save_round(worker, "camhs-wellbeing", "R")):
        with pytest.raises(PermissionError):
            call()


# --- staff accounts --------------------------------------------------------------------------

def test_an_admin_adds_a_user_with_a_generated_password(admin, demo_site):
    user, password = users_admin.add_user(admin, "wes", "worker", ["riverside-camhs"])
    assert accounts.authenticate("wes", password) == user and len(user.organisation_ids) == 1
    listed = {u.username: u for u in users_admin.list_users(admin)}
    assert listed["wes"].organisations == ("riverside-camhs",) and listed["wes"].active
    log = events(admin)  # the sign-in is logged too (sign_in.success)
    assert log.iloc[-1]["action"] == "user.create" and password not in log.to_csv()


def test_deactivate_reset_role_and_organisations(admin, demo_site):
    _, password = users_admin.add_user(admin, "wes", "worker")
    users_admin.set_active(admin, "wes", False)
    assert accounts.authenticate("wes", password) is None
    users_admin.set_active(admin, "wes", True)
    new_password = users_admin.reset_password(admin, "wes")
    assert new_password != password and accounts.authenticate("wes", new_password)
    users_admin.set_role(admin, "wes", "safeguarding_lead")
    users_admin.set_organisations(admin, "wes", ["riverside-camhs"])
    users_admin.set_organisations(admin, "wes", ["riverside-camhs"])  # the same again changes nothing
    assert accounts.authenticate("wes", new_password).role == "safeguarding_lead"
    assert [u.organisations for u in users_admin.list_users(admin) if u.username == "wes"] == [("riverside-camhs",)]
    assert {"user.deactivate", "user.activate", "user.reset_password", "user.set_role",
            "user.set_organisations"} <= set(actions(admin))
    with pytest.raises(accounts.AccountError, match="no organisation"):
        users_admin.set_organisations(admin, "wes", ["nowhere"])


def test_nobody_locks_out_the_last_admin(admin):
    with pytest.raises(accounts.AccountError, match="your own account"):
        users_admin.set_active(admin, "ada", False)
    with pytest.raises(accounts.AccountError, match="your own account"):
        users_admin.set_role(admin, "ada", "worker")
    other, _ = users_admin.add_user(admin, "bo", "admin")
    users_admin.set_active(other, "ada", False)  # another admin remains


def test_only_admins_manage_accounts(database):
    worker = accounts.create_user("wes", "a long test password", "worker")
    with pytest.raises(PermissionError):
        users_admin.list_users(worker)
    with pytest.raises(PermissionError):
        users_admin.add_user(worker, "eve", "admin")


# --- kiosk links -----------------------------------------------------------------------------

def test_kiosk_links_for_every_survey_at_every_site(admin, demo_site):
    links = kiosk_links.list_links(admin)
    # every built-in survey (the two CAMHS ones and the four for every child) at the demo's site
    assert {(l.survey_key, l.site_slug) for l in links} == {(f.stem, demo_site) for f in builtin_survey_files()}
    assert len(links) == 6
    assert all(l.active for l in links)
    assert kiosk_links.link_for("camhs-wellbeing", demo_site).url == (
        "http://localhost:8501/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room")


def test_a_switched_off_link_is_refused_kindly(admin, demo_site):
    kiosk_links.set_active(admin, "camhs-wellbeing", demo_site, False)
    with pytest.raises(kiosk.KioskError, match="Please ask a member of staff"):
        kiosk.open_kiosk("camhs-wellbeing", demo_site)
    assert kiosk.open_kiosk("camhs-remote", demo_site)  # other surveys at the site stay on
    kiosk_links.set_active(admin, "camhs-wellbeing", demo_site, True)
    assert kiosk.open_kiosk("camhs-wellbeing", demo_site).site_slug == demo_site
    assert actions(admin)[:2] == ["kiosk_link.on", "kiosk_link.off"]


def test_qr_codes_and_sign(admin, demo_site):
    link = kiosk_links.link_for("camhs-wellbeing", demo_site)
    assert kiosk_links.qr_png(link.url).startswith(b"\x89PNG")
    assert b"<svg" in kiosk_links.qr_svg(link.url)
    assert kiosk_links.sign_pdf(link).startswith(b"%PDF")
    assert kiosk_links.sign_image(link).size == kiosk_links.A4_AT_150_DPI
    kiosk_links.record_download(admin, link, "sign_pdf")
    assert actions(admin)[0] == "kiosk_link.download"


def test_cli_prints_the_kiosk_link_and_saves_a_qr(demo_site, tmp_path, capsys):
    qr = tmp_path / "qr.png"
    assert cli.main(["kiosk-link", "camhs-wellbeing", demo_site, "--qr", str(qr)]) == 0
    assert capsys.readouterr().out.strip() == kiosk_links.kiosk_url("camhs-wellbeing", demo_site)
    assert qr.read_bytes().startswith(b"\x89PNG")
    assert cli.main(["kiosk-link", "camhs-wellbeing", "the-moon"]) == 1
    assert "no site 'the-moon'" in capsys.readouterr().err


# --- the audit log ---------------------------------------------------------------------------

def test_the_audit_log_is_for_admins_only(admin):
    worker = accounts.create_user("wes", "a long test password", "worker")
    with pytest.raises(PermissionError):
        events(worker)
    org_admin.save_organisation(admin, "One", "one")
    assert list(events(admin, action="organisation.create")["target"]) == ["one"]


def test_no_code_updates_or_deletes_audit_events():
    # Append-only is a promise to the board: nothing in the app may change or remove an event.
    root = Path(__file__).resolve().parents[2] / "voice_app"
    pattern = re.compile(r"(delete|update)\(\s*AuditEvent|AuditEvent\)\.(delete|update)")
    offenders = [str(p) for p in root.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# --- who hears of a concern: lead emails, second contacts, site staff ---------------------------

def test_contacts_for_alerts_are_set_by_admins_and_checked(admin, demo_site):
    org = next(o for o in org_admin.list_organisations(admin) if o.slug == "riverside-camhs")
    org_admin.save_organisation(admin, org.name, org.slug, "", org.id, escalation_email=" duty@example.org ")
    site = next(s for s in org_admin.list_site_details(admin) if s.slug == demo_site)
    org_admin.save_site(admin, "riverside-camhs", site.name, site.slug, site.id, contact_email="desk@example.org")
    users_admin.add_user(admin, "lena", "safeguarding_lead", ["riverside-camhs"])
    users_admin.set_email(admin, "lena", "lena@example.org")
    assert [o.escalation_email for o in org_admin.list_organisations(admin)] == ["duty@example.org"]
    assert [s.contact_email for s in org_admin.list_site_details(admin)] == ["desk@example.org"]
    assert {u.username: u.email for u in users_admin.list_users(admin)} == {"ada": "", "lena": "lena@example.org"}
    for bad in ("lena", "lena@example", "a@b.org, c@d.org", "x" * 250 + "@example.org"):
        with pytest.raises(accounts.AccountError, match="not an email address"):
            users_admin.set_email(admin, "lena", bad)
        with pytest.raises(orgs.AdminError, match="not an email address"):
            org_admin.save_site(admin, "riverside-camhs", site.name, site.slug, site.id, contact_email=bad)
    users_admin.set_email(admin, "lena", "")  # a lead who leaves: no address, alerts go to the second contact
    assert {u.username: u.email for u in users_admin.list_users(admin)}["lena"] == ""
    assert "user.set_email" in actions(admin)


def test_only_admins_set_contacts(admin, demo_site):
    worker, _ = users_admin.add_user(admin, "wes", "worker", ["riverside-camhs"])
    with pytest.raises(PermissionError):
        users_admin.set_email(worker, "wes", "wes@example.org")
    with pytest.raises(PermissionError):
        org_admin.save_site(worker, "riverside-camhs", "Desk", "desk", contact_email="wes@example.org")
