"""Tables closing the loop: 'You said, we did' items, quotes and changes, practice reviews, voice records."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from voice_app.store.clock import utcnow


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
