"""Organisations of the partnership, their sites, and survey rounds."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from voice_app.services.surveys import UnknownSurvey
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.store.models import Organisation, Round, Site


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


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "x"


def ensure_organisation(name: str, slug: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        if queries.organisation_by_slug(session, slug) is None:
            session.add(Organisation(slug=slug, name=name))
    return slug


def ensure_site(org_slug: str, name: str, slug: str | None = None) -> str:
    slug = slug or slugify(name)
    with session_scope() as session:
        org = queries.organisation_by_slug(session, org_slug)
        if org is None:
            raise LookupError(f"no organisation '{org_slug}'")
        if queries.site_by_slug(session, slug) is None:
            session.add(Site(organisation_id=org.id, slug=slug, name=name))
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


def list_rounds(survey_key: str) -> list[RoundInfo]:
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        if survey is None:
            return []
        return [RoundInfo(r.id, r.name, r.invited) for r in queries.rounds_for_survey(session, survey.id)]
