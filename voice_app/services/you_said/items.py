"""Closing the loop: "You said… We did…" items. A worker turns a theme or a figure into an item,
records what changed (or what is being done, or an honest "we can't, because…"), and publishes
it. The public page, the poster, the board summary and the annual report read from here."""
from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from urllib.parse import urlparse

from analysis import suppression
from voice_app.config import get_settings
from voice_app.pictures import PictureError, clean_photo
from voice_app.services import access, audit, comments, results
from voice_app.services.accounts import StaffUser
from voice_app.services.kiosk_links import kiosk_url
from voice_app.services.surveys import latest_definition
from voice_app.services.text import SHORT, clean_text
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

STATUSES = ("planned", "in_progress", "done", "not_possible")
STATUS_WORDS = {"planned": "We are planning this", "in_progress": "We are doing this",
                "done": "We did this", "not_possible": "We can't do this, and here is why"}
CLOSED = ("done", "not_possible")  # an honest "we can't" closes the loop too
EDITABLE = ("you_said", "we_did", "status", "owner_role", "due_on", "progress", "cant_because",
            "evidence_text", "evidence_link", "site_id", "theme_id", "source_count", "source_figure")
# Each text field's limit: what a poster, a page and a report can carry, or its column's size.
TEXT_LIMITS = {"you_said": 1000, "we_did": 2000, "progress": 2000, "cant_because": 2000,
               "evidence_text": 2000, "owner_role": SHORT, "evidence_link": 500, "theme_id": 80,
               "source_figure": 300}
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 1600


class ItemError(ValueError):
    pass


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


# --- checks ---------------------------------------------------------------------------------

def _check_org(user: StaffUser, organisation_id: int) -> None:
    allowed = access.organisation_ids(user)
    if allowed is not None and organisation_id not in allowed:
        raise PermissionError("that item belongs to another organisation")


