"""Retention: a child's words are kept as long as their organisation says, then only their
redacted copy; codes and figures stay; an open safeguarding flag keeps the words; responses
never sent are taken in (closed and counted) or, when empty, removed; never an accepted one."""
import csv
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from voice_app import cli
from voice_app.services import accounts, coding, comments, kiosk, retention, safeguarding
from voice_app.services.importer import import_responses
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site, list_rounds
from voice_app.services.results import round_report
from voice_app.store.db import session_scope
from voice_app.store.themes import joined_themes
from voice_app.store.models import (
    RETENTION_MONTHS_RANGE,
    Answer,
    AuditEvent,
    CommentCode,
    Response,
    SafeguardingExample,
    SafeguardingFlag,
    utcnow,
)

SURVEY = "camhs-wellbeing"
PERSONAL = "Jake on 07700 900123 was kind but the waiting room is boring"
DISCLOSURE = "my mums boyfriend hits me ring me on 07700 900456"
DISCLOSURE_REDACTED = "my mums boyfriend hits me ring me on [phone]"
CLOSES = date(2024, 3, 31)
DUE = date(2026, 3, 31)  # 24 months (the default) after CLOSES: due that very day
NOT_YET = DUE - timedelta(days=1)


def import_round(tmp_path, name: str, rows: list[dict], closes_on: date | None = CLOSES,
                 site: str = "riverside-waiting-room") -> None:
    ensure_round(SURVEY, name, closes_on=closes_on)
    path = tmp_path / f"{name}.csv"
    columns = ["staff_listened", "what_could_be_better", "submitted_at", "site"]
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({"staff_listened": "happy", "submitted_at": "2024-03-10T10:00:00", "site": site, **row})
    import_responses(SURVEY, path, name)


def stored_texts() -> list[str]:
    with session_scope() as s:
        return sorted(s.execute(select(Answer.text).where(Answer.text.is_not(None))).scalars())


def codes() -> list[tuple]:
    with session_scope() as s:
        rows = s.execute(select(CommentCode.answer_id, CommentCode.sentiment, CommentCode.sentiment_score,
                                CommentCode.flagged, CommentCode.flag_level, CommentCode.redacted,
                                CommentCode.quote_status)).all()
        themes = joined_themes(s, [r[0] for r in rows])
        return sorted((r[0], themes.get(r[0], ""), *r[1:]) for r in rows)


def retention_events() -> list[str]:
    with session_scope() as s:
        return list(s.execute(select(AuditEvent.detail).where(AuditEvent.action == "retention")).scalars())


@pytest.fixture
def lead(demo_site):
    return accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])


def test_words_are_replaced_by_their_redacted_copy_on_the_day_they_are_due(demo_site, tmp_path):
    import_round(tmp_path, "Spring 2024", [{"what_could_be_better": PERSONAL}])
    before = codes()
    [redacted] = [c[6] for c in before]
    assert "07700" not in redacted and redacted != PERSONAL

    report = retention.run_retention(today=NOT_YET)  # the round closed 24 months less a day ago
    assert stored_texts() == [PERSONAL] and report.total("texts_replaced") == 0

    report = retention.run_retention(today=DUE)
    assert stored_texts() == [redacted]
    assert report.total("texts_replaced") == 1
    [org] = report.organisations
    assert (org.organisation, org.months, org.texts_replaced) == ("riverside-camhs", 24, 1)
    after = codes()
    assert [c[:6] + c[7:] for c in after] == [c[:6] + c[7:] for c in before]  # codes kept
    assert retention.run_retention(today=DUE).total("texts_replaced") == 0  # done once


def test_a_dry_run_changes_nothing_and_shows_no_childs_words(demo_site, tmp_path, capsys):
    import_round(tmp_path, "Spring 2024", [{"what_could_be_better": PERSONAL}])
    report = retention.run_retention(today=DUE, dry_run=True)
    assert report.total("texts_replaced") == 1 and stored_texts() == [PERSONAL]
    assert retention_events() == []  # only a real run is audited
    assert cli.main(["retention", "--dry-run"]) == 0  # today: long past 2026-03-31
    out = capsys.readouterr().out
    assert "riverside-camhs" in out and "1 written answers would be replaced" in out
    assert "Jake" not in out and "07700" not in out and "boring" not in out
    assert stored_texts() == [PERSONAL] and retention_events() == []

    assert cli.main(["retention"]) == 0
    assert "07700" not in stored_texts()[0]
    [event] = retention_events()
    assert '"replaced": 1' in event and "07700" not in event and "Jake" not in event


