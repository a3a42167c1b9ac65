"""Organisations of the partnership, their sites, and survey rounds."""
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
from voice_app.store.models import RETENTION_MONTHS_DEFAULT, RETENTION_MONTHS_RANGE, Organisation, Round, Site


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


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    slug: str
    name: str
    redact_names: tuple[str, ...]
    sites: int
    escalation_email: str = ""  # the second contact for a flag no lead has acknowledged
    retention_months: int = RETENTION_MONTHS_DEFAULT  # children's words kept after a round closes


@dataclass(frozen=True)
class SiteDetail:
    id: int
    slug: str
    name: str
    organisation_slug: str
    contact_email: str = ""  # told when a child here asks for someone to talk to
    setting: str | None = None  # a Setting value; None: not given

    @property
    def setting_name(self) -> str:
        return site_settings.setting_name(self.setting)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "x"


def ensure_organisation(name: str, slug: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        if queries.organisation_by_slug(session, slug) is None:
            session.add(Organisation(slug=slug, name=name))
    return slug


def ensure_site(org_slug: str, name: str, slug: str | None = None, setting: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        org = queries.organisation_by_slug(session, org_slug)
        if org is None:
            raise LookupError(f"no organisation '{org_slug}'")
        site = queries.site_by_slug(session, slug) or Site(organisation_id=org.id, slug=slug, name=name)
        site.setting = site.setting or _setting(setting)  # a setting an admin chose is kept
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
    _check_name_and_slug(name, slug)
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
    _check_name_and_slug(name, slug)
    email = None if contact_email is None else _email(contact_email)
    setting = _setting(setting)
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
        slug = found.slug
    audit.record(user, "round.invited_at_site", f"{survey_key}/{round_name}", site=slug, invited=invited)
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
        return [_round_info(r) for r in queries.rounds_for_survey(session, survey.id)]


def _round_info(r: Round) -> RoundInfo:
    return RoundInfo(r.id, r.name, r.invited, r.opens_on, r.closes_on)


# --- admin: every change checked here and recorded in the audit log --------------------------

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class AdminError(ValueError):
    """Input an admin can correct, with a message that says how."""


def redact_lines(text: str) -> tuple[str, ...]:
    """Names to remove from quotes: one per line, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.strip():
            seen.setdefault(line.strip(), None)
    return tuple(seen)


def list_organisations(user: StaffUser) -> list[OrganisationInfo]:
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        counts = admin.sites_per_organisation(session)
        return [OrganisationInfo(o.id, o.slug, o.name, redact_lines(o.redact_names), counts.get(o.id, 0),
                                 o.escalation_email, o.retention_months)
                for o in queries.all_organisations(session)]


def save_organisation(user: StaffUser, name: str, slug: str = "", redact_names: str = "",
                      organisation_id: int | None = None, escalation_email: str = "",
                      retention_months: int | None = None) -> OrganisationInfo:
    """Create an organisation (organisation_id None) or change one (retention_months None: as it
    is, or the default for a new one)."""
    require(user, Can.ADMINISTER)
    if retention_months is not None:
        check_retention_months(retention_months)
    name, slug = _typed(name, "name", 200), (_typed(slug, "slug", 80) or slugify(name))
    _check_name_and_slug(name, slug)
    escalation_email = _email(escalation_email)
    names = redact_lines(_typed(redact_names, "list of names to remove", MAX_REDACT_CHARS))
    with session_scope() as session:
        clash = queries.organisation_by_slug(session, slug)
        if clash is not None and clash.id != organisation_id:
            raise AdminError(f"the slug '{slug}' is already used by {clash.name}")
        org = admin.organisation_by_id(session, organisation_id) if organisation_id else Organisation()
        if org is None:
            raise AdminError("that organisation no longer exists")
        org.name, org.slug, org.redact_names = name, slug, "\n".join(names)
        org.escalation_email = escalation_email
        if retention_months is not None:
            org.retention_months = retention_months
        session.add(org)
        session.flush()
        info = OrganisationInfo(org.id, org.slug, org.name, names,
                                admin.sites_per_organisation(session).get(org.id, 0), escalation_email,
                                org.retention_months)
    audit.record(user, "organisation.create" if organisation_id is None else "organisation.update",
                 slug, name=name, redact_names=len(names), retention_months=info.retention_months)
    return info


def list_site_details(user: StaffUser) -> list[SiteDetail]:
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        orgs = {o.id: o.slug for o in queries.all_organisations(session)}
        return [SiteDetail(s.id, s.slug, s.name, orgs.get(s.organisation_id, ""), s.contact_email, s.setting)
                for s in queries.all_sites(session)]


def save_site(user: StaffUser, organisation_slug: str, name: str, slug: str = "",
              site_id: int | None = None, contact_email: str = "", setting: str | None = None) -> SiteDetail:
    """Create a site (site_id None) or change its name, slug, organisation, staff contact or
    setting (None or blank: not given)."""
    require(user, Can.ADMINISTER)
    name, slug = _typed(name, "name", 200), (_typed(slug, "slug", 80) or slugify(name))
    _check_name_and_slug(name, slug)
    contact_email = _email(contact_email)
    setting = _setting(setting)
    with session_scope() as session:
        org = queries.organisation_by_slug(session, organisation_slug)
        if org is None:
            raise AdminError(f"no organisation '{organisation_slug}'")
        clash = queries.site_by_slug(session, slug)
        if clash is not None and clash.id != site_id:
            raise AdminError(f"the slug '{slug}' is already used by the site {clash.name}")
        site = admin.site_by_id(session, site_id) if site_id else Site(organisation_id=org.id)
        if site is None:
            raise AdminError("that site no longer exists")
        old_slug = site.slug
        site.organisation_id, site.name, site.slug = org.id, name, slug
        site.contact_email, site.setting = contact_email, setting
        session.add(site)
        session.flush()
        detail = SiteDetail(site.id, site.slug, site.name, org.slug, contact_email, setting)
    audit.record(user, "site.create" if site_id is None else "site.update", slug, name=name,
                 organisation=org.slug, setting=setting, **({"old_slug": old_slug} if site_id and old_slug != slug else {}))
    return detail


def save_round(user: StaffUser, survey_key: str, name: str, invited: int | None = None,
               opens_on: date | None = None, closes_on: date | None = None,
               round_id: int | None = None) -> RoundInfo:
    """Create a round (round_id None) or change one; invited ≥ 0 and closes on or after opens."""
    require(user, Can.ADMINISTER)
    name = _typed(name, "round name", 120)
    if not name:
        raise AdminError("a round needs a name, e.g. Spring 2026")
    if invited is not None and invited < 0:
        raise AdminError("the number invited cannot be negative")
    if opens_on and closes_on and closes_on < opens_on:
        raise AdminError("a round cannot close before it opens")
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        if survey is None:
            raise UnknownSurvey(f"no survey called '{survey_key}'")
        clash = queries.round_by_name(session, survey.id, name)
        if clash is not None and clash.id != round_id:
            raise AdminError(f"this survey already has a round called '{name}'")
        round_ = admin.round_by_id(session, round_id) if round_id else Round(survey_id=survey.id)
        if round_ is None or round_.survey_id != survey.id:
            raise AdminError("that round no longer exists")
        round_.name, round_.invited, round_.opens_on, round_.closes_on = name, invited, opens_on, closes_on
        session.add(round_)
        session.flush()
        info = _round_info(round_)
    audit.record(user, "round.create" if round_id is None else "round.update", f"{survey_key}/{name}",
                 invited=invited, opens_on=opens_on, closes_on=closes_on)
    return info


MAX_REDACT_CHARS = 20_000  # a few hundred names: more is a pasted document, not a list


def check_retention_months(months: int) -> None:
    low, high = RETENTION_MONTHS_RANGE
    if not isinstance(months, int) or not low <= months <= high:
        raise AdminError(f"the retention period must be a whole number of months from {low} to {high}")


def _typed(value: str, what: str, max_chars: int) -> str:
    return clean_text(value, what, max_chars, AdminError)


def _setting(value: str | None) -> str | None:
    return site_settings.check_setting(value, AdminError)


def _email(value: str) -> str:
    try:
        return clean_email((value or "").replace("\x00", ""))  # its own message when too long
    except ValueError as err:
        raise AdminError(str(err)) from None


def _check_name_and_slug(name: str, slug: str) -> None:
    if not name:
        raise AdminError("a name is needed")
    if len(name) > 200:
        raise AdminError("the name is too long (200 characters at most)")
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise AdminError(f"the slug '{slug}' may only have lower-case letters, digits and - "
                         "(80 at most)")
