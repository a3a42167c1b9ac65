"""Admins managing the partnership's organisations, sites and rounds on screen: every change
checked (the rules are in organisations) and recorded in the audit log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from voice_app.services import audit, site_settings
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.services.organisations import (AdminError, RoundInfo, check_name_and_slug, check_retention_months,
                                              checked_email, checked_setting, round_info, slugify, typed_text)
from voice_app.services.surveys import UnknownSurvey
from voice_app.store import admin, queries
from voice_app.store.db import session_scope
from voice_app.store.models import RETENTION_MONTHS_DEFAULT, Organisation, Round, Site

MAX_REDACT_CHARS = 20_000  # a few hundred names: more is a pasted document, not a list


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
    name, slug = typed_text(name, "name", 200), (typed_text(slug, "slug", 80) or slugify(name))
    check_name_and_slug(name, slug)
    escalation_email = checked_email(escalation_email)
    names = redact_lines(typed_text(redact_names, "list of names to remove", MAX_REDACT_CHARS))
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
        audit.record_in(session, user, "organisation.create" if organisation_id is None else "organisation.update",
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
    name, slug = typed_text(name, "name", 200), (typed_text(slug, "slug", 80) or slugify(name))
    check_name_and_slug(name, slug)
    contact_email = checked_email(contact_email)
    setting = checked_setting(setting)
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
        audit.record_in(session, user, "site.create" if site_id is None else "site.update", slug, name=name,
                        organisation=org.slug, setting=setting,
                        **({"old_slug": old_slug} if site_id and old_slug != slug else {}))
    return detail


def save_round(user: StaffUser, survey_key: str, name: str, invited: int | None = None,
               opens_on: date | None = None, closes_on: date | None = None,
               round_id: int | None = None) -> RoundInfo:
    """Create a round (round_id None) or change one; invited ≥ 0 and closes on or after opens."""
    require(user, Can.ADMINISTER)
    name = typed_text(name, "round name", 120)
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
        info = round_info(round_)
        audit.record_in(session, user, "round.create" if round_id is None else "round.update", f"{survey_key}/{name}",
                        invited=invited, opens_on=opens_on, closes_on=closes_on)
    return info