def _clean(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise ItemError(f"'{key}' cannot be changed here")
        if key in TEXT_LIMITS and isinstance(value, str):
            value = clean_text(value, key.replace("_", " "), TEXT_LIMITS[key], ItemError)
        out[key] = value.strip() if isinstance(value, str) else value
    if "status" in out and out["status"] not in STATUSES:
        raise ItemError(f"status must be one of {', '.join(STATUSES)}")
    if out.get("evidence_link"):
        parsed = urlparse(out["evidence_link"])
        # Only web links: a javascript: or data: link on a public page would be an attack.
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ItemError("the evidence link must start with http:// or https://")
    if out.get("source_count") is not None and int(out["source_count"]) < 0:
        raise ItemError("the count cannot be negative")
    return out


def _check_complete(item) -> None:
    """Each status needs the words that make it an answer a child can read."""
    if not item.you_said.strip():
        raise ItemError("write what children said")
    if item.status == "done" and not item.we_did.strip():
        raise ItemError("'done' needs what we did")
    if item.status == "in_progress" and not (item.owner_role.strip() and item.due_on):
        raise ItemError("'in progress' needs a named role and a due date")
    if item.status == "not_possible" and not item.cant_because.strip():
        raise ItemError("'not possible' needs the reason we can't")


def _check_site(session, site_id: int | None, organisation_id: int) -> None:
    if site_id is None:
        return
    _, sites, _, _ = store.names(session)
    if site_id not in sites or sites[site_id].organisation_id != organisation_id:
        raise ItemError("that site belongs to another organisation")


# --- writing --------------------------------------------------------------------------------

def create(user: StaffUser, organisation_id: int, you_said: str, *, survey_key: str | None = None,
           round_name: str | None = None, quote_answer_ids: list[int] = (), **values) -> int:
    """A new item (planned, unpublished). Returns its id."""
    access.require(user, access.Can.READ_COMMENTS)
    _check_org(user, organisation_id)
    values = _clean({"you_said": you_said, **values})
    values.setdefault("status", "planned")
    with session_scope() as session:
        survey_id, round_id = _survey_round(session, survey_key, round_name)
        _check_site(session, values.get("site_id"), organisation_id)
        item = store.add_item(session, organisation_id=organisation_id, survey_id=survey_id,
                              round_id=round_id, created_by=user.id, **values)
        _check_complete(item)
        if values["status"] in CLOSED:
            item.done_at = utcnow()
        _link_quotes(session, item, quote_answer_ids)
        store.add_change(session, item.id, user.id, json.dumps({"created": _jsonable(values)}))
        item_id = item.id
    audit.record(user, "created a you-said item", f"item {item_id}")
    return item_id


def _survey_round(session, survey_key: str | None, round_name: str | None) -> tuple[int | None, int | None]:
    if not survey_key:
        return None, None
    survey = queries.survey_by_key(session, survey_key)
    if survey is None:
        raise ItemError(f"no survey called '{survey_key}'")
    round_ = queries.round_by_name(session, survey.id, round_name) if round_name else None
    if round_name and round_ is None:
        raise ItemError(f"survey '{survey_key}' has no round '{round_name}'")
    return survey.id, round_.id if round_ else None


def _link_quotes(session, item, answer_ids) -> None:
    answer_ids = [int(a) for a in answer_ids]
    ok = {a for a, org in store.quote_candidates(session, answer_ids) if org == item.organisation_id}
    bad = [a for a in answer_ids if a not in ok]
    if bad:
        raise ItemError("only approved quotes of this organisation can be linked")
    store.set_quotes(session, item.id, answer_ids)


def _jsonable(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in values.items()}


def update(user: StaffUser, item_id: int, quote_answer_ids: list[int] | None = None, **values) -> None:
    """Change an item; every change is kept in its history with who and when."""
    access.require(user, access.Can.READ_COMMENTS)
    values = _clean(values)
    with session_scope() as session:
        item = _item_for(session, user, item_id)
        if "site_id" in values:
            _check_site(session, values["site_id"], item.organisation_id)
        before = {k: getattr(item, k) for k in values}
        changed = {k: [before[k], v] for k, v in values.items() if before[k] != v}
        for key, value in values.items():
            setattr(item, key, value)
        _check_complete(item)
        if "status" in changed:
            item.done_at = utcnow() if item.status in CLOSED else None
        if quote_answer_ids is not None and sorted(quote_answer_ids) != store.linked_answer_ids(session, item.id):
            changed["quotes"] = [store.linked_answer_ids(session, item.id), sorted(quote_answer_ids)]
            _link_quotes(session, item, quote_answer_ids)
        if not changed:
            return
        item.updated_at = utcnow()
        store.save_item(session, item)
        store.add_change(session, item.id, user.id,
                         json.dumps({k: [_jsonable({"v": a})["v"] for a in pair] for k, pair in changed.items()}))


def _item_for(session, user: StaffUser, item_id: int):
    item = store.item(session, item_id)
    if item is None:
        raise ItemError(f"no item {item_id}")
    _check_org(user, item.organisation_id)
    return item


def publish(user: StaffUser, item_id: int, published: bool = True) -> None:
    """Put an item on the public page and posters (or take it off). Audited."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        item = _item_for(session, user, item_id)
        _check_complete(item)
        if item.published == published:
            return
        item.published = published
        item.updated_at = utcnow()
        store.save_item(session, item)
        store.add_change(session, item.id, user.id, json.dumps({"published": [not published, published]}))
    audit.record(user, "published a you-said item" if published else "unpublished a you-said item",
                 f"item {item_id}")


def set_photo(user: StaffUser, item_id: int, data: bytes | None) -> None:
    """Evidence photo, re-encoded: this drops camera metadata (where and when it was taken)."""
    access.require(user, access.Can.READ_COMMENTS)
    photo = _clean_photo(data) if data else None
    with session_scope() as session:
        item = _item_for(session, user, item_id)
        item.evidence_photo = photo
        item.updated_at = utcnow()
        store.save_item(session, item)
        store.add_change(session, item.id, user.id, json.dumps({"photo": "added" if photo else "removed"}))


def _clean_photo(data: bytes) -> bytes:
    try:
        return clean_photo(data, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE)
    except PictureError as err:
        raise ItemError(f"that photo cannot be used: {err}") from None


# --- reading --------------------------------------------------------------------------------

def _views(session, rows, audience: str) -> list[ItemView]:
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
        return _views(session, store.items(session, organisation_ids=access.organisation_ids(user)), "staff")


def get_item(user: StaffUser, item_id: int) -> ItemView:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        return _views(session, [_item_for(session, user, item_id)], "staff")[0]


def quote_comments(user: StaffUser, item_id: int) -> list[tuple[int, str]]:
    """(answer_id, wording) of an item's quotes, so a worker can send one to the lead."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        _item_for(session, user, item_id)
        return [(a, t) for _, a, t in store.publishable_quote_rows(session, [item_id])]


def photo(user: StaffUser | None, item_id: int) -> bytes | None:
    """The evidence photo: staff of the organisation, or anyone once the item is published."""
    with session_scope() as session:
        item = store.item(session, item_id)
        if item is None:
            return None
        if not item.published:
            access.require(user, access.Can.READ_COMMENTS)
            _check_org(user, item.organisation_id)
        return item.evidence_photo


def history(user: StaffUser, item_id: int) -> list[dict]:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        _item_for(session, user, item_id)
        return [{"at": c.at, "user_id": c.user_id, "change": json.loads(c.change)}
                for c in store.changes(session, item_id)]


@dataclass
class Notice:
    """What children see: one organisation's or one site's published items."""
    title: str
    organisation_slug: str
    site_slug: str | None
    items: list[ItemView]


def public_notice(org_slug: str | None = None, site_slug: str | None = None) -> Notice | None:
    """Published items only, approved quotes only, counts suppressed. No login needed."""
    with session_scope() as session:
        site = queries.site_by_slug(session, site_slug) if site_slug else None
        org = None
        if site is not None:
            org = store.names(session)[0].get(site.organisation_id)
        elif org_slug:
            org = queries.organisation_by_slug(session, org_slug)
        if org is None:
            return None
        rows = store.items(session, organisation_ids=[org.id], site_id=site.id if site else None,
                           published_only=True)
        title = site.name if site else org.name
        return Notice(title, org.slug, site.slug if site else None, _views(session, rows, "public"))


def organisation_notice(user: StaffUser, organisation_id: int) -> Notice | None:
    """The organisation's public notice, for a worker making its poster."""
    _check_org(user, organisation_id)
    with session_scope() as session:
        org = store.names(session)[0].get(organisation_id)
    return public_notice(org_slug=org.slug) if org else None


def site_notice(user: StaffUser, site_id: int) -> Notice | None:
    """One site's notice (its own items and its organisation's), for the poster printed for it."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        site = store.names(session)[1].get(site_id)
    if site is None:
        return None
    _check_org(user, site.organisation_id)
    return public_notice(site_slug=site.slug)


def public_items(organisation_ids: list[int] | None, start: date | None = None,
                 end: date | None = None) -> list[ItemView]:
    """Published items (for reports), suppressed like everything the public sees."""
    with session_scope() as session:
        rows = store.items(session, organisation_ids=organisation_ids, published_only=True,
                           created_to=_end_of(end))
        return _views(session, rows, "public")


def _end_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None


# --- prefilled drafts from a theme or a figure ----------------------------------------------

@dataclass
class Draft:
    organisation_id: int | None
    survey_key: str | None
    round_name: str | None
    theme_id: str | None = None
    source_count: int | None = None
    source_figure: str | None = None
    you_said: str = ""
    quote_answer_ids: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def draft_from_theme(user: StaffUser, survey_key: str, round_name: str, theme_id: str,
                     organisation_id: int | None = None) -> Draft:
    """A starting point in children's words: how many talked about the theme, and what they said."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    name = comments.theme_names().get(theme_id)
    if name is None:
        raise ItemError(f"unknown theme '{theme_id}'")
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        round_ = queries.round_by_name(session, survey.id, round_name) if survey else None
        if round_ is None:
            raise ItemError(f"no round '{round_name}' in survey '{survey_key}'")
        rows = comment_store.comment_rows(session, organisation_ids=org_ids, survey_key=survey_key,
                                          round_ids=[round_.id], theme=theme_id, limit=100_000)
    negative = int((rows["sentiment"] == "negative").sum()) if len(rows) else 0
    quotes = rows[(rows["quote_status"] == "approved") & rows["quote_text"].notna()] if len(rows) else rows
    said = theme_words(theme_id, negative * 2 > len(rows))
    short = [q for q in quotes["quote_text"] if len(q) <= MAX_DRAFT_QUOTE] if len(quotes) else []
    if short:  # a child's own words say it better than ours
        said += f" One of you said: “{short[0]}”"
    return Draft(organisation_id=organisation_id or (org_ids[0] if org_ids else None),
                 survey_key=survey_key, round_name=round_name, theme_id=theme_id,
                 source_count=len(rows),
                 you_said=said,
                 quote_answer_ids=[int(a) for a in quotes["answer_id"][:3]] if len(quotes) else [],
                 quotes=list(quotes["quote_text"][:3]) if len(quotes) else [])


# What each theme means, as a child would say it: (when most liked it, when most wanted better).
THEME_WORDS = {
    "staff_manner": ("the staff are kind and friendly", "the staff could be kinder"),
    "staff_listening": ("the staff listen to you", "the staff could listen to you more"),
    "staff_competence": ("the staff know how to help you", "the staff could help you more"),
    "same_worker": ("you like seeing the same worker", "you want to keep the same worker"),
    "staffing": ("there are staff there when you need them", "the staff are too busy"),
    "feeling_safe": ("you feel safe here", "you do not always feel safe here"),
    "environment": ("you like the waiting room and the rooms", "the waiting room and the rooms could be nicer"),
    "cleanliness": ("it is clean and tidy here", "it could be cleaner here"),
    "location_travel": ("it is easy to get here", "it is hard to get here"),
    "waiting_times": ("you did not have to wait long", "you had to wait too long"),
    "appointments": ("your appointment times are good", "your appointment times could be better"),
    "remote_sessions": ("you like video and phone calls with us", "video and phone calls could be better"),
    "contacting": ("it is easy to get in touch with us", "it is hard to get in touch with us"),
    "information": ("we tell you what will happen", "we could tell you more about what will happen"),
    "medication": ("your medicine helps you", "we could tell you more about your medicine"),
    "family_involvement": ("you like how your family can join in", "your family could join in more, or less"),
    "school": ("we help you with school", "we could help more with school"),
    "activities": ("you like the things to do here", "there could be more things to do here"),
    "games_tech": ("you like the games and screens", "there could be more games and screens"),
    "food_drink": ("you like the snacks and drinks", "there could be better snacks and drinks"),
    "helped_me": ("coming here helps you", "coming here could help you more"),
    "privacy": ("you can talk here and no one else hears", "other people can hear what you say"),
    "positive_experience": ("you like coming here", "coming here could be better"),
    "negative_experience": ("coming here could be better", "you are not happy with us"),
}
MAX_DRAFT_QUOTE = 160


def theme_words(theme_id: str, negative: bool) -> str:
    """ "You told us the staff could be kinder.": a draft a child reads, not a theme label."""
    liked, better = THEME_WORDS.get(theme_id, (None, None))
    if liked is None:  # a theme added to the codebook later: its name, still as a sentence
        name = comments.theme_names().get(theme_id, theme_id).lower()
        liked, better = f"you like the {name}", f"the {name} could be better"
    return f"You told us {better if negative else liked}."


def theme_survey(user: StaffUser, theme_id: str, organisation_id: int | None = None) -> str | None:
    """The survey an item made from this theme is about: the one whose comments (of the
    organisation) talk most about it. None when no comment does."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    with session_scope() as session:
        return comment_store.theme_survey(session, org_ids, theme_id)


def draft_from_figure(user: StaffUser, survey_key: str, round_name: str, question_id: str,
                      organisation_id: int | None = None) -> Draft:
    """A starting point from a figure. The figure is the board-audience one, so it is safe to publish."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    report = results.round_report(survey_key, round_name, audience="board",
                                  site_slugs=_site_slugs(org_ids))
    fig = report["questions"].get(question_id)
    if fig is None:
        raise ItemError(f"no question '{question_id}' in survey '{survey_key}'")
    with session_scope() as session:
        definition = latest_definition(session, survey_key)[2]
    wording = comments.question_label(definition, question_id)
    pct = fig.get("positive_pct")
    figure = (f"{pct}% positive: {wording} (n={fig['n']})" if pct is not None
              else f"{wording} (not enough answers for a percentage)")
    said = (f"{pct}% of you gave a good answer to: {wording}" if pct is not None
            else f"You answered: {wording}")
    return Draft(organisation_id=organisation_id or (org_ids[0] if org_ids else None),
                 survey_key=survey_key, round_name=round_name, source_figure=figure[:300],
                 source_count=fig["n"] if isinstance(fig["n"], int) else None, you_said=said)


