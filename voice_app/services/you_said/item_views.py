"""How staff and the public see "You said… We did…" items: plain views (counts suppressed for
anyone but staff), the organisations and sites a worker may pick, and the loop measured."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from analysis import suppression
from voice_app.config import get_settings
from voice_app.services import access, comments
from voice_app.services.accounts import StaffUser
from voice_app.services.report_models import LoopStats
from voice_app.services.you_said.items import CLOSED, STATUS_WORDS, STATUSES, check_org, item_for
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import session_or_scope, session_scope

@dataclass
class ItemView:
    """An item as a page sees it: plain data, never a table object."""
    id: int
    organisation_id: int
    organisation: str
    site_id: int | None
    site: str | None
    survey: str | None
    round: str | None
    theme_id: str | None
    theme: str | None
    source_count: int | str | None
    source_figure: str | None
    you_said: str
    we_did: str
    status: str
    owner_role: str
    due_on: date | None
    progress: str
    cant_because: str
    evidence_text: str
    evidence_link: str
    has_photo: bool
    published: bool
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None
    quotes: list[str] = field(default_factory=list)
    quote_answer_ids: list[int] = field(default_factory=list)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


def views(session, rows, audience: str) -> list[ItemView]:
    orgs, sites, surveys, rounds = store.names(session)
    quotes = store.publishable_quotes(session, [r.id for r in rows])
    theme_names = comments.theme_names()
    threshold = get_settings().suppression_threshold
    out = []
    for r in rows:
        count = r.source_count
        if audience != "staff" and count is not None:
            count = suppression.suppress_count(count, threshold)
        out.append(ItemView(
            id=r.id, organisation_id=r.organisation_id, organisation=orgs[r.organisation_id].name,
            site_id=r.site_id, site=sites[r.site_id].name if r.site_id in sites else None,
            survey=surveys[r.survey_id].key if r.survey_id in surveys else None,
            round=rounds[r.round_id].name if r.round_id in rounds else None,
            theme_id=r.theme_id, theme=theme_names.get(r.theme_id) if r.theme_id else None,
            source_count=count, source_figure=r.source_figure, you_said=r.you_said, we_did=r.we_did,
            status=r.status, owner_role=r.owner_role, due_on=r.due_on, progress=r.progress,
            cant_because=r.cant_because, evidence_text=r.evidence_text, evidence_link=r.evidence_link,
            has_photo=r.evidence_photo is not None, published=r.published, created_at=r.created_at,
            updated_at=r.updated_at, done_at=r.done_at, quotes=quotes.get(r.id, []),
            quote_answer_ids=store.linked_answer_ids(session, r.id) if audience == "staff" else []))
    return out


def list_items(user: StaffUser) -> list[ItemView]:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        return views(session, store.items(session, organisation_ids=access.organisation_ids(user)), "staff")


def get_item(user: StaffUser, item_id: int) -> ItemView:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        return views(session, [item_for(session, user, item_id)], "staff")[0]


def quote_comments(user: StaffUser, item_id: int) -> list[tuple[int, str]]:
    """(answer_id, wording) of an item's quotes, so a worker can send one to the lead."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        item_for(session, user, item_id)
        return [(a, t) for _, a, t in store.publishable_quote_rows(session, [item_id])]


def organisation_choices(user: StaffUser) -> dict[int, str]:
    allowed = access.organisation_ids(user)
    with session_scope() as session:
        return {o.id: o.name for o in queries.all_organisations(session)
                if allowed is None or o.id in allowed}


def site_choices(user: StaffUser, organisation_id: int) -> dict[int, str]:
    check_org(user, organisation_id)
    with session_scope() as session:
        return {s.id: s.name for s in queries.all_sites(session) if s.organisation_id == organisation_id}


# --- closing the loop, measured -------------------------------------------------------------

def loop_stats(organisation_ids: list[int] | None, end: date | None = None, session=None) -> LoopStats:
    """How many items exist, how many reached "we did", the share closed and how long it took."""
    with session_or_scope(session) as session:
        rows = store.items(session, organisation_ids=organisation_ids, created_to=end_of(end))
    by_status = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    days = [(r.done_at - r.created_at).days for r in rows if r.status in CLOSED and r.done_at]
    total = len(rows)
    closed = by_status["done"] + by_status["not_possible"]
    return LoopStats(items=total, published=sum(1 for r in rows if r.published), **by_status,
                     we_did=by_status["done"], closed=closed,
                     closed_pct=round(100 * closed / total) if total else None,
                     median_days_to_close=statistics.median(days) if days else None)


def end_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None
