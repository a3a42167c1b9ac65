"""Voice records: letters, drawings and conversations are coded, flagged, reviewed and quoted like
comments, counted beside the surveys (never in them), and leave every output when consent ends."""
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from tests.services.test_alerts import set_email
from voice_app.config import get_settings
from voice_app.services import accounts, comments, records, safeguarding, views_by_setting
from voice_app.services.annual_report import compose, documents
from voice_app.services.records import NewRecord, RecordError
from voice_app.services.sweep import run_sweep
from voice_app.services.you_said import drafts, item_views, items
from voice_app.store import records as store
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, AuditEvent
from voice_app.store.queries import all_surveys, rounds_answered_between

TODAY = datetime.now(UTC).date()
LETTER = "The waiting room is boring and nobody listened to me when I asked for help"


@pytest.fixture
def staff(demo_site, tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    worker = accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    return worker, lead


def new(summary: str = LETTER, **values) -> NewRecord:
    return NewRecord(**{"kind": "letter", "heard_on": TODAY - timedelta(days=3), "setting": "school",
                        "age_band": "11_to_15", "summary": summary, "consent": "quote", **values})


def log(worker, summary: str = LETTER, file: bytes | None = None, **values) -> int:
    return records.log_record(worker, worker.organisation_ids[0], new(summary, **values), file)[0]


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def heard_sentence() -> str | None:
    """The annual report's sentence on records for the partnership (None: it has none)."""
    report = compose.build(None, TODAY - timedelta(days=30), TODAY, with_charts=False)
    return next((p for p in report.sections[0].paragraphs if p.startswith("Beside the surveys")), None)


def files() -> list:
    folder = get_settings().data_dir / "records"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_record_is_coded_and_shows_in_the_theme_explorer(staff):
    worker, _ = staff
    log(worker)
    df = comments.explore(worker)
    row = df[df["record_kind"] == "letter"].iloc[0]
    assert row["text"] == LETTER and row["themes"] and row["sentiment"] == "negative"
    assert row["setting"] == "school" and row["age_band"] == "11_to_15"
    assert len(comments.explore(worker, survey_key=store.RECORDS_SURVEY)) == 1


def test_the_worker_chooses_its_themes(staff):
    worker, _ = staff
    log(worker, themes=["environment"])
    row = comments.explore(worker).iloc[0]
    assert row["themes"] == "environment" and row["coded_by"] == "worker"


def test_a_worrying_record_reaches_the_lead_and_their_email(staff, mailbox):
    worker, lead = staff
    set_email("lead", "lead@example.org")
    record_id, flagged = records.log_record(worker, worker.organisation_ids[0],
                                            new("my mums boyfriend hits me", kind="conversation"))
    assert flagged
    assert comments.explore(worker).empty  # the lead's alone
    assert [r.summary for r in records.list_records(worker)] == ["With the safeguarding lead"]
    queue = safeguarding.queue(lead)
    assert list(queue["text"]) == ["my mums boyfriend hits me"]
    with session_scope() as s:
        assert [a.kind for a in s.execute(select(Alert)).scalars()] == ["new_flag"]
    run_sweep()
    assert [rcpt for rcpt, _ in mailbox.received] == [["lead@example.org"]]


def test_records_never_count_in_survey_figures(staff):
    worker, _ = staff
    log(worker)
    with session_scope() as s:
        assert store.RECORDS_SURVEY not in [x.key for x in all_surveys(s)]
        assert store.RECORDS_SURVEY in [x.key for x in all_surveys(s, include_records=True)]
        assert rounds_answered_between(s, None, None) == []
    report = compose.build(None, TODAY - timedelta(days=30), TODAY, with_charts=False)
    assert report.sections[0].rounds == []


def test_the_annual_report_counts_records_beside_the_surveys(staff):
    worker, _ = staff
    for kind in ("letter", "letter", "letter", "drawing", "conversation", "conversation"):
        log(worker, kind=kind)
    text = documents.to_html(compose.build(None, TODAY - timedelta(days=30), TODAY, with_charts=False))
    assert b"Beside the surveys, 6 letters, drawings and conversations were recorded (&lt;5 letters, " \
           b"&lt;5 drawings, &lt;5 conversations)." in text
    last_day = compose.build(None, TODAY - timedelta(days=1), TODAY, with_charts=False)
    assert not any("Beside the surveys" in p for s in last_day.sections for p in s.paragraphs)  # none that day


def test_withdrawn_consent_removes_a_record_from_every_output(staff):
    worker, _ = staff
    record_id = log(worker, file=photo_with_gps())
    answer_id = int(comments.explore(worker)["answer_id"][0])
    comments.decide_quote(worker, answer_id, True, "nobody listened to me when I asked for help")
    item_id = items.create(worker, worker.organisation_ids[0], "Nobody listened", quote_answer_ids=[answer_id])
    assert comments.approved_quotes() and item_views.quote_comments(worker, item_id)
    assert heard_sentence()
    assert len(files()) == 1

    records.withdraw(worker, record_id)

    assert comments.explore(worker).empty
    assert comments.approved_quotes() == []
    assert item_views.quote_comments(worker, item_id) == []
    assert heard_sentence() is None
    assert files() == [] and records.record_file(worker, record_id) is None
    assert [r.state for r in records.list_records(worker)] == ["Consent withdrawn"]
    with session_scope() as s:
        actions = list(s.execute(select(AuditEvent.action)).scalars())
    assert "withdrew consent for a voice record" in actions


def test_only_quote_or_public_consent_gives_a_quote(staff):
    worker, _ = staff
    log(worker, consent="internal")
    answer_id = int(comments.explore(worker)["answer_id"][0])
    with pytest.raises(ValueError, match="inside the partnership only"):
        comments.decide_quote(worker, answer_id, True, "nobody listened to me")
    assert comments.approved_quotes() == []


def test_a_photo_loses_its_metadata(staff):
    worker, _ = staff
    record_id = log(worker, file=photo_with_gps())
    data, kind = records.record_file(worker, record_id)
    assert kind == "image/jpeg"
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and b"PhoneMaker" not in data


def test_a_wrong_type_or_too_big_file_is_refused_and_nothing_is_kept(staff, monkeypatch):
    worker, _ = staff
    with pytest.raises(RecordError, match="not a file we keep"):
        log(worker, file=b"MZ\x90\x00 a program named letter.jpg")
    monkeypatch.setenv("VOICE_RECORD_FILE_MAX_MB", "1")
    get_settings.cache_clear()
    with pytest.raises(RecordError, match="too large"):
        log(worker, file=b"%PDF-1.7" + b"0" * (1024 * 1024))
    assert records.list_records(worker) == [] and files() == []
    log(worker, file=b"%PDF-1.7 a scanned letter")
    assert records.list_records(worker)[0].file_type == "application/pdf"


def test_the_file_goes_when_consent_runs_out(staff):
    worker, _ = staff
    record_id = log(worker, file=photo_with_gps(), heard_on=TODAY - timedelta(days=10),
                    consent_until=TODAY - timedelta(days=1))
    assert comments.explore(worker).empty  # out of every output from the day after
    assert len(files()) == 1
    run_sweep()
    assert files() == [] and records.record_file(worker, record_id) is None
    assert [r.state for r in records.list_records(worker)] == ["Consent ended"]


def test_bad_input_names_what_is_wrong(staff):
    worker, _ = staff
    with pytest.raises(RecordError, match="kind: 'poem' is not a kind of record"):
        log(worker, kind="poem")
    with pytest.raises(RecordError, match="setting"):
        log(worker, setting="moon")
    with pytest.raises(RecordError, match="in the future"):
        log(worker, heard_on=TODAY + timedelta(days=5))


def test_another_organisations_worker_cannot_touch_a_record(staff):
    from voice_app.services.organisations import ensure_organisation

    worker, _ = staff
    record_id = log(worker)
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    other = accounts.create_user("o", "a long test password", "worker", ["hillside-youth"])
    assert records.list_records(other) == []
    with pytest.raises(PermissionError):
        records.withdraw(other, record_id)


def test_theme_setting_counts(staff):
    worker, _ = staff
    log(worker, themes=["environment", "staff_listening"])
    log(worker, themes=["environment"], setting="hospital")
    log(worker, themes=["environment"], consent="internal", heard_on=date(2020, 1, 1))
    with session_scope() as s:
        rows = store.theme_setting_counts(s, worker.organisation_ids, TODAY - timedelta(days=30), TODAY)
    assert rows == [("environment", "hospital", 1), ("environment", "school", 1), ("staff_listening", "school", 1)]


def test_records_count_in_the_boards_views_by_topic_and_setting(staff):
    worker, _ = staff
    board = accounts.create_user("b", "a long test password", "board")
    for _ in range(6):
        log(worker, themes=["environment"])

    def environment() -> dict:
        table = views_by_setting.views(board, worker.organisation_ids[0], TODAY - timedelta(days=30), TODAY)
        row = next(r for r in table.rows if r.theme_id == "environment")
        return dict(zip([*table.column_names, "All settings"], [*row.cells, row.total]))

    got = environment()
    assert (got["School or college"], got["Hospital or clinic"], got["All settings"]) == (6, 0, 6)
    hospital = log(worker, themes=["environment"], setting="hospital", consent="internal")
    got = environment()  # one letter is never shown, nor worked out as the total less the school's
    assert got["Hospital or clinic"] == "<5" and got["School or college"] == "[c]"
    records.withdraw(worker, hospital)  # gone from the picture at once
    got = environment()
    assert (got["School or college"], got["Hospital or clinic"], got["All settings"]) == (6, 0, 6)


def test_a_record_gives_a_you_said_item_from_its_theme(staff):
    worker, _ = staff
    log(worker, themes=["environment"])
    answer_id = int(comments.explore(worker)["answer_id"][0])
    comments.decide_quote(worker, answer_id, True, "The waiting room is boring")
    heard = TODAY - timedelta(days=3)  # when log() says it was heard: its year is its round
    draft = drafts.draft_from_theme(worker, records.RECORDS_SURVEY, str(heard.year), "environment",
                                    worker.organisation_ids[0])
    assert draft.source_count == 1 and draft.quotes == ["The waiting room is boring"]
    item_id = items.create(worker, worker.organisation_ids[0], draft.you_said, survey_key=draft.survey_key,
                           round_name=draft.round_name, theme_id="environment",
                           quote_answer_ids=draft.quote_answer_ids)
    assert [q for _, q in item_views.quote_comments(worker, item_id)] == ["The waiting room is boring"]


def test_no_kiosk_opens_the_records_survey(staff):
    from voice_app.services import kiosk

    log(staff[0])
    with pytest.raises(kiosk.KioskError):
        kiosk.open_kiosk(store.RECORDS_SURVEY, "riverside-waiting-room")