def _org_scope(user: StaffUser, organisation_id: int | None) -> list[int] | None:
    if organisation_id is not None:
        _check_org(user, organisation_id)
        return [organisation_id]
    return access.organisation_ids(user)


def _site_slugs(org_ids: list[int] | None) -> list[str] | None:
    if org_ids is None:
        return None
    with session_scope() as session:
        return [s.slug for s in queries.all_sites(session) if s.organisation_id in org_ids] or ["-none-"]


def organisation_choices(user: StaffUser) -> dict[int, str]:
    allowed = access.organisation_ids(user)
    with session_scope() as session:
        return {o.id: o.name for o in queries.all_organisations(session)
                if allowed is None or o.id in allowed}


def site_choices(user: StaffUser, organisation_id: int) -> dict[int, str]:
    _check_org(user, organisation_id)
    with session_scope() as session:
        return {s.id: s.name for s in queries.all_sites(session) if s.organisation_id == organisation_id}


# --- closing the loop, measured -------------------------------------------------------------

def loop_stats(organisation_ids: list[int] | None, end: date | None = None) -> dict:
    """How many items exist, how many reached "we did", the share closed and how long it took."""
    with session_scope() as session:
        rows = store.items(session, organisation_ids=organisation_ids, created_to=_end_of(end))
    by_status = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    days = [(r.done_at - r.created_at).days for r in rows if r.status in CLOSED and r.done_at]
    total = len(rows)
    closed = by_status["done"] + by_status["not_possible"]
    return {"items": total, "published": sum(1 for r in rows if r.published), **by_status,
            "we_did": by_status["done"], "closed": closed,
            "closed_pct": round(100 * closed / total) if total else None,
            "median_days_to_close": statistics.median(days) if days else None}


def notice_link(notice: Notice, survey_key: str | None = None) -> str | None:
    """The kiosk link a poster's QR code points to: the kiosk of the site the notice is for, and
    the survey its items came from (or the one given). An organisation's notice is for no one
    clinic, so it has none: a code leading to another clinic's kiosk would be worse."""
    key = survey_key or next((i.survey for i in notice.items if i.survey), None)
    if not key or not notice.site_slug:
        return None
    return kiosk_url(key, notice.site_slug)
