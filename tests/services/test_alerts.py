"""Alerts reach someone: a real local SMTP server receives them, once each, without a child's words."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from voice_app.services import accounts, kiosk, safeguarding
from voice_app.services.alerts import deliver_pending
from voice_app.services.organisations import ensure_organisation
from voice_app.services.sweep import run_sweep
from voice_app.store import comments as comment_store
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, Answer, Organisation, SafeguardingFlag, Site, User, utcnow

DISCLOSURE = "my mums boyfriend hits me"
WORKER_REASON = "she says she is scared to go home tonight"


def set_email(username: str, email: str) -> None:
    with session_scope() as s:
        s.execute(update(User).where(User.username == username).values(email=email))


def set_escalation_email(slug: str, email: str) -> None:
    with session_scope() as s:
        s.execute(update(Organisation).where(Organisation.slug == slug).values(escalation_email=email))


def set_site_contact(slug: str, email: str) -> None:
    with session_scope() as s:
        s.execute(update(Site).where(Site.slug == slug).values(contact_email=email))


def child_writes(site_slug: str, key: str, text: str = DISCLOSURE) -> None:
    k = kiosk.open_kiosk("camhs-wellbeing", site_slug)
    kiosk.save_answer(k, key, "what_could_be_better", text, 8)
    kiosk.submit(k, key)


def alerts() -> list[Alert]:
    with session_scope() as s:
        return list(s.execute(select(Alert).order_by(Alert.id)).scalars())


def flags() -> list[SafeguardingFlag]:
    with session_scope() as s:
        return list(s.execute(select(SafeguardingFlag).order_by(SafeguardingFlag.id)).scalars())


@pytest.fixture
def staff(demo_site):
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    accounts.create_user("lead2", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    accounts.create_user("other", "a long test password", "safeguarding_lead", ["hillside-youth"])
    accounts.create_user("worker", "a long test password", "worker", ["riverside-camhs"])
    accounts.create_user("admin", "a long test password", "admin")
    for name in ("lead", "other", "worker", "admin"):  # lead2 has no email: cannot be told
        set_email(name, f"{name}@example.org")
    set_escalation_email("riverside-camhs", "duty@example.org")
    return demo_site


def assert_no_child_words(message, *secrets: str) -> None:
    # Raw and decoded: quoted-printable could split a phrase across lines of the raw text.
    whole = " ".join([message.as_string(), message.get_content(), *map(str, message.values())]).lower()
    for secret in secrets:
        assert secret.lower() not in whole
    for word in ("boyfriend", "hits", "scared"):
        assert word not in whole


def test_every_flag_emails_its_lead_once(staff, mailbox):
    child_writes(staff, "child-1")
    child_writes(staff, "child-2", "i want to kill myself")
    summary = run_sweep()
    assert summary.alerts_sent == 2 and summary.alerts_waiting == 0
    assert len(mailbox.received) == 2
    assert all(rcpt == ["lead@example.org"] for rcpt, _ in mailbox.received)
    message = mailbox.received[0][1]
    assert "Riverside CAMHS" in message["Subject"] and "concern" in message["Subject"]
    body = message.get_content()
    assert "Riverside clinic waiting room" in body and "https://voice.example/safeguarding" in body
    assert [a.recipients for a in alerts()] == ["lead@example.org"] * 2
    run_sweep()
    assert len(mailbox.received) == 2  # sent is sent: never twice


def test_nothing_of_what_was_written_leaves_in_any_email(staff, mailbox):
    child_writes(staff, "child-1")
    k = kiosk.open_kiosk("camhs-wellbeing", staff)
    kiosk.save_answer(k, "child-2", "what_was_good", "my teacher Mrs Patel", 7)
    kiosk.submit(k, "child-2")
    with session_scope() as s:  # a worker sends an unflagged comment to the lead, with a reason
        answer_id = s.execute(select(Answer.id).where(Answer.text == "my teacher Mrs Patel")).scalar_one()
        comment_store.raise_flag(s, answer_id, s.execute(select(Organisation.id).where(
            Organisation.slug == "riverside-camhs")).scalar_one(), "worker: physical abuse", level="check",
            source="worker", raised_reason=WORKER_REASON)
    run_sweep(utcnow() + timedelta(hours=5))  # the alerts and both escalations
    assert len(mailbox.received) == 4
    reasons = {f.reason for f in flags()}
    for _, message in mailbox.received:
        assert_no_child_words(message, DISCLOSURE, "Mrs Patel", WORKER_REASON, *reasons)


def test_without_a_lead_email_the_organisation_second_contact_hears(staff, mailbox):
    set_email("lead", "")
    child_writes(staff, "child-1")
    run_sweep()
    assert [rcpt for rcpt, _ in mailbox.received] == [["duty@example.org"]]


def test_a_flag_with_no_organisation_goes_to_the_admins(staff, mailbox):
    child_writes(staff, "child-1", "the toilets are dirty")
    with session_scope() as s:
        answer_id = s.execute(select(Answer.id)).scalar_one()
        comment_store.raise_flag(s, answer_id, None, "self-harm or suicidal thoughts")
    run_sweep()
    assert [rcpt for rcpt, _ in mailbox.received] == [["admin@example.org"]]
    assert "no organisation recorded" in mailbox.received[0][1]["Subject"]


def test_a_talk_request_tells_the_site_contact_the_site_and_time_only(staff, mailbox):
    set_site_contact(staff, "desk@example.org")
    with session_scope() as s:  # what the kiosk writes when a child taps "I'd like someone to talk to"
        site = s.execute(select(Site).where(Site.slug == staff)).scalar_one()
        s.add(Alert(kind="talk_request", site_id=site.id, organisation_id=site.organisation_id))
    run_sweep()
    [(rcpt, message)] = mailbox.received
    assert rcpt == ["desk@example.org"]
    body = message.get_content()
    assert "Riverside clinic waiting room" in body and "UK time" in body
    assert "Riverside CAMHS" not in message.as_string()


def test_a_talk_request_without_a_site_contact_goes_to_the_leads(staff, mailbox):
    with session_scope() as s:
        site = s.execute(select(Site).where(Site.slug == staff)).scalar_one()
        s.add(Alert(kind="talk_request", site_id=site.id, organisation_id=site.organisation_id))
    run_sweep()
    assert [rcpt for rcpt, _ in mailbox.received] == [["lead@example.org"]]


def test_an_unacknowledged_flag_escalates_once_an_acknowledged_one_never(staff, mailbox):
    child_writes(staff, "child-1")
    child_writes(staff, "child-2", "i want to kill myself")
    lead = accounts.authenticate("lead", "a long test password")
    first = flags()[0].id
    safeguarding.acknowledge(lead, first)
    run_sweep(utcnow() + timedelta(minutes=239))
    assert len(mailbox.to("duty@example.org")) == 0  # not yet
    summary = run_sweep(utcnow() + timedelta(minutes=241))
    assert summary.flags_escalated == 1
    [message] = mailbox.to("duty@example.org")
    assert "4 hours" in message["Subject"]
    run_sweep(utcnow() + timedelta(minutes=300))
    assert len(mailbox.to("duty@example.org")) == 1
    escalated = {f.id: f.escalated_at is not None for f in flags()}
    assert escalated == {first: False, flags()[1].id: True}


def test_an_escalation_with_no_second_contact_goes_to_the_admins(staff, mailbox):
    set_escalation_email("riverside-camhs", "")
    child_writes(staff, "child-1")
    run_sweep(utcnow() + timedelta(hours=5))
    assert len(mailbox.to("admin@example.org")) == 1


def test_a_mail_server_that_is_down_loses_nothing(staff, mailbox, monkeypatch):
    from tests.conftest import free_port
    from voice_app.config import get_settings

    child_writes(staff, "child-1")
    monkeypatch.setenv("VOICE_SMTP_PORT", str(free_port()))  # nothing listens there
    get_settings.cache_clear()
    summary = run_sweep()
    assert (summary.alerts_sent, summary.alerts_failed, summary.alerts_waiting) == (0, 1, 1)
    [alert] = alerts()
    assert alert.sent_at is None and alert.attempts == 1 and "mail server" in alert.last_error
    monkeypatch.setenv("VOICE_SMTP_PORT", str(mailbox.port))
    get_settings.cache_clear()
    assert run_sweep().alerts_sent == 1
    assert len(mailbox.to("lead@example.org")) == 1
    [alert] = alerts()
    assert alert.sent_at is not None and alert.attempts == 2


def test_with_email_off_alerts_wait_and_nothing_breaks(staff, monkeypatch):
    from voice_app.config import get_settings

    monkeypatch.delenv("VOICE_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    child_writes(staff, "child-1")
    summary = run_sweep()
    assert not summary.email_on and summary.alerts_waiting == 1
    assert "email is off" in summary.text()
    [alert] = alerts()
    assert alert.claimed_at is None and alert.attempts == 0


def test_an_alert_with_nobody_to_tell_waits_until_someone_has_an_email(staff, mailbox):
    for name in ("lead", "admin"):
        set_email(name, "")
    set_escalation_email("riverside-camhs", "")
    child_writes(staff, "child-1")
    assert run_sweep().alerts_failed == 1
    [alert] = alerts()
    assert alert.sent_at is None and "nobody to send it to" in alert.last_error
    set_email("lead", "lead@example.org")
    assert run_sweep().alerts_sent == 1


def test_two_servers_sweeping_at_once_send_each_alert_once(staff, mailbox):
    for i in range(5):
        child_writes(staff, f"child-{i}")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def server():
        start.wait()
        try:
            deliver_pending()
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=server) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(mailbox.received) == 5
    assert all(a.sent_at is not None for a in alerts())
