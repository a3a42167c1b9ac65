"""Database tables. Pages never see these objects: services turn them into plain data."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from voice_app.store.clock import utcnow
# Every table is importable from here, as callers do; these modules hold groups of them.
from voice_app.store.models_loop import (  # noqa: F401
    PracticeReview, VoiceRecord, YouSaidChange, YouSaidItem, YouSaidQuote)
from voice_app.store.models_staff import (  # noqa: F401
    SetupCode, SignInThrottle, StaffSession, User, UserOrganisation)
from voice_app.store.models_text import (  # noqa: F401
    Alert, CommentCode, Correction, SafeguardingExample, SafeguardingFlag, TextModelBlob)


RETENTION_MONTHS_DEFAULT = 24  # an organisation's, until an admin sets its own
RETENTION_MONTHS_RANGE = (1, 240)  # a month to twenty years


class Setting(StrEnum):
    """Where children were heard (the seed report's No Wrong Door settings), stored by value:
    a site's setting, and a voice record's."""

    SCHOOL = "school"
    HOSPITAL = "hospital"
    SOCIAL_CARE = "social_care"
    COMMUNITY = "community"
    FAMILY = "family"


SETTING_NAMES = {Setting.SCHOOL: "School or college", Setting.HOSPITAL: "Hospital or clinic",
                 Setting.SOCIAL_CARE: "Social care", Setting.COMMUNITY: "Community",
                 Setting.FAMILY: "Family"}


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=200)
    # School and other names to remove from quotes, one per line.
    redact_names: str = ""
    # Who hears of a flag that no lead has acknowledged in time (a second contact).
    escalation_email: str = Field(default="", max_length=254)
    # Months after a round closes (or, without an end date, after a response was sent) that a
    # child's own words are kept; then they are replaced by their redacted copy (retention).
    retention_months: int = Field(default=RETENTION_MONTHS_DEFAULT,
                                  sa_column_kwargs={"server_default": str(RETENTION_MONTHS_DEFAULT)})


class Site(SQLModel, table=True):
    """Where a tablet stands or a survey is run, e.g. a CAMHS waiting room."""
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=200)
    # The member of staff on site who is told when a child asks for someone to talk to.
    contact_email: str = Field(default="", max_length=254)
    # Where children are heard here (a Setting value); None: not given ("Setting not given").
    setting: str | None = Field(default=None, max_length=20)


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


class RoundSiteInvited(SQLModel, table=True):
    """How many children were invited at one site in one round. A site's or an organisation's
    response rate needs these: dividing a site's responses by the whole round's invited number
    (Round.invited) would count different children on each side."""
    round_id: int = Field(foreign_key="round.id", primary_key=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", primary_key=True, ondelete="CASCADE")
    invited: int


class Response(SQLModel, table=True):
    __table_args__ = (Index("ix_response_round_submitted", "round_id", "submitted_at"),)
    id: int | None = Field(default=None, primary_key=True)
    # Chosen by the client, so a double tap or a reconnect cannot store a response twice.
    client_key: str = Field(unique=True, max_length=64)
    round_id: int = Field(foreign_key="round.id")
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True)
    # Whose response it is when it has no site (an import with --org), so its flags reach that
    # organisation's lead; a response at a site belongs to its site's organisation. No foreign
    # key, like Answer.site_id: adding one makes SQLite rebuild this table, and dropping the old
    # table would delete every answer by cascade.
    organisation_id: int | None = None
    survey_version_id: int = Field(foreign_key="surveyversion.id")
    source: str = Field(default="kiosk", max_length=20)  # kiosk, import, demo
    lang: str = Field(default="en", max_length=20)
    position: int = 0  # the screen a resumed kiosk returns to
    started_at: datetime = Field(default_factory=utcnow)
    # Last answer or move: a response idle past the kiosk's idle time is closed by the sweep.
    updated_at: datetime | None = None
    submitted_at: datetime | None = None
    completed: bool = False  # False when closed by the idle reset part-way


class Answer(SQLModel, table=True):
    """One chosen option (several rows for multiple choice) or one free-text answer.

    round_id, site_id and counted copy the response's round, site and submitted state (the
    figures themselves are read from the tally, store/tally.py).
    """
    __table_args__ = (Index("ix_answer_response_question", "response_id", "question_id"),
                      # a round's comments (screened and flagged counts start from these alone)
                      Index("ix_answer_comment", "round_id", sqlite_where=sql("text IS NOT NULL"),
                            postgresql_where=sql("text IS NOT NULL")))
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", ondelete="CASCADE")
    question_id: str = Field(max_length=80)
    option_id: str | None = Field(default=None, max_length=80)
    text: str | None = None
    round_id: int | None = None
    site_id: int | None = None
    counted: bool = False  # the response was submitted (or closed by the idle reset)
    # Words the child has since changed or cleared, kept because a safeguarding flag holds them:
    # never counted, never shown back to the child or to workers; only the lead reads them.
    superseded: bool = False


# --- free text: coding, safeguarding, quotes (coded when stored, never on page view) ---------


# --- staff work: audit, kiosk links ---------------------------------------------------------

class AuditEvent(SQLModel, table=True):
    """Append-only: who viewed raw comments, exported, changed a code, approved, acted on a flag."""
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    username: str = Field(default="", max_length=120)
    action: str = Field(max_length=60, index=True)
    target: str = Field(default="", max_length=200)
    detail: str = ""


class KioskLink(SQLModel, table=True):
    """A survey at a site, on a tablet or a poster; a link can be switched off."""
    __table_args__ = (UniqueConstraint("survey_id", "site_id"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id")
    site_id: int = Field(foreign_key="site.id")
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


# --- closing the loop: "You said… We did…" --------------------------------------------------


# --- voice that is not a survey: letters, drawings, conversations; practice reviews ---------
