"""Queries for the admin pages: survey versions, answered ids, rounds, users, kiosk links."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from voice_app.store.models import (
    Answer,
    KioskLink,
    Organisation,
    Response,
    Round,
    Site,
    SurveyVersion,
    User,
    UserOrganisation,
)


# --- surveys ---------------------------------------------------------------------------------

def versions_of(session: Session, survey_id: int) -> list[SurveyVersion]:
    stmt = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.number)
    return list(session.execute(stmt).scalars())


def version_by_number(session: Session, survey_id: int, number: int) -> SurveyVersion | None:
    stmt = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id, SurveyVersion.number == number)
    return session.execute(stmt).scalars().first()


def responses_per_version(session: Session, survey_id: int) -> dict[int, int]:
    """Submitted responses for each version number of a survey."""
    stmt = (select(SurveyVersion.number, func.count(Response.id))
            .join(Response, Response.survey_version_id == SurveyVersion.id)
            .where(SurveyVersion.survey_id == survey_id, Response.submitted_at.is_not(None))
            .group_by(SurveyVersion.number))
    return dict(session.execute(stmt).all())


def answered_ids(session: Session, survey_id: int) -> dict[str, set[str]]:
    """Question ids with any answer to any version of a survey, with the option ids chosen."""
    stmt = (select(Answer.question_id, Answer.option_id).distinct()
            .join(Response, Response.id == Answer.response_id)
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .where(SurveyVersion.survey_id == survey_id))
    found: dict[str, set[str]] = {}
    for question_id, option_id in session.execute(stmt).all():
        options = found.setdefault(question_id, set())
        if option_id is not None:
            options.add(option_id)
    return found


# --- organisations, sites, rounds ------------------------------------------------------------

def organisation_by_id(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def site_by_id(session: Session, site_id: int) -> Site | None:
    return session.get(Site, site_id)


def round_by_id(session: Session, round_id: int) -> Round | None:
    return session.get(Round, round_id)


def sites_per_organisation(session: Session) -> dict[int, int]:
    stmt = select(Site.organisation_id, func.count(Site.id)).group_by(Site.organisation_id)
    return dict(session.execute(stmt).all())


# --- users -----------------------------------------------------------------------------------

def all_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.username)).scalars())


def organisation_slugs_by_user(session: Session) -> dict[int, list[str]]:
    stmt = (select(UserOrganisation.user_id, Organisation.slug)
            .join(Organisation, Organisation.id == UserOrganisation.organisation_id)
            .order_by(Organisation.slug))
    out: dict[int, list[str]] = {}
    for user_id, slug in session.execute(stmt).all():
        out.setdefault(user_id, []).append(slug)
    return out


def active_count(session: Session, role: str) -> int:
    stmt = select(func.count(User.id)).where(User.role == role, User.active.is_(True))
    return session.execute(stmt).scalar_one()


# --- kiosk links -----------------------------------------------------------------------------

def kiosk_link(session: Session, survey_id: int, site_id: int) -> KioskLink | None:
    stmt = select(KioskLink).where(KioskLink.survey_id == survey_id, KioskLink.site_id == site_id)
    return session.execute(stmt).scalars().first()


def switched_off_links(session: Session) -> set[tuple[int, int]]:
    """(survey_id, site_id) of links switched off; a pair with no row is on."""
    stmt = select(KioskLink.survey_id, KioskLink.site_id).where(KioskLink.active.is_(False))
    return {(a, b) for a, b in session.execute(stmt).all()}

