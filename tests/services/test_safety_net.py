"""The human safety net: a worker sends a comment the screen let through to the lead; the lead's
verdict on the screen is kept for its next training; a child who has just told us can ask for
someone here to talk to them."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from voice_app.services import accounts, audit, comments, kiosk, safeguarding
from voice_app.services.organisations import ensure_organisation, ensure_site
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, Response, SafeguardingExample, SafeguardingFlag

# Nothing a screen should flag, yet a worker who knows the child may still worry.
ORDINARY = "changing workers all the time, nobody stays long"


def submit(k, key: str, **answers) -> None:
    for question, text in answers.items():
        kiosk.save_answer(k, key, question, text, 8)
    kiosk.submit(k, key)


@pytest.fixture
def people(demo_site):
    hillside = ensure_organisation("Hillside Youth Service", "hillside-youth")
    ensure_site(hillside, "Hillside hub", "hillside-hub")
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    submit(k, "child-1", what_could_be_better=ORDINARY, what_was_good="the fish tank")
    make = accounts.create_user
    return {"worker": make("worker", "a long test password", "worker", ["riverside-camhs"]),
            "lead": make("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"]),
            "other_worker": make("other-w", "a long test password", "worker", ["hillside-youth"]),
            "other_lead": make("other-l", "a long test password", "safeguarding_lead", ["hillside-youth"]),
            "admin": make("admin", "a long test password", "admin"), "kiosk": k}


def answer_id_of(worker, text: str) -> int:
    df = comments.explore(worker, survey_key="camhs-wellbeing")
    return int(df.loc[df["text"] == text, "answer_id"].iloc[0])


def rows(model, *where):
    with session_scope() as session:
        return list(session.execute(select(model).where(*where)).scalars())


def test_a_worker_sends_an_ordinary_looking_comment_to_the_lead(people):
    worker, lead = people["worker"], people["lead"]
    answer_id = answer_id_of(worker, ORDINARY)
    assert safeguarding.queue(lead).empty, "the screen flagged it: pick wording it lets through"

    assert safeguarding.send_to_lead(worker, answer_id, "  A child in care moved again: please check in.  ")

    [flag] = rows(SafeguardingFlag, SafeguardingFlag.answer_id == answer_id)
    assert (flag.source, flag.level, flag.raised_by, flag.status) == ("worker", "concern", worker.id, "open")
    assert flag.raised_reason == "A child in care moved again: please check in."
    assert flag.organisation_id == worker.organisation_ids[0]
    [alert] = rows(Alert, Alert.flag_id == flag.id)
    assert alert.kind == "new_flag" and alert.organisation_id == flag.organisation_id
    # It leaves the workers' view at once, and reaches the lead with who sent it and why.
    assert ORDINARY not in set(comments.explore(worker, survey_key="camhs-wellbeing")["text"])
    queue = safeguarding.queue(lead)
    assert list(queue["text"]) == [ORDINARY]
    assert (queue["raised_by"][0], queue["raised_reason"][0]) == ("worker", flag.raised_reason)
    events = audit.events(people["admin"], action="sent a comment to the safeguarding lead")
    assert list(events["user"]) == ["worker"] and list(events["target"]) == [f"answer {answer_id}"]
    assert "neglect" not in events["detail"][0]  # the worker's words stay with the flag


def test_a_reason_is_required_and_kept_short(people):
    worker = people["worker"]
    answer_id = answer_id_of(worker, ORDINARY)
    for reason in ("", "   ", "x" * (safeguarding.MAX_REASON_CHARS + 1)):
        with pytest.raises(ValueError):
            safeguarding.send_to_lead(worker, answer_id, reason)
    assert not rows(SafeguardingFlag)


def test_only_workers_of_the_comments_organisation_can_send_it(people):
    answer_id = answer_id_of(people["worker"], ORDINARY)
    with pytest.raises(PermissionError):
        safeguarding.send_to_lead(people["other_worker"], answer_id, "worried")
    with pytest.raises(PermissionError):
        safeguarding.send_to_lead(people["lead"], answer_id, "worried")  # leads read the queue instead
    with pytest.raises(LookupError):
        safeguarding.send_to_lead(people["admin"], 999_999, "worried")
    assert not rows(SafeguardingFlag) and not rows(Alert)
    assert ORDINARY in set(comments.explore(people["worker"], survey_key="camhs-wellbeing")["text"])


def test_sending_a_comment_already_with_the_lead_opens_no_second_flag(people):
    worker = people["worker"]
    answer_id = answer_id_of(worker, ORDINARY)
    assert safeguarding.send_to_lead(worker, answer_id, "worried")
    assert not safeguarding.send_to_lead(people["admin"], answer_id, "me too")
    assert len(rows(SafeguardingFlag)) == 1 and len(rows(Alert, Alert.kind == "new_flag")) == 1


def test_the_queue_puts_concerns_first_then_the_longest_waiting(people, demo_site):
    k, worker, lead = people["kiosk"], people["worker"], people["lead"]
    submit(k, "child-2", what_could_be_better="the chairs are hard")
    submit(k, "child-3", what_could_be_better="no one explains anything")
    first, second = (answer_id_of(worker, t) for t in ("the chairs are hard", "no one explains anything"))
    third = answer_id_of(worker, ORDINARY)
    for answer_id, reason in ((first, "first"), (second, "second"), (third, "third")):
        safeguarding.send_to_lead(worker, answer_id, reason)
    with session_scope() as session:
        flags = {f.answer_id: f for f in session.execute(select(SafeguardingFlag)).scalars()}
        now = flags[second].created_at
        flags[first].level = "check"  # lower priority, though it has waited longest
        flags[first].created_at = now - timedelta(minutes=20)
        flags[third].created_at = now - timedelta(minutes=10)  # sent last, but waiting longer
        session.add_all(flags.values())
    queue = safeguarding.queue(lead)
    assert list(queue["raised_reason"]) == ["third", "second", "first"]
    assert list(queue["level"]) == ["concern", "concern", "check"]


def close_one(people, reason: str = "worried") -> int:
    safeguarding.send_to_lead(people["worker"], answer_id_of(people["worker"], ORDINARY), reason)
    queue = safeguarding.queue(people["lead"])
    flag_id = int(queue.loc[queue["source"] == "worker", "id"].iloc[0])
    safeguarding.close(people["lead"], flag_id, "Referred to MASH", "concern")
    return flag_id


def test_the_lead_records_that_the_screen_missed_it_and_it_becomes_an_example(people):
    lead = people["lead"]
    flag_id = close_one(people)
    safeguarding.record_verdict(lead, flag_id, "screen_missed", "neglect")
    [flag] = rows(SafeguardingFlag)
    [example] = rows(SafeguardingExample)
    assert flag.screen_verdict == "screen_missed"
    assert (example.text, example.concern, example.category, example.source) == (
        ORDINARY, True, "neglect", "screen_missed")
    assert (example.flag_id, example.organisation_id, example.created_by) == (
        flag_id, lead.organisation_ids[0], lead.id)
    assert example.created_at is not None
    assert "recorded the screen's verdict" in set(audit.events(people["admin"])["action"])
    with pytest.raises(ValueError):  # once only
        safeguarding.record_verdict(lead, flag_id, "false_alarm")


def test_a_verdict_needs_a_closed_flag_of_the_leads_own_organisation(people):
    lead = people["lead"]
    safeguarding.send_to_lead(people["worker"], answer_id_of(people["worker"], ORDINARY), "worried")
    flag_id = int(safeguarding.queue(lead)["id"][0])
    with pytest.raises(ValueError):
        safeguarding.record_verdict(lead, flag_id, "screen_missed")
    safeguarding.close(lead, flag_id, "No concern on review", "false_alarm")
    with pytest.raises(PermissionError):
        safeguarding.record_verdict(people["other_lead"], flag_id, "false_alarm")
    with pytest.raises(PermissionError):
        safeguarding.record_verdict(people["worker"], flag_id, "false_alarm")
    with pytest.raises(ValueError):
        safeguarding.record_verdict(lead, flag_id, "maybe")
    assert not rows(SafeguardingExample)


def test_a_screen_false_alarm_keeps_the_screens_category(people):
    k, lead = people["kiosk"], people["lead"]
    submit(k, "child-4", what_could_be_better="my mums boyfriend hits me")
    flag_id = int(safeguarding.queue(lead)["id"][0])
    safeguarding.close(lead, flag_id, "No concern on review", "false_alarm")
    safeguarding.record_verdict(lead, flag_id, "false_alarm")
    [example] = rows(SafeguardingExample)
    assert example.concern is False and example.source == "false_alarm"
    assert example.category == rows(SafeguardingFlag)[0].reason


def test_examples_export_as_the_development_sets_columns_safe_for_spreadsheets(people):
    k, lead = people["kiosk"], people["lead"]
    submit(k, "child-5", what_could_be_better="=HYPERLINK(\"http://x\") he hurts me")
    worker = people["worker"]
    flag_id = close_one(people)
    safeguarding.record_verdict(lead, flag_id, "screen_missed", "neglect")
    other = [int(i) for i in safeguarding.queue(lead)["id"] if int(i) != flag_id]
    for fid in other:
        safeguarding.close(lead, fid, "No concern on review", "false_alarm")
        safeguarding.record_verdict(lead, fid, "false_alarm")
    data = safeguarding.examples_csv(None).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0] == ["text", "concern", "category"]
    assert table[1] == [ORDINARY, "1", "neglect"]
    texts = [r[0] for r in table[1:]]
    assert all(not t.startswith(("=", "+", "-", "@")) for t in texts)
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert {r[1] for r in table[2:]} == {"0"}
    assert safeguarding.examples(people["other_lead"]).empty  # leads see their own organisations'
    with pytest.raises(PermissionError):
        safeguarding.examples(worker)
    assert "exported data" in set(audit.events(people["admin"])["action"])


def test_a_child_whose_words_went_to_the_lead_can_ask_for_someone_here(people, demo_site):
    k = people["kiosk"]
    submit(k, "child-6", what_could_be_better="my dad hits me when he is drunk")
    assert kiosk.concern_raised("child-6") and not kiosk.concern_raised("child-1")
    assert kiosk.ask_to_talk(k, "child-6")
    [alert] = rows(Alert, Alert.kind == "talk_request")
    assert alert.site_id == k.site_id and alert.organisation_id == people["lead"].organisation_ids[0]
    assert alert.flag_id is None and alert.created_at is not None
    # Nothing else to tell anyone: no words, no response; and no alert for an unflagged child,
    # a response never sent, or another site's kiosk.
    assert not kiosk.ask_to_talk(k, "child-1") and not kiosk.ask_to_talk(k, "nobody")
    elsewhere = kiosk.open_kiosk("camhs-wellbeing", "hillside-hub")
    assert not kiosk.ask_to_talk(elsewhere, "child-6")
    with session_scope() as session:
        assert session.execute(select(func.count()).select_from(Alert)
                               .where(Alert.kind == "talk_request")).scalar_one() == 1


def test_a_child_who_writes_in_polish_is_thanked_and_the_lead_reads_it_quietly(people):
    """Words the screen cannot read go to the lead as a check, but tell the child nothing: a
    kind comment in Polish must not meet 'a grown-up may need to check' (the thank-you shows
    where to get help to every child anyway)."""
    k, lead = people["kiosk"], people["lead"]
    submit(k, "child-pl", what_was_good="Miła pani w recepcji i bardzo spokojna poczekalnia")
    [flag] = rows(SafeguardingFlag)
    assert flag.level == "check" and "not in English" in flag.reason  # the lead still reads it
    assert not kiosk.concern_raised("child-pl")
    assert not kiosk.ask_to_talk(k, "child-pl")
    submit(k, "child-pl-2", what_was_good="Miła pani w recepcji", what_could_be_better="my dad hits me")
    assert kiosk.concern_raised("child-pl-2")  # words the screen did read still show the calm screen


def test_a_link_reopened_later_cannot_call_staff(people):
    k = people["kiosk"]
    submit(k, "child-7", what_could_be_better="my dad hits me when he is drunk")
    with session_scope() as session:
        response = session.execute(select(Response).where(Response.client_key == "child-7")).scalar_one()
        response.submitted_at = response.submitted_at - kiosk.TALK_REQUEST_WINDOW - timedelta(minutes=1)
        session.add(response)
    assert not kiosk.ask_to_talk(k, "child-7")


def test_the_examples_command_saves_the_csv(people, tmp_path, capsys):
    from voice_app.cli import main

    flag_id = close_one(people)
    safeguarding.record_verdict(people["lead"], flag_id, "screen_missed")
    out = tmp_path / "examples.csv"
    assert main(["safeguarding-examples", "--out", str(out)]) == 0
    assert "1 labelled examples" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["text,concern,category", f'"{ORDINARY}",1,']
