"""Retention: a child's own words are kept only as long as their organisation says.

Each organisation has a period in months (`Organisation.retention_months`, 24 unless an admin
sets another). That many months after a round closes (its end date; a round with no end date
counts from the day each response was sent) the words children wrote are replaced by their
redacted copy, the form workers, quotes and "You said" items already use. The codes made from
them (themes, sentiment, flags, quotes) and every figure stay as they are, and the codes are
never recomputed from the redacted copy. Words under a safeguarding flag that no lead has
closed are never touched: the lead still needs them.

Responses never sent are taken in first, by the sweep's own close: one idle past the kiosk's
idle time with any answer is closed (counted, its words screened, as when a child walks away)
and one with no answer at all is removed. An accepted answer is never deleted.

Run by `python -m voice_app retention` (cron); `--dry-run` reports, per organisation, what would
change, without a child's words. A real run is in the audit log."""
from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from voice_app.config import get_settings
from voice_app.services import audit
from voice_app.services.coding import code_pending
from voice_app.services.organisations import AdminError, check_retention_months
from voice_app.services.sweep import IDLE_MARGIN, close_idle_responses
from voice_app.store import retention as store
from voice_app.store.db import session_scope
from voice_app.store.models import RETENTION_MONTHS_DEFAULT, utcnow
from voice_app.store.queries import all_organisations

NO_ORGANISATION = "(no organisation)"


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_due_closing(today: date, months: int) -> date:
    """The latest closing date whose words are due today: due when closing + months <= today.
    (31 Aug + 6 months is 28 Feb, so on 28 Feb the rounds of 29, 30 and 31 Aug are due too.)"""
    day = add_months(today, -months)
    while add_months(day + timedelta(days=1), months) <= today:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class OrganisationRetention:
    organisation: str  # slug
    months: int
    texts_replaced: int = 0  # words replaced by their redacted copy (or due, on a dry run)
    texts_held_by_flag: int = 0  # due, but a safeguarding flag no lead has closed holds them
    unsubmitted_closed: int = 0  # never sent, with answers: closed and counted by the sweep's close
    unsubmitted_removed: int = 0  # never sent, no answer at all: removed


@dataclass(frozen=True)
class RetentionReport:
    dry_run: bool
    today: date
    organisations: tuple[OrganisationRetention, ...] = field(default_factory=tuple)

    def total(self, name: str) -> int:
        return sum(getattr(o, name) for o in self.organisations)

    def text(self) -> str:
        verb = ("would be", "would") if self.dry_run else ("were", "")
        lines = [f"Retention on {self.today.isoformat()}" + (" (dry run: nothing changed)" if self.dry_run else "")]
        for o in self.organisations:
            lines.append(f"{o.organisation} (kept {o.months} months): "
                         f"{o.texts_replaced} written answers {verb[0]} replaced by their redacted copy, "
                         f"{o.texts_held_by_flag} kept for an open safeguarding flag; "
                         f"unsent responses: {o.unsubmitted_closed} {verb[0]} closed and counted, "
                         f"{o.unsubmitted_removed} empty ones {verb[0]} removed")
        lines.append(f"Total: {self.total('texts_replaced')} replaced, {self.total('texts_held_by_flag')} "
                     f"held by a flag, {self.total('unsubmitted_closed')} closed, "
                     f"{self.total('unsubmitted_removed')} removed")
        return "\n".join(lines)


def run_retention(today: date | None = None, now: datetime | None = None,
                  dry_run: bool = False) -> RetentionReport:
    now = now or utcnow()
    today = today or now.date()
    idle_before = now - timedelta(seconds=get_settings().kiosk_idle_seconds) - IDLE_MARGIN
    counts: dict[int | None, Counter] = defaultdict(Counter)
    with session_scope() as session:
        for (org_id, answered), n in store.unsubmitted_counts(session, idle_before).items():
            counts[org_id]["unsubmitted_closed" if answered else "unsubmitted_removed"] = n
    if not dry_run:  # the sweep's own close, to the end: their words are screened and counted first
        while sum(close_idle_responses(now)):
            pass
    with session_scope() as session:
        organisations = {o.id: (o.slug, o.retention_months) for o in all_organisations(session)}
        for org_id in organisations:  # every organisation is in the report, with its period
            counts[org_id].update()
        cutoffs = {m: last_due_closing(today, m) for m in store.months_in_use(session)}
        if not dry_run:  # words never coded are screened (a flag holds them) and redacted first
            code_pending(session, response_ids=store.uncoded_due_responses(session, cutoffs))
        for org_id, n in store.due_text_counts(session, cutoffs, open_flag=True).items():
            counts[org_id]["texts_held_by_flag"] = n
        if dry_run:
            for org_id, n in store.due_text_counts(session, cutoffs).items():
                counts[org_id]["texts_replaced"] = n
        else:
            due = store.due_text(session, cutoffs)
            for _, org_id in due:
                counts[org_id]["texts_replaced"] += 1
            store.replace_with_redacted(session, [answer_id for answer_id, _ in due], now)
        report = RetentionReport(dry_run, today, tuple(
            OrganisationRetention(*organisations.get(org_id, (NO_ORGANISATION, RETENTION_MONTHS_DEFAULT)),
                                  **values)
            for org_id, values in sorted(counts.items(),
                                         key=lambda kv: organisations.get(kv[0], (NO_ORGANISATION,))[0])))
        if not dry_run:  # in the same transaction: the event is kept if and only if the change is
            audit.record_in(session, None, "retention", today.isoformat(), **{
                o.organisation: {"replaced": o.texts_replaced, "held_by_flag": o.texts_held_by_flag,
                                 "closed": o.unsubmitted_closed, "removed": o.unsubmitted_removed}
                for o in report.organisations})
    return report


def set_months(organisation_slug: str, months: int) -> None:
    """An organisation's retention period (from the command line: audited as `system`)."""
    check_retention_months(months)
    with session_scope() as session:
        if not store.set_months(session, organisation_slug, months):
            raise AdminError(f"no organisation '{organisation_slug}'")
        audit.record_in(session, None, "organisation.retention", organisation_slug, months=months)
