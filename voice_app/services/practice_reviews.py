"""Practice reviews (e.g. a Child Safeguarding Practice Review): the child's and family's views
heard at its start and end meetings (voice records attached to it), and the changes agreed
because of them. The annual report says, per review, how views were sought and what changed,
naming no one: counts of records by kind and meeting, never a record's words."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from voice_app.services import access, audit
from voice_app.services.accounts import StaffUser
from voice_app.services.records import MEETINGS, RecordError, check_organisation
from voice_app.services.text import LONG, SHORT, clean_text
from voice_app.store import records as store
from voice_app.store.db import session_scope

KINDS_OF_REVIEW = ("CSPR", "Rapid review", "Joint case review", "Learning review", "Other")
MEETING_WORDS = {"start": "at the start meeting", "end": "at the end meeting", None: "during the review"}


class ReviewView(BaseModel):
    id: int
    organisation_id: int
    name: str
    kind: str
    starts_on: date | None
    ends_on: date | None
    changes_agreed: str


def create_review(user: StaffUser, organisation_id: int, name: str, kind: str,
                  starts_on: date | None = None, ends_on: date | None = None) -> int:
    access.require(user, access.Can.READ_COMMENTS)
    check_organisation(user, organisation_id)
    name = clean_text(name, "review name", SHORT, RecordError)
    kind = clean_text(kind, "kind of review", 60, RecordError) or "CSPR"
    if not name:
        raise RecordError("a review needs a name (e.g. its reference, never a child's name)")
    if starts_on and ends_on and ends_on < starts_on:
        raise RecordError("the review ends before it starts")
    with session_scope() as session:
        review = store.add_review(session, organisation_id=organisation_id, name=name, kind=kind,
                                  starts_on=starts_on, ends_on=ends_on)
        audit.record_in(session, user, "created a practice review", f"review {review.id}")
        return review.id


def _review_for(session, user: StaffUser, review_id: int):
    review = store.review(session, review_id)
    if review is None:
        raise RecordError("no such practice review")
    check_organisation(user, review.organisation_id)
    return review


def set_changes(user: StaffUser, review_id: int, changes_agreed: str) -> None:
    """What the agencies agreed to change because of what the child and family said."""
    access.require(user, access.Can.READ_COMMENTS)
    text = clean_text(changes_agreed, "changes agreed", LONG, RecordError)
    with session_scope() as session:
        review = _review_for(session, user, review_id)
        review.changes_agreed = text
        session.add(review)
        audit.record_in(session, user, "recorded a review's changes", f"review {review_id}")


def attach(user: StaffUser, record_id: int, review_id: int | None, meeting: str | None) -> None:
    """Put a record in a review, at its start or end meeting (None: take it out)."""
    access.require(user, access.Can.READ_COMMENTS)
    if meeting is not None and meeting not in MEETINGS:
        raise RecordError("meeting: use start or end")
    with session_scope() as session:
        rec = store.record(session, record_id)
        if rec is None:
            raise RecordError("no such record")
        check_organisation(user, rec.organisation_id)
        if review_id is not None and _review_for(session, user, review_id).organisation_id != rec.organisation_id:
            raise RecordError("the record and the review belong to different organisations")
        rec.review_id, rec.meeting = review_id, meeting if review_id else None
        session.add(rec)
        audit.record_in(session, user, "attached a voice record to a review", f"record {record_id}",
                        review=review_id, meeting=meeting)


def list_reviews(user: StaffUser) -> list[ReviewView]:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        return [ReviewView.model_validate(r, from_attributes=True)
                for r in store.reviews(session, access.organisation_ids(user))]