def test_words_under_an_open_flag_are_kept_until_the_lead_closes_it(lead, tmp_path):
    import_round(tmp_path, "Spring 2024", [{"what_could_be_better": DISCLOSURE},
                                            {"what_could_be_better": PERSONAL}])
    with session_scope() as s:
        [flag_id] = s.execute(select(SafeguardingFlag.id)).scalars()
    safeguarding.acknowledge(lead, flag_id)  # acknowledged is not closed: the lead is still on it
    report = retention.run_retention(today=DUE)
    assert DISCLOSURE in stored_texts()
    assert (report.total("texts_replaced"), report.total("texts_held_by_flag")) == (1, 1)
    assert DISCLOSURE in safeguarding.queue(lead)["text"].tolist()  # the lead still reads it

    safeguarding.close(lead, flag_id, "talked with the young person", "no_concern")
    safeguarding.record_verdict(lead, flag_id, "false_alarm")
    report = retention.run_retention(today=DUE)
    assert (report.total("texts_replaced"), report.total("texts_held_by_flag")) == (1, 0)
    assert DISCLOSURE not in stored_texts()
    with session_scope() as s:
        [example] = s.execute(select(SafeguardingExample.text)).scalars()
        [flagged] = s.execute(select(CommentCode.flagged)
                              .join(SafeguardingFlag, SafeguardingFlag.answer_id == CommentCode.answer_id)).scalars()
    assert DISCLOSURE_REDACTED in stored_texts()
    assert example == DISCLOSURE_REDACTED  # the lead's labelled example keeps the redacted copy only
    assert not flagged  # no concern: an ordinary comment again for workers (its closed flag is kept)
    assert safeguarding.queue(lead, "closed")["text"].tolist() == [DISCLOSURE_REDACTED]


def test_words_never_coded_are_screened_before_anything_is_replaced(demo_site, tmp_path):
    import_round(tmp_path, "Spring 2024", [{"what_could_be_better": DISCLOSURE},
                                            {"what_could_be_better": PERSONAL}])
    with session_scope() as s:  # as if coding had failed when they were stored
        s.execute(delete(SafeguardingFlag))
        s.execute(delete(CommentCode))
    report = retention.run_retention(today=DUE)
    assert (report.total("texts_replaced"), report.total("texts_held_by_flag")) == (1, 1)
    assert DISCLOSURE in stored_texts() and PERSONAL not in stored_texts()
    with session_scope() as s:
        assert list(s.execute(select(SafeguardingFlag.status)).scalars()) == ["open"]


def test_figures_are_the_same_before_and_after_retention(demo_site, tmp_path):
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    ensure_site("hillside-youth", "Hillside youth club", "hillside-club")
    rows = [{"what_could_be_better": t, "staff_listened": o, "site": s}
            for t, o, s in [(PERSONAL, "happy", "riverside-waiting-room"),
                            ("nothing, it was great", "very_happy", "hillside-club"),
                            ("the staff at Northgate school were rude", "unhappy", "riverside-waiting-room"),
                            ("", "okay", "hillside-club")] * 4]
    import_round(tmp_path, "Spring 2024", rows)

    def figures():
        return [round_report(SURVEY, "Spring 2024", audience=a, by=by)
                for a in ("staff", "board") for by in (None, "site", "organisation")]

    worker = accounts.create_user("w", "a long test password", "worker", ["riverside-camhs", "hillside-youth"])

    def themes():
        df = comments.explore(worker, survey_key=SURVEY)
        return sorted(zip(df["themes"], df["sentiment"], df["question_id"]))

    before, before_themes = figures(), themes()
    assert retention.run_retention(today=DUE).total("texts_replaced") == 12
    assert figures() == before
    assert themes() == before_themes
    assert not any("07700" in t for t in stored_texts())


