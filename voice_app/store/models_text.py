"""Tables for children's words: codes, corrections, safeguarding flags and examples, alerts, the trained text model."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from voice_app.store.clock import utcnow


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
