"""Alerts that reach someone: the outbox of emails to safeguarding leads, second contacts and
site staff, sent by SMTP. An email says that something is waiting, where and when, and links
to the queue; it never carries a child's words, the screen's reason or a worker's comment,
because email leaves our control (forwarded, read on a shared screen, kept in a mailbox)."""
from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from voice_app.config import Settings, get_settings
from voice_app.services.access import Role
from voice_app.store import alerts as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

log = logging.getLogger(__name__)
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


def clean_email(value: str | None) -> str:
    """An address as an admin typed it: '' for none, or a ValueError that says what is wrong
    (an alert sent to a mistyped address reaches nobody)."""
    value = (value or "").strip()
    if value and (len(value) > 254 or not _EMAIL.fullmatch(value)):
        raise ValueError(f"'{value[:60]}' is not an email address (one address, like name@example.org)")
    return value

# A claim older than this belongs to a server that stopped mid-send: another one takes over.
CLAIM_TIMEOUT = timedelta(minutes=5)
SMTP_TIMEOUT_SECONDS = 15
UK = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # still unsent after this run (email off, or failed and to be retried)
    email_on: bool = True


@dataclass(frozen=True)
class Outgoing:
    alert_id: int
    recipients: list[str]
    message: EmailMessage | None  # None: nobody to send it to yet


# --- escalation -----------------------------------------------------------------------------

def queue_escalations(now: datetime | None = None) -> int:
    """Flags still open (not acknowledged) past the set time go to the second contact, once."""
    now = now or utcnow()
    created_before = now - timedelta(minutes=get_settings().alert_escalate_after_minutes)
    with session_scope() as session:
        candidates = store.flags_to_escalate(session, created_before)
    escalated = 0
    for flag_id in candidates:
        with session_scope() as session:  # the mark and its alert commit together
            escalated += store.escalate(session, flag_id, created_before, now)
    return escalated


# --- recipients and wording -----------------------------------------------------------------

def recipients(session, f: store.AlertFacts) -> list[str]:
    """Who hears of an alert, first route with an address wins; admins are the last resort, so
    an alert is never addressed to nobody while anyone could be told."""
    leads = store.emails(session, (Role.LEAD,), f.organisation_id) if f.organisation_id else []
    second = [f.escalation_email] if f.escalation_email else []
    site = [f.site_contact] if f.site_contact else []
    routes = {"new_flag": [leads, second], "escalation": [second],
              "talk_request": [site, leads, second]}.get(f.kind, [])
    for emails in (*routes, store.emails(session, (Role.ADMIN,))):
        if found := _unique(emails):
            return found
    return []


def _unique(emails: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for email in emails:
        email = email.strip()
        if email and email.lower() not in seen:
            seen[email.lower()] = email
    return list(seen.values())


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "a moment ago"
    m = moment.astimezone(UK)
    return f"{m:%A} {m.day} {m:%B %Y at %H:%M} (UK time)"


def _place(f: store.AlertFacts) -> tuple[str, str]:
    return (f.site_name or "a site not recorded", f.organisation_name or "no organisation recorded")


def wording(f: store.AlertFacts, settings: Settings) -> tuple[str, str]:
    """(subject, body) from names and times only."""
    queue = f"{settings.public_url.rstrip('/')}/safeguarding"
    site, org = _place(f)
    sign_in = ("Sign in to read it and record what you do. The comment itself is never sent by email.\n\n"
               f"Safeguarding queue: {queue}\n")
    if f.kind == "talk_request":
        return ("A young person would like someone to talk to",
                f"A young person at {site} asked for someone there to talk to them, "
                f"on {_when(f.created_at)}.\n\nPlease go and find them, calmly, as soon as you can.\n")
    if f.kind == "escalation":
        hours = settings.alert_escalate_after_minutes / 60
        waited = f"{hours:g} hour{'s' if hours != 1 else ''}"
        return (f"Safeguarding: a concern has waited {waited} without a lead ({org})",
                f"A comment flagged for safeguarding on {_when(f.flag_created_at)} at {site} ({org}) "
                f"has not been acknowledged by a safeguarding lead after {waited}.\n\n"
                "Please make sure someone looks at it now.\n\n"
                + sign_in)
    if f.flag_level == "check":
        subject, urgency = f"Safeguarding: a comment to check is waiting ({org})", "lower priority: to check"
    else:
        subject, urgency = f"Safeguarding: a concern is waiting ({org})", "please look at it now"
    return (subject,
            f"A comment written by a young person at {site} ({org}) on {_when(f.flag_created_at)} "
            f"has been flagged for a safeguarding lead ({urgency}).\n\n" + sign_in)


def compose(f: store.AlertFacts, to: list[str], settings: Settings) -> EmailMessage:
    subject, body = wording(f, settings)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = settings.smtp_from
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    msg.set_content(body + "\n-- \nvoice_app (an automatic message: replies are not read)\n")
    return msg


# --- delivery -------------------------------------------------------------------------------

def deliver_pending(now: datetime | None = None) -> Delivery:
    """Claim and send unsent alerts. With no SMTP host set, email is off and alerts wait."""
    settings = get_settings()
    now = now or utcnow()
    if not settings.smtp_host:
        with session_scope() as session:
            return Delivery(waiting=store.pending_count(session), email_on=False)
    with session_scope() as session:  # committed at once, so other servers see the claims
        claimed = store.claim_pending(session, now, now - CLAIM_TIMEOUT)
    sent = failed = 0
    if claimed:
        outgoing = _prepare(claimed, settings)
        sent, failed = _send_all(outgoing, settings)
    with session_scope() as session:
        return Delivery(sent=sent, failed=failed, waiting=store.pending_count(session))


def _prepare(alert_ids: list[int], settings: Settings) -> list[Outgoing]:
    with session_scope() as session:
        out = []
        for alert_id in alert_ids:
            f = store.facts(session, alert_id)
            to = recipients(session, f)
            out.append(Outgoing(alert_id, to, compose(f, to, settings) if to else None))
        return out


def _send_all(outgoing: list[Outgoing], settings: Settings) -> tuple[int, int]:
    sent = failed = 0
    nobody = [o for o in outgoing if o.message is None]
    for o in nobody:
        _failed(o, "nobody to send it to: add an email for a lead, the organisation or an admin")
    failed += len(nobody)
    ready = [o for o in outgoing if o.message is not None]
    if not ready:
        return sent, failed
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as err:
        for o in ready:
            _failed(o, f"could not reach the mail server: {_describe(err)}")
        return sent, failed + len(ready)
    with smtp:
        for o in ready:
            try:
                refused = smtp.send_message(o.message)
            except (OSError, smtplib.SMTPException) as err:
                _failed(o, _describe(err))
                failed += 1
                continue
            with session_scope() as session:  # marked at once: a crash later cannot resend it
                note = f"refused by the server: {', '.join(refused)}" if refused else None
                store.mark_sent(session, o.alert_id, ", ".join(o.recipients), utcnow(), note)
            sent += 1
    return sent, failed


def _failed(o: Outgoing, error: str) -> None:
    log.warning("alert %s not sent (will retry): %s", o.alert_id, error)
    with session_scope() as session:
        store.mark_failed(session, o.alert_id, ", ".join(o.recipients), error)


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_port == 465:  # implicit TLS
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                              timeout=SMTP_TIMEOUT_SECONDS,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_starttls and settings.smtp_port != 465:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp
