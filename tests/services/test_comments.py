"""Free text is coded when stored; workers correct codes and approve redacted quotes."""
import pytest

from voice_app.services import accounts, comments, kiosk
from voice_app.services.organisations import ensure_organisation


@pytest.fixture
def worker(demo_site):
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "c1", "what_was_good", "My worker Jake listened to me, call 07700 900123", 7)
    kiosk.save_answer(k, "c1", "overall_satisfaction", "very_satisfied", 6)
    kiosk.submit(k, "c1")
    kiosk.save_answer(k, "c2", "what_could_be_better", "the waiting room is boring", 8)
    kiosk.submit(k, "c2")
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    return accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])


def test_coded_when_stored_with_redaction(worker):
    df = comments.explore(worker, survey_key="camhs-wellbeing").set_index("question_id")
    good = df.loc["what_was_good"]
    assert good["sentiment"] == "positive" and good["themes"]
    assert "07700" not in good["redacted"] and "[phone]" in good["redacted"]
    assert df.loc["what_could_be_better"]["sentiment"] == "negative"


def test_other_organisations_workers_see_nothing(worker):
    other = accounts.create_user("o", "a long test password", "worker", ["hillside-youth"])
    assert comments.explore(other, survey_key="camhs-wellbeing").empty
    answer_id = int(comments.explore(worker)["answer_id"][0])
    with pytest.raises(PermissionError):
        comments.correct(other, answer_id, [], "neutral")


def test_correction_replaces_the_machine_coding(worker):
    row = comments.explore(worker, words="boring").iloc[0]
    comments.correct(worker, int(row["answer_id"]), ["environment"], "negative")
    row = comments.explore(worker, words="boring").iloc[0]
    assert row["themes"] == "environment" and row["coded_by"] == "worker"
    with pytest.raises(ValueError):
        comments.correct(worker, int(row["answer_id"]), ["no_such_theme"], "negative")


def test_only_approved_redacted_quotes_are_published(worker):
    row = comments.explore(worker, words="listened").iloc[0]
    assert comments.approved_quotes() == []
    comments.decide_quote(worker, int(row["answer_id"]), True, "My worker Jake listened to me, ring 07700 900123")
    quotes = comments.approved_quotes()
    assert len(quotes) == 1 and "07700" not in quotes[0]["text"]
    comments.hide(worker, int(row["answer_id"]))
    assert comments.approved_quotes() == []  # a hidden comment is never a quote
