"""Database tables. Pages never see these objects: services turn them into plain data."""
from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


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
                      Index("ix_answer_question_option", "question_id", "option_id"),
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


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=120)
    password_hash: str
    role: str = Field(max_length=30)  # admin, worker, safeguarding_lead, board
    email: str | None = Field(default=None, max_length=254)  # where a lead's alerts go
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of its cookie's random token is kept, so the table alone
    signs nobody in. Before `started` the token is a one-time hand-over from the sign-in form,
    exchanged within a minute for the cookie's own token."""
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)  # sha256 hex
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    started: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class SignInThrottle(SQLModel, table=True):
    """Sign-in tries counted per account, per client address, and per account at one address.
    The key is a hash of what is counted (no typed name, which may be a password typed in the
    wrong box, is kept). A try is counted before its password is checked, in one conditional
    UPDATE, so tries sent together cannot all be checked."""
    key: str = Field(primary_key=True, max_length=64)  # sha256 hex of kind and what it counts
    failures: int = 0  # tries in the current streak (a try counts until it proves right)
    blocked_until: datetime | None = None  # no try is checked before then
    last_failure_at: datetime | None = None  # a streak is forgotten after a quiet spell
    last_success_at: datetime | None = None  # (account at one address) a place the person uses


class SetupCode(SQLModel, table=True):
    """The one-time code that creates the first administrator of a fresh install: printed in
    the server's log, only its hash kept, spent once."""
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)  # sha256 hex
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class UserOrganisation(SQLModel, table=True):
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)


# --- free text: coding, safeguarding, quotes (coded when stored, never on page view) ---------

class CommentCode(SQLModel, table=True):
    """How one free-text answer was coded; a worker's correction replaces the machine's."""
    answer_id: int = Field(foreign_key="answer.id", primary_key=True, ondelete="CASCADE")
    # its themes are rows of comment_theme (store/themes.py)
    sentiment: str = Field(default="neutral", max_length=10)  # positive, neutral, negative
    sentiment_score: float = 0.0
    flagged: bool = Field(default=False, index=True)
    flag_reason: str | None = Field(default=None, max_length=120)
    flag_level: str | None = Field(default=None, max_length=10)  # concern, check (None: not flagged)
    codebook_version: str = Field(default="", max_length=40, index=True)
    coded_by: str = Field(default="codebook", max_length=20)  # codebook, model, worker
    coded_at: datetime = Field(default_factory=utcnow)
    redacted: str = ""  # personal details removed: the only form shown beyond raw-comment readers
    # When retention replaced the child's own words (Answer.text) by `redacted`: from then on
    # the codes are never recomputed, since they were made from the words that are gone.
    text_retained_at: datetime | None = None
    hidden: bool = False  # a worker decided this comment should not be used
    quote_status: str = Field(default="none", max_length=10)  # none, approved, rejected
    quote_text: str | None = None  # the approved, redacted wording
    quote_by: int | None = Field(default=None, foreign_key="user.id")
    quote_at: datetime | None = None


class Correction(SQLModel, table=True):
    """A worker's correction of themes or sentiment: kept as training data, with who and when."""
    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id")
    themes: str = Field(default="", max_length=500)
    sentiment: str = Field(max_length=10)
    created_at: datetime = Field(default_factory=utcnow)


class SafeguardingFlag(SQLModel, table=True):
    """A comment that may be a disclosure of harm: open until a lead records a decision."""
    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", unique=True, ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    reason: str = Field(max_length=120)
    level: str = Field(default="concern", max_length=10)  # concern (at once), check (lower priority)
    source: str = Field(default="screen", max_length=20)  # screen, worker
    raised_by: int | None = Field(default=None, foreign_key="user.id")  # the worker who sent it
    raised_reason: str | None = Field(default=None, max_length=2000)  # the worker's words
    status: str = Field(default="open", max_length=15, index=True)  # open, acknowledged, closed
    created_at: datetime = Field(default_factory=utcnow)
    escalated_at: datetime | None = None  # sent to the second contact when not acknowledged in time
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    acknowledged_at: datetime | None = None
    action: str | None = Field(default=None, max_length=120)  # e.g. referred to MASH
    outcome: str | None = Field(default=None, max_length=20)  # concern, no_concern, false_alarm
    notes: str | None = None
    closed_by: int | None = Field(default=None, foreign_key="user.id")
    closed_at: datetime | None = None
    # The lead's word on the screen: screen_missed (a worker had to send it), false_alarm.
    screen_verdict: str | None = Field(default=None, max_length=20)


