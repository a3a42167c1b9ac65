"""Practice reviews: records from their start and end meetings, the changes agreed, and the annual
report's account of how views were sought and what changed, naming no one."""
from datetime import UTC, datetime, timedelta

import pytest

from voice_app.services import accounts, practice_reviews, records
from voice_app.services.annual_report import compose, documents
from voice_app.services.records import NewRecord, RecordError

TODAY = datetime.now(UTC).date()
WORDS = "nobody asked me what I wanted when I moved"


@pytest.fixture
def worker(demo_site):
    return accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])


def record(worker, kind: str, review_id: int | None, meeting: str | None) -> int:
    new = NewRecord(kind=kind, heard_on=TODAY - timedelta(days=1), setting="family", summary=WORDS,
                    consent="internal", review_id=review_id, meeting=meeting)
    return records.log_record(worker, worker.organisation_ids[0], new)[0]


def test_the_report_says_how_views_were_sought_and_what_changed(worker):
    review_id = practice_reviews.create_review(worker, worker.organisation_ids[0], "CSPR 2026-04", "CSPR",
                                               TODAY - timedelta(days=60))
    record(worker, "conversation", review_id, "start")
    record(worker, "conversation", review_id, "start")
    later = record(worker, "letter", None, None)
    practice_reviews.attach(worker, later, review_id, "end")
    practice_reviews.set_changes(worker, review_id, "Agencies changed their way of talking to young people.")
    report = compose.build(None, TODAY - timedelta(days=30), TODAY, with_charts=False)
    riverside = next(s for s in report.sections if s.heading == "Riverside CAMHS")
    [line] = [p for p in riverside.paragraphs if p.startswith("CSPR:")]
    assert line == ("CSPR: CSPR 2026-04. The child's and family's views were sought through <5 conversations "
                    "at the start meeting; <5 letters at the end meeting. What changed: Agencies changed their "
                    "way of talking to young people.")
    assert WORDS not in documents.to_html(report).decode()
    assert [r.meeting for r in records.list_records(worker, review_id)] == ["End meeting", "Start meeting", "Start meeting"]


def test_a_review_needs_a_name_and_its_dates_in_order(worker):
    org = worker.organisation_ids[0]
    with pytest.raises(RecordError, match="needs a name"):
        practice_reviews.create_review(worker, org, "  ", "CSPR")
    with pytest.raises(RecordError, match="ends before it starts"):
        practice_reviews.create_review(worker, org, "R", "CSPR", TODAY, TODAY - timedelta(days=1))
    assert practice_reviews.list_reviews(worker) == []
