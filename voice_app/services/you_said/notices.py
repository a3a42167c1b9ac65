"""The public notice of "You said… We did…": one organisation's or one site's published items,
the published items a report reads, and the kiosk link a poster's QR code points to."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from voice_app.services import access
from voice_app.services.accounts import StaffUser
from voice_app.services.kiosk_links import kiosk_url
from voice_app.services.you_said.item_views import ItemView, end_of, views
from voice_app.services.you_said.items import check_org
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import session_scope

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
        return Notice(title, org.slug, site.slug if site else None, views(session, rows, "public"))


def organisation_notice(user: StaffUser, organisation_id: int) -> Notice | None:
    """The organisation's public notice, for a worker making its poster."""
    check_org(user, organisation_id)
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
    check_org(user, site.organisation_id)
    return public_notice(site_slug=site.slug)


def public_items(organisation_ids: list[int] | None, start: date | None = None,
                 end: date | None = None) -> list[ItemView]:
    """Published items (for reports), suppressed like everything the public sees."""
    with session_scope() as session:
        rows = store.items(session, organisation_ids=organisation_ids, published_only=True,
                           created_to=end_of(end))
        return views(session, rows, "public")


def notice_link(notice: Notice, survey_key: str | None = None) -> str | None:
    """The kiosk link a poster's QR code points to: the kiosk of the site the notice is for, and
    the survey its items came from (or the one given). An organisation's notice is for no one
    clinic, so it has none: a code leading to another clinic's kiosk would be worse."""
    key = survey_key or next((i.survey for i in notice.items if i.survey), None)
    if not key or not notice.site_slug:
        return None
    return kiosk_url(key, notice.site_slug)