class SafeguardingExample(SQLModel, table=True):
    """A lead's verdict kept as a labelled example for the screen's next training."""
    id: int | None = Field(default=None, primary_key=True)
    text: str
    concern: bool
    category: str | None = Field(default=None, max_length=120)
    source: str = Field(max_length=20)  # screen_missed, false_alarm
    flag_id: int | None = Field(default=None, foreign_key="safeguardingflag.id", ondelete="SET NULL")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    """An email to send (an outbox): written in the same transaction as what it reports, sent
    by whichever app server's sweep claims it first. Never holds a child's words."""
    __table_args__ = (Index("ix_alert_pending", "sent_at", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # new_flag, escalation, talk_request
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    site_id: int | None = Field(default=None, foreign_key="site.id")
    flag_id: int | None = Field(default=None, foreign_key="safeguardingflag.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    recipients: str = Field(default="", max_length=2000)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)


class TextModelBlob(SQLModel, table=True):
    """A model trained on an organisation's own coded comments (our own bytes only)."""
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    n_examples: int
    created_at: datetime = Field(default_factory=utcnow)
    data: bytes


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

class YouSaidItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    site_id: int | None = Field(default=None, foreign_key="site.id")
    survey_id: int | None = Field(default=None, foreign_key="survey.id")
    round_id: int | None = Field(default=None, foreign_key="round.id")
    theme_id: str | None = Field(default=None, max_length=80)
    source_count: int | None = None  # how many comments or answers it came from
    source_figure: str | None = Field(default=None, max_length=300)  # e.g. "69% happy with rooms (n=48)"
    you_said: str
    we_did: str = ""
    status: str = Field(default="planned", max_length=15)  # planned, in_progress, done, not_possible
    owner_role: str = Field(default="", max_length=120)
    due_on: date | None = None
    progress: str = ""
    cant_because: str = ""
    evidence_text: str = ""
    evidence_link: str = Field(default="", max_length=500)
    evidence_photo: bytes | None = None
    published: bool = Field(default=False, index=True)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class YouSaidQuote(SQLModel, table=True):
    item_id: int = Field(foreign_key="yousaiditem.id", primary_key=True, ondelete="CASCADE")
    answer_id: int = Field(foreign_key="answer.id", primary_key=True, ondelete="CASCADE")


class YouSaidChange(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="yousaiditem.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    change: str  # JSON of the fields that changed


# --- voice that is not a survey: letters, drawings, conversations; practice reviews ---------

class PracticeReview(SQLModel, table=True):
    """A review (e.g. a Child Safeguarding Practice Review) that hears the child and family at
    its start and end meetings, and the changes agreed because of what they said."""
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)  # written by staff; never a child's name
    kind: str = Field(default="CSPR", max_length=60)
    starts_on: date | None = None
    ends_on: date | None = None
    changes_agreed: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class VoiceRecord(SQLModel, table=True):
    """A letter, drawing, video, audio, message or conversation. Its summary is the free-text
    Answer `answer_id` (of a response of the internal "voice-records" survey, never counted), so
    it is coded, flagged, reviewed and quoted exactly like a comment."""
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    answer_id: int = Field(foreign_key="answer.id", unique=True, ondelete="CASCADE")
    review_id: int | None = Field(default=None, foreign_key="practicereview.id", index=True)
    meeting: str | None = Field(default=None, max_length=10)  # start, end (of its review)
    kind: str = Field(max_length=20)  # letter, drawing, video, audio, message, conversation
    heard_on: date
    age_band: str = Field(default="not_answered", max_length=20)
    setting: str = Field(max_length=20)  # a Setting value
    consent: str = Field(max_length=10)  # internal, quote, public
    consent_until: date | None = None
    consent_ended_at: datetime | None = Field(default=None, index=True)  # withdrawn or expired
    consent_end_reason: str | None = Field(default=None, max_length=10)  # withdrawn, expired
    file_name: str | None = Field(default=None, max_length=80)  # random name under the data folder
    file_type: str | None = Field(default=None, max_length=40)  # checked from its content
    file_size: int | None = None
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
