"""The safeguarding queue: a flagged comment reaches its organisation's lead at once and leaves
the queue only with a recorded decision."""
from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from analysis.text.safeguarding_rules import CATEGORIES
from voice_app.services import access, audit, exports
from voice_app.services.accounts import StaffUser
from voice_app.services.text import LONG, SHORT, clean_text
from voice_app.store import comments as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

ACTIONS = ("Referred to MASH", "Discussed with the young person's practitioner",
           "Followed the organisation's safeguarding procedure", "Contacted emergency services",
           "No concern on review")
OUTCOMES = {"concern": "A real concern", "no_concern": "No concern on review",
            "false_alarm": "False alarm: the screen was wrong"}


def queue(user: StaffUser, status: str | None = None) -> pd.DataFrame:
    """Flagged comments of the lead's organisations, newest first. Reading them is audited."""
    access.require(user, access.Can.HANDLE_SAFEGUARDING)
    with session_scope() as session:
        df = store.flag_rows(session, access.organisation_ids(user), status)
    audit.record(user, "viewed flagged comments", status or "all", count=len(df))
    return df


def _utc(moment: datetime) -> datetime:
    """A stored time as UTC (a database without time zones gives it back naive)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def waiting_words(since: datetime, now: datetime | None = None) -> str:
    """How long a flag has waited for a decision, as a lead says it: "for 2 days"."""
    hours = int((_utc(now or utcnow()) - _utc(since)).total_seconds() // 3600)
    if hours < 1:
        return "Waiting for a decision for less than an hour"
    count, unit = (hours, "hour") if hours < 24 else (hours // 24, "day")
    return f"Waiting for a decision for {count} {unit}{'' if count == 1 else 's'}"


def handled_words(row) -> list[str]:
    """Who acknowledged and who closed a flag (a queue row), when, and the closing notes."""
    def known(value) -> bool:
        return isinstance(value, str) and bool(value.strip())

    def when(moment) -> str:
        return f"{_utc(moment):%d %b %Y %H:%M}"

    lines = []
    if row.acknowledged_at is not None:
        lines.append(f"Acknowledged by {row.acknowledged_by if known(row.acknowledged_by) else 'a former user'}"
                     f" on {when(row.acknowledged_at)}")
    if row.closed_at is not None:
        lines.append(f"Closed by {row.closed_by if known(row.closed_by) else 'a former user'}"
                     f" on {when(row.closed_at)}")
        if known(row.notes):
            lines.append(f"Notes: {row.notes}")
    return lines


def open_count(user: StaffUser) -> int:
    """Flags not yet closed: shown on the lead's home page until someone decides."""
    access.require(user, access.Can.HANDLE_SAFEGUARDING)
    with session_scope() as session:
        counts = store.flag_counts(session, access.organisation_ids(user))
    return counts.get("open", 0) + counts.get("acknowledged", 0)


def _own_flag(session, user: StaffUser, flag_id: int):
    flag = store.flag(session, flag_id)
    allowed = access.organisation_ids(user)
    if flag is None or (allowed is not None and flag.organisation_id not in allowed):
        raise PermissionError("no such flag for your organisations")
    return flag


def acknowledge(user: StaffUser, flag_id: int) -> None:
    access.require(user, access.Can.HANDLE_SAFEGUARDING)
    with session_scope() as session:
        flag = _own_flag(session, user, flag_id)
        if flag.status == "open":
            flag.status, flag.acknowledged_by, flag.acknowledged_at = "acknowledged", user.id, utcnow()
            session.add(flag)
        audit.record_in(session, user, "acknowledged a safeguarding flag", f"flag {flag_id}")


def close(user: StaffUser, flag_id: int, action: str, outcome: str, notes: str = "") -> None:
    """Close with what was done and the decision; a false alarm is kept to improve the screen."""
    access.require(user, access.Can.HANDLE_SAFEGUARDING)
    action = clean_text(action, "note of what was done", SHORT)
    notes = clean_text(notes, "closing note", LONG)
    if not action:
        raise ValueError("record what was done before closing")
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    with session_scope() as session:
        flag = _own_flag(session, user, flag_id)
        now = utcnow()
        if flag.acknowledged_at is None:
            flag.acknowledged_by, flag.acknowledged_at = user.id, now
        flag.status, flag.action, flag.outcome, flag.notes = "closed", action, outcome, notes
        flag.closed_by, flag.closed_at = user.id, now
        session.add(flag)
        # No concern: the comment is an ordinary one again (themes, quotes); a real concern
        # stays out of the workers' view.
        store.set_flagged(session, flag.answer_id, outcome == "concern")
        audit.record_in(session, user, "closed a safeguarding flag", f"flag {flag_id}",
                        what_was_done=action, outcome=outcome)


