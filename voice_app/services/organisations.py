"""Organisations of the partnership, their sites, and survey rounds: for the demo, the command
line and the partnership file, and the rules every change is checked by. Admins change them on
screen through organisations_admin."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from voice_app.services import audit, site_settings
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.services.alerts import clean_email
from voice_app.services.surveys import UnknownSurvey
from voice_app.services.text import clean_text
from voice_app.store import admin, queries
from voice_app.store.db import session_scope
from voice_app.store.models import RETENTION_MONTHS_RANGE, Organisation, Round, Site


@dataclass(frozen=True)
class SiteInfo:
    slug: str
    name: str
    organisation: str


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    invited: int | None
    opens_on: date | None = None
    closes_on: date | None = None


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "x"


def ensure_organisation(name: str, slug: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        if queries.organisation_by_slug(session, slug) is None:
            session.add(Organisation(slug=slug, name=name))
    return slug


def organisation_id(slug: str) -> int:
    """The id of the organisation a command names by its slug."""
    with session_scope() as session:
        org = queries.organisation_by_slug(session, slug)
        if org is None:
            raise LookupError(f"no organisation '{slug}'")
        return org.id


def ensure_site(org_slug: str, name: str, slug: str | None = None, setting: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        org = queries.organisation_by_slug(session, org_slug)
        if org is None:
            raise LookupError(f"no organisation '{org_slug}'")
        site = queries.site_by_slug(session, slug) or Site(organisation_id=org.id, slug=slug, name=name)
        site.setting = site.setting or checked_setting(setting)  # a setting an admin chose is kept
        session.add(site)
    return slug


def list_sites() -> list[SiteInfo]:
    with session_scope() as session:
        orgs = {o.id: o.name for o in queries.all_organisations(session)}
        return [SiteInfo(s.slug, s.name, orgs.get(s.organisation_id, "")) for s in queries.all_sites(session)]


def ensure_round(survey_key: str, name: str, invited: int | None = None,
                 opens_on: date | None = None, closes_on: date | None = None) -> RoundInfo:
    """Find or create a round; a given invited count is recorded."""
    if invited is not None and invited < 0:
        raise ValueError("invited cannot be negative")
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        if survey is None:
            raise UnknownSurvey(f"no survey called '{survey_key}'")
        round_ = queries.round_by_name(session, survey.id, name)
        if round_ is None:
            round_ = Round(survey_id=survey.id, name=name, opens_on=opens_on, closes_on=closes_on)
        if invited is not None:
            round_.invited = invited
        session.add(round_)
        session.flush()
        return RoundInfo(round_.id, round_.name, round_.invited)


# --- the command line and the partnership file: idempotent, in the caller's transaction --------

@dataclass(frozen=True)
class Added:
    slug: str
    status: str  # created, exists (nothing changed), updated


def add_organisation(name: str, slug: str | None = None) -> Added:
    with session_scope() as session:
        return add_organisation_in(session, name, slug)


def add_site(org_slug: str, name: str, slug: str | None = None, contact_email: str | None = None,
             setting: str | None = None) -> Added:
    with session_scope() as session:
        return add_site_in(session, org_slug, name, slug, contact_email, setting)


def add_organisation_in(session, name: str, slug: str | None = None) -> Added:
    """The organisation, created unless one with this slug and name is there already; a slug
    that another organisation holds is refused rather than renamed from a script."""
    name, slug = name.strip(), (slug or "").strip() or slugify(name)
    check_name_and_slug(name, slug)
    org = queries.organisation_by_slug(session, slug)
    if org is not None:
        if org.name != name:
            raise AdminError(f"the slug '{slug}' is already used by the organisation '{org.name}'")
        return Added(slug, "exists")
    session.add(Organisation(slug=slug, name=name))
    session.flush()
    audit.record_in(session, None, "organisation.create", slug, name=name)
    return Added(slug, "created")


def add_site_in(session, org_slug: str, name: str, slug: str | None = None,
                contact_email: str | None = None, setting: str | None = None) -> Added:
    """The site, created unless it is there already; a contact email or setting given is
    recorded (None leaves the one recorded alone)."""
    name, slug = name.strip(), (slug or "").strip() or slugify(name)
    check_name_and_slug(name, slug)
    email = None if contact_email is None else checked_email(contact_email)
    setting = checked_setting(setting)
    org = queries.organisation_by_slug(session, org_slug)
    if org is None:
        raise AdminError(f"no organisation '{org_slug}' (add it first with add-organisation)")
    site = queries.site_by_slug(session, slug)
    if site is not None and (site.organisation_id != org.id or site.name != name):
        owner = admin.organisation_by_id(session, site.organisation_id)
        raise AdminError(f"the slug '{slug}' is already used by the site '{site.name}' of "
                         f"{owner.slug if owner else 'another organisation'}")
    if site is not None and (email is None or email == site.contact_email) and setting in (None, site.setting):
        return Added(slug, "exists")
    status = "created" if site is None else "updated"
    site = site or Site(organisation_id=org.id, slug=slug, name=name)
    site.contact_email = site.contact_email if email is None else email
    site.setting = site.setting if setting is None else setting
    session.add(site)
    session.flush()
    audit.record_in(session, None, f"site.{'create' if status == 'created' else 'update'}", slug,
                    name=name, organisation=org.slug, contact_email=bool(site.contact_email),
                    setting=site.setting)
    return Added(slug, status)


def add_round_in(session, survey_key: str, name: str, invited: int | None = None,
                 opens_on: date | None = None, closes_on: date | None = None) -> tuple[Round, str]:
    """The round, created or brought to what is given (None leaves a value as it is)."""
    name = name.strip()
    if not name or len(name) > 120:
        raise AdminError("a round needs a name of at most 120 characters, e.g. Spring 2026")
    if invited is not None and invited < 0:
        raise AdminError("the number invited cannot be negative")
    survey = queries.survey_by_key(session, survey_key)
    if survey is None:
        known = ", ".join(s.key for s in queries.all_surveys(session))
        raise UnknownSurvey(f"no survey called '{survey_key}' (surveys: {known})")
    round_ = queries.round_by_name(session, survey.id, name)
    wanted = {"invited": invited, "opens_on": opens_on, "closes_on": closes_on}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if round_ is not None and all(getattr(round_, k) == v for k, v in wanted.items()):
        return round_, "exists"
    status = "created" if round_ is None else "updated"
    round_ = round_ or Round(survey_id=survey.id, name=name)
    for key, value in wanted.items():
        setattr(round_, key, value)
    if round_.opens_on and round_.closes_on and round_.closes_on < round_.opens_on:
        raise AdminError(f"the round '{name}' cannot close before it opens")
    session.add(round_)
    session.flush()
    audit.record_in(session, None, f"round.{'create' if status == 'created' else 'update'}",
                    f"{survey_key}/{name}", **wanted)
    return round_, status
def set_site_invited(user: StaffUser | None, survey_key: str, round_name: str, site: str,
                     invited: int | None) -> int | None:
    """Record how many children were invited at one site in a round (None forgets it), so the
    site's and its organisation's response rates count the same children on both sides.
    `user` None is the command line; otherwise an admin. Creates the round if it is new."""
    if user is not None:
        require(user, Can.ADMINISTER)
    if invited is not None and invited < 0:
        raise AdminError("the number invited cannot be negative")
    round_ = ensure_round(survey_key, round_name)
    with session_scope() as session:
        found = queries.site_by_name_or_slug(session, site)
        if found is None:
            raise LookupError(f"no site called '{site}'")
        queries.set_site_invited(session, round_.id, found.id, invited)
        audit.record_in(session, user, "round.invited_at_site", f"{survey_key}/{round_name}",
                        site=found.slug, invited=invited)
    return invited


def invited_at_sites(survey_key: str, round_name: str) -> dict[str, int]:
    """{site slug: invited} recorded for a round."""
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        round_ = queries.round_by_name(session, survey.id, round_name) if survey else None
        if round_ is None:
            return {}
        slugs = {s.id: s.slug for s in queries.all_sites(session)}
        return {slugs[i]: n for i, n in queries.invited_by_site(session, round_.id).items() if i in slugs}


def list_rounds(survey_key: str) -> list[RoundInfo]:
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        if survey is None:
            return []
        return [round_info(r) for r in queries.rounds_for_survey(session, survey.id)]


def round_info(r: Round) -> RoundInfo:
    return RoundInfo(r.id, r.name, r.invited, r.opens_on, r.closes_on)


# --- admin: every change checked here and recorded in the audit log --------------------------

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class AdminError(ValueError):
    """Input an admin can correct, with a message that says how."""


def check_retention_months(months: int) -> None:
    low, high = RETENTION_MONTHS_RANGE
    if not isinstance(months, int) or not low <= months <= high:
        raise AdminError(f"the retention period must be a whole number of months from {low} to {high}")


def typed_text(value: str, what: str, max_chars: int) -> str:
    return clean_text(value, what, max_chars, AdminError)


def checked_setting(value: str | None) -> str | None:
    return site_settings.check_setting(value, AdminError)


def checked_email(value: str) -> str:
    try:
        return clean_email((value or "").replace("\x00", ""))  # its own message when too long
    except ValueError as err:
        raise AdminError(str(err)) from None


def check_name_and_slug(name: str, slug: str) -> None:
    if not name:
        raise AdminError("a name is needed")
    if len(name) > 200:
        raise AdminError("the name is too long (200 characters at most)")
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise AdminError(f"the slug '{slug}' may only have lower-case letters, digits and - "
                         "(80 at most)")
