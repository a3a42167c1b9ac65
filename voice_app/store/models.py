"""Database tables. Pages never see these objects: services turn them into plain data."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=200)


class Site(SQLModel, table=True):
    """Where a tablet stands or a survey is run, e.g. a CAMHS waiting room."""
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=200)


class Survey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=80)  # the stable id, e.g. camhs-wellbeing
    title: str = Field(max_length=200)


class SurveyVersion(SQLModel, table=True):
    """Editing a survey adds a version; a response keeps the version it answered."""
    __table_args__ = (UniqueConstraint("survey_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    number: int
    content_hash: str = Field(max_length=32)
    definition: str  # canonical JSON of the validated survey file
    created_at: datetime = Field(default_factory=utcnow)


class Round(SQLModel, table=True):
    """A named period of a survey, e.g. 'Spring 2026', optionally with how many were invited."""
    __table_args__ = (UniqueConstraint("survey_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    name: str = Field(max_length=120)
    invited: int | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Response(SQLModel, table=True):
    __table_args__ = (Index("ix_response_round_submitted", "round_id", "submitted_at"),)
    id: int | None = Field(default=None, primary_key=True)
    # Chosen by the client, so a double tap or a reconnect cannot store a response twice.
    client_key: str = Field(unique=True, max_length=64)
    round_id: int = Field(foreign_key="round.id")
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True)
    survey_version_id: int = Field(foreign_key="surveyversion.id")
    source: str = Field(default="kiosk", max_length=20)  # kiosk, import, demo
    lang: str = Field(default="en", max_length=20)
    position: int = 0  # the screen a resumed kiosk returns to
    started_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    completed: bool = False  # False when closed by the idle reset part-way


class Answer(SQLModel, table=True):
    """One chosen option (several rows for multiple choice) or one free-text answer."""
    __table_args__ = (Index("ix_answer_response_question", "response_id", "question_id"),
                      Index("ix_answer_question_option", "question_id", "option_id"))
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", ondelete="CASCADE")
    question_id: str = Field(max_length=80)
    option_id: str | None = Field(default=None, max_length=80)
    text: str | None = None


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=120)
    password_hash: str
    role: str = Field(max_length=30)  # admin, worker, safeguarding_lead, board
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class UserOrganisation(SQLModel, table=True):
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