def volumes(organisation_ids: list[int] | None, round_ids: list[int] | None = None) -> dict[str, int]:
    """Counts by status, for the board summary (which suppresses them)."""
    with session_scope() as session:
        return store.flag_counts(session, organisation_ids, round_ids)


# --- the human safety net: a worker sends a comment to the lead -------------------------------

MAX_REASON_CHARS = 1000
WORKER_FLAG_REASON = "sent by a worker"


def send_to_lead(user: StaffUser, answer_id: int, reason: str) -> bool:
    """"This worries me": a worker sends a comment the screen let through to the lead, with why.

    The comment leaves every worker's view at once and the lead is alerted (raise_flag does
    both, in this transaction). True when a new flag was opened; False when one existed."""
    access.require(user, access.Can.READ_COMMENTS)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValueError("say in a few words why this worries you")
    if len(reason) > MAX_REASON_CHARS:
        raise ValueError(f"keep the reason to {MAX_REASON_CHARS} characters")
    with session_scope() as session:
        if store.answer_text(session, answer_id) is None:
            raise LookupError("no such comment")
        organisation_id = store.comment_organisation(session, answer_id)
        allowed = access.organisation_ids(user)
        if allowed is not None and organisation_id not in allowed:
            raise PermissionError("that comment belongs to another organisation")
        opened = store.raise_flag(session, answer_id, organisation_id, WORKER_FLAG_REASON, level="concern",
                                  source="worker", raised_by=user.id, raised_reason=reason)
        # The reason stays with the flag, for the lead: the audit log is read more widely.
        audit.record_in(session, user, "sent a comment to the safeguarding lead", f"answer {answer_id}",
                        new_flag=opened)
    return opened


# --- the lead's verdict on the screen, kept for its next training -----------------------------

VERDICTS = {"screen_missed": "The screen missed this", "false_alarm": "False alarm"}


def record_verdict(user: StaffUser, flag_id: int, verdict: str, category: str | None = None) -> None:
    """On a closed flag: was the screen wrong? Kept as a labelled example (missed: a concern;
    false alarm: not one), with the category the lead chose or the screen's own."""
    access.require(user, access.Can.HANDLE_SAFEGUARDING)
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    if category and category not in CATEGORIES:
        raise ValueError(f"category must be one of {', '.join(CATEGORIES)}")
    with session_scope() as session:
        flag = _own_flag(session, user, flag_id)
        if flag.status != "closed":
            raise ValueError("record a decision and close the flag first")
        if flag.screen_verdict is not None:
            raise ValueError("the screen's verdict for this flag is already recorded")
        flag.screen_verdict = verdict
        session.add(flag)
        screen_category = flag.reason if flag.reason in CATEGORIES else None
        store.add_example(session, text=store.answer_text(session, flag.answer_id) or "",
                          concern=verdict == "screen_missed", category=category or screen_category,
                          source=verdict, flag_id=flag.id, organisation_id=flag.organisation_id,
                          created_by=user.id, created_at=utcnow())
        audit.record_in(session, user, "recorded the screen's verdict", f"flag {flag_id}", verdict=verdict)


def examples(user: StaffUser | None) -> pd.DataFrame:
    """Leads' verdicts as labelled examples (text, concern, category, source, created_at).
    None is the command line on the server, which sees every organisation."""
    if user is not None:
        access.require(user, access.Can.HANDLE_SAFEGUARDING)
    with session_scope() as session:
        return store.example_rows(session, access.organisation_ids(user) if user else None)


def examples_csv(user: StaffUser | None) -> bytes:
    """The examples in the development set's columns (text,concern,category; concern 1 or 0),
    safe to open in a spreadsheet, and audited."""
    df = examples(user)
    out = pd.DataFrame({"text": df["text"], "concern": df["concern"].astype(int),
                        "category": df["category"].astype(object).where(df["category"].notna(), "")})
    return exports.export(user, out, "csv", "safeguarding examples")