def test_each_organisation_keeps_words_for_its_own_period(demo_site, tmp_path, capsys):
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    ensure_site("hillside-youth", "Hillside youth club", "hillside-club")
    assert cli.main(["retention", "--set-months", "hillside-youth", "6"]) == 0
    assert cli.main(["retention", "--set-months", "hillside-youth", "0"]) == 1
    assert cli.main(["retention", "--set-months", "nowhere", "6"]) == 1
    import_round(tmp_path, "Summer 2025", [{"what_could_be_better": "Hillside: ring 07700 900111",
                                            "site": "hillside-club"},
                                           {"what_could_be_better": "Riverside: ring 07700 900222"}],
                 closes_on=date(2025, 9, 30))
    report = retention.run_retention(today=date(2026, 3, 29))  # 6 months less a day
    assert report.total("texts_replaced") == 0
    report = retention.run_retention(today=date(2026, 3, 30))
    assert {o.organisation: (o.months, o.texts_replaced) for o in report.organisations} == {
        "hillside-youth": (6, 1), "riverside-camhs": (24, 0)}
    assert stored_texts() == ["Hillside: ring [phone]", "Riverside: ring 07700 900222"]


def test_a_round_without_an_end_date_counts_from_the_day_each_response_was_sent(demo_site, tmp_path):
    import_round(tmp_path, "Open round", [{"what_could_be_better": "March: ring 07700 900111",
                                           "submitted_at": "2024-03-31T23:30:00"},
                                          {"what_could_be_better": "April: ring 07700 900222",
                                           "submitted_at": "2024-04-01T00:30:00"}], closes_on=None)
    assert retention.run_retention(today=date(2026, 3, 30)).total("texts_replaced") == 0
    assert retention.run_retention(today=date(2026, 3, 31)).total("texts_replaced") == 1
    assert stored_texts() == ["April: ring 07700 900222", "March: ring [phone]"]


def test_recoding_never_recomputes_codes_from_the_redacted_copy(demo_site, tmp_path):
    import_round(tmp_path, "Spring 2024", [{"what_could_be_better": PERSONAL}])
    import_round(tmp_path, "Spring 2026", [{"what_could_be_better": "the waiting room is boring",
                                            "submitted_at": "2026-03-10T10:00:00"}],
                 closes_on=date(2026, 3, 20))
    retention.run_retention(today=DUE)
    with session_scope() as s:
        s.execute(update(CommentCode).values(codebook_version="an older codebook"))
    recoded = coding.recode_round([r.id for r in list_rounds(SURVEY)])
    assert recoded == 1  # the newer round's words, still the child's own; not the replaced ones


def test_unsent_responses_are_taken_in_or_removed_never_an_accepted_one(demo_site):
    k = kiosk.open_kiosk(SURVEY, demo_site)
    kiosk.save_answer(k, "walked-away", "what_could_be_better", DISCLOSURE, 8)
    kiosk.save_answer(k, "empty", "staff_listened", None, 1)  # "I'd rather not say", then gone
    kiosk.save_answer(k, "still-here", "staff_listened", "happy", 1)
    kiosk.save_answer(k, "sent", "staff_listened", "happy", 1)
    kiosk.submit(k, "sent")
    long_ago = utcnow() - timedelta(days=3)
    with session_scope() as s:
        s.execute(update(Response).where(Response.client_key.in_(["walked-away", "empty"]))
                  .values(updated_at=long_ago, started_at=long_ago))
        s.execute(update(Response).where(Response.client_key == "sent")
                  .values(updated_at=long_ago, started_at=long_ago, submitted_at=long_ago))
    dry = retention.run_retention(dry_run=True)
    assert (dry.total("unsubmitted_closed"), dry.total("unsubmitted_removed")) == (1, 1)
    assert [o.organisation for o in dry.organisations] == ["riverside-camhs"]

    report = retention.run_retention()
    assert (report.total("unsubmitted_closed"), report.total("unsubmitted_removed")) == (1, 1)
    with session_scope() as s:
        state = dict(s.execute(select(Response.client_key, Response.submitted_at.is_not(None))).all())
        [flag] = s.execute(select(SafeguardingFlag.status)).scalars()
    assert state == {"walked-away": True, "still-here": False, "sent": True}  # "empty" is gone
    assert flag == "open"  # the walked-away child's words reached the lead
    assert DISCLOSURE in stored_texts()


@given(today=st.dates(date(2001, 1, 1), date(2100, 12, 31)), months=st.integers(*RETENTION_MONTHS_RANGE),
       closes=st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_due_exactly_when_the_period_after_closing_has_reached_today(today, months, closes):
    due = closes <= retention.last_due_closing(today, months)
    assert due == (retention.add_months(closes, months) <= today)


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert retention.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert retention.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert retention.add_months(date(2024, 3, 31), 24) == date(2026, 3, 31)
    assert retention.last_due_closing(date(2026, 2, 28), 6) == date(2025, 8, 31)
