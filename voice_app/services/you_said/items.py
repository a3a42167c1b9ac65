"""Closing the loop: "You said… We did…" items. A worker turns a theme or a figure into an item,
records what changed (or what is being done, or an honest "we can't, because…"), and publishes
it. This module holds an item's rules and its writing: create, edit (with its history), publish
and the evidence photo. Reading is in item_views, the public notice in notices, drafts in drafts."""
from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import urlparse

from voice_app.pictures import PictureError, clean_photo
from voice_app.services import access, audit
from voice_app.services.accounts import StaffUser
from voice_app.services.text import SHORT, clean_text
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


# --- checks ---------------------------------------------------------------------------------

def check_org(user: StaffUser, organisation_id: int) -> None:
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
    check_org(user, organisation_id)
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
        audit.record_in(session, user, "created a you-said item", f"item {item.id}")
        return item.id


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
        item = item_for(session, user, item_id)
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


def item_for(session, user: StaffUser, item_id: int):
    item = store.item(session, item_id)
    if item is None:
        raise ItemError(f"no item {item_id}")
    check_org(user, item.organisation_id)
    return item


def publish(user: StaffUser, item_id: int, published: bool = True) -> None:
    """Put an item on the public page and posters (or take it off). Audited."""
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        item = item_for(session, user, item_id)
        _check_complete(item)
        if item.published == published:
            return
        item.published = published
        item.updated_at = utcnow()
        store.save_item(session, item)
        store.add_change(session, item.id, user.id, json.dumps({"published": [not published, published]}))
        audit.record_in(session, user, "published a you-said item" if published else "unpublished a you-said item",
                        f"item {item_id}")


def set_photo(user: StaffUser, item_id: int, data: bytes | None) -> None:
    """Evidence photo, re-encoded: this drops camera metadata (where and when it was taken)."""
    access.require(user, access.Can.READ_COMMENTS)
    photo = _clean_photo(data) if data else None
    with session_scope() as session:
        item = item_for(session, user, item_id)
        item.evidence_photo = photo
        item.updated_at = utcnow()
        store.save_item(session, item)
        store.add_change(session, item.id, user.id, json.dumps({"photo": "added" if photo else "removed"}))


def _clean_photo(data: bytes) -> bytes:
    try:
        return clean_photo(data, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE)
    except PictureError as err:
        raise ItemError(f"that photo cannot be used: {err}") from None


def photo(user: StaffUser | None, item_id: int) -> bytes | None:
    """The evidence photo: staff of the organisation, or anyone once the item is published."""
    with session_scope() as session:
        item = store.item(session, item_id)
        if item is None:
            return None
        if not item.published:
            access.require(user, access.Can.READ_COMMENTS)
            check_org(user, item.organisation_id)
        return item.evidence_photo


def history(user: StaffUser, item_id: int) -> list[dict]:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        item_for(session, user, item_id)
        return [{"at": c.at, "user_id": c.user_id, "change": json.loads(c.change)}
                for c in store.changes(session, item_id)]
