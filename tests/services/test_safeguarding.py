"""A disclosure reaches the right lead when submitted, and leaves the queue only with a decision."""
import pytest
from sqlalchemy import select, update

from voice_app.store.db import session_scope
from voice_app.store.models import CommentCode, Round

from voice_app.services import accounts, audit, coding, comments, kiosk, safeguarding
from voice_app.services.organisations import ensure_organisation


@pytest.fixture
def flagged(demo_site):
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my mums boyfriend hits me", 8)
    kiosk.save_answer(k, "child-1", "what_was_good", "I killed it at football", 7)
    kiosk.submit(k, "child-1")
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    other = accounts.create_user("other", "a long test password", "safeguarding_lead", ["hillside-youth"])
    worker = accounts.create_user("worker", "a long test password", "worker", ["riverside-camhs"])
    admin = accounts.create_user("admin", "a long test password", "admin")
    return lead, other, worker, admin


def test_flag_reaches_the_lead_of_that_organisation_only(flagged):
    lead, other, worker, _ = flagged
    queue = safeguarding.queue(lead)
    assert list(queue["text"]) == ["my mums boyfriend hits me"]
    assert safeguarding.open_count(lead) == 1
    assert safeguarding.queue(other).empty
    with pytest.raises(PermissionError):
        safeguarding.queue(worker)
    # Never in the worker's explorer, never a quote; the football comment is not flagged.
    texts = list(comments.explore(worker, survey_key="camhs-wellbeing")["text"])
    assert texts == ["I killed it at football"]


def test_closing_needs_a_decision_and_is_audited(flagged):
    lead, other, _, admin = flagged
    flag_id = int(safeguarding.queue(lead)["id"][0])
    with pytest.raises(ValueError):
        safeguarding.close(lead, flag_id, "", "concern")
    with pytest.raises(PermissionError):
        safeguarding.close(other, flag_id, "Referred to MASH", "concern")
    safeguarding.acknowledge(lead, flag_id)
    assert safeguarding.open_count(lead) == 1  # acknowledged is still open
    safeguarding.close(lead, flag_id, "Referred to MASH", "concern", "called the duty team")
    assert safeguarding.open_count(lead) == 0
    actions = set(audit.events(admin)["action"])
    assert {"viewed flagged comments", "acknowledged a safeguarding flag", "closed a safeguarding flag"} <= actions


def test_false_alarm_decision_is_kept(flagged):
    lead = flagged[0]
    flag_id = int(safeguarding.queue(lead)["id"][0])
    safeguarding.close(lead, flag_id, "No concern on review", "false_alarm")
    closed = safeguarding.queue(lead, "closed")
    assert list(closed["outcome"]) == ["false_alarm"]


@pytest.mark.parametrize("outcome", ["false_alarm", "no_concern"])
def test_a_comment_the_lead_finds_no_concern_in_returns_to_the_workers_and_stays(flagged, outcome):
    """The lead has read these very words and found nothing: they count in themes and quotes
    like any other comment, and recoding with the same screen does not take them away again."""
    lead, _, worker, _ = flagged
    safeguarding.close(lead, int(safeguarding.queue(lead)["id"][0]), "No concern on review", outcome)
    shown = sorted(comments.explore(worker, survey_key="camhs-wellbeing")["text"])
    assert shown == ["I killed it at football", "my mums boyfriend hits me"]
    with session_scope() as session:  # a new codebook: every comment is coded again
        session.execute(update(CommentCode).values(codebook_version="an older codebook"))
        round_ids = list(session.execute(select(Round.id)).scalars())
    assert coding.recode_round(round_ids) == 2
    assert sorted(comments.explore(worker, survey_key="camhs-wellbeing")["text"]) == shown
    assert safeguarding.open_count(lead) == 0


def test_a_real_concern_stays_out_of_the_workers_view_after_closing(flagged):
    lead, _, worker, _ = flagged
    safeguarding.close(lead, int(safeguarding.queue(lead)["id"][0]), "Referred to MASH", "concern")
    assert list(comments.explore(worker, survey_key="camhs-wellbeing")["text"]) == ["I killed it at football"]


@pytest.mark.parametrize(("minutes", "words"), [
    (0, "Waiting for a decision for less than an hour"),
    (59, "Waiting for a decision for less than an hour"),
    (60, "Waiting for a decision for 1 hour"),
    (23 * 60 + 59, "Waiting for a decision for 23 hours"),
    (24 * 60, "Waiting for a decision for 1 day"),
    (2 * 24 * 60 + 300, "Waiting for a decision for 2 days"),
])
def test_how_long_a_flag_has_waited_in_words(minutes, words):
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert safeguarding.waiting_words(now - timedelta(minutes=minutes), now) == words
    # As a database without time zones returns it: the same moment, in UTC.
    assert safeguarding.waiting_words((now - timedelta(minutes=minutes)).replace(tzinfo=None), now) == words


def test_the_queue_says_who_acknowledged_and_closed_and_what_they_noted(flagged):
    lead = flagged[0]
    flag_id = int(safeguarding.queue(lead)["id"][0])
    [row] = safeguarding.queue(lead).itertuples()
    assert safeguarding.handled_words(row) == []  # nobody has yet
    safeguarding.acknowledge(lead, flag_id)
    [row] = safeguarding.queue(lead).itertuples()
    [acknowledged] = safeguarding.handled_words(row)
    assert acknowledged.startswith("Acknowledged by lead on ")
    safeguarding.close(lead, flag_id, "Referred to MASH", "concern", "Called the duty team")
    [row] = safeguarding.queue(lead, "closed").itertuples()
    assert [w.split(" on ")[0] for w in safeguarding.handled_words(row)] == [
        "Acknowledged by lead", "Closed by lead", "Notes: Called the duty team"]
