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
    assert len(quotes) == 1 and "07700" not in quotes[0].text
    comments.hide(worker, int(row["answer_id"]))
    assert comments.approved_quotes() == []  # a hidden comment is never a quote


def test_learning_needs_enough_corrections_and_own_organisation(worker):
    from voice_app.services.comments import MIN_TRAINING_EXAMPLES, train_model

    org_id = worker.organisation_ids[0]
    with pytest.raises(ValueError, match=f"at least {MIN_TRAINING_EXAMPLES}"):
        train_model(worker, org_id)
    with pytest.raises(PermissionError):
        train_model(worker, org_id + 1)


def test_a_model_learned_from_corrections_codes_new_comments(demo_site):
    from voice_app.services.comments import train_model

    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    lines = [("the wifi is slow", ["games_tech"]), ("no signal for my phone", ["games_tech"]),
             ("kind staff", ["staff_manner"]), ("the nurse was lovely", ["staff_manner"])]
    for i in range(40):
        text, _ = lines[i % 4]
        kiosk.save_answer(k, f"t{i}", "what_could_be_better", f"{text} {i}", 8)
        kiosk.submit(k, f"t{i}")
    worker = accounts.create_user("w2", "a long test password", "worker", ["riverside-camhs"])
    for row in comments.explore(worker).itertuples():
        label = lines[int(row.text.split()[-1]) % 4][1]
        comments.correct(worker, int(row.answer_id), label, "negative")
    assert train_model(worker, worker.organisation_ids[0]) == 40
    kiosk.save_answer(k, "new", "what_could_be_better", "the wifi is slow again", 8)
    kiosk.submit(k, "new")
    row = comments.explore(worker, words="again").iloc[0]
    assert row["coded_by"] == "model" and "games_tech" in row["themes"].split(";")


def test_a_workers_sentiment_corrections_decide_new_comments_sentiment(demo_site):
    """The organisation's workers read "the quiet room" as praise and "we played cards" as
    neither; the shipped coder does not call the first praise. After training, new comments follow them."""
    from analysis.text.sentiment import sentiment
    from voice_app.services.comments import train_model

    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    lines = [("the quiet room", "positive"), ("we played cards", "neutral"),
             ("the wifi is slow", "negative"), ("kind staff", "positive")]
    for i in range(40):
        kiosk.save_answer(k, f"t{i}", "what_was_good", f"{lines[i % 4][0]} {i}", 7)
        kiosk.submit(k, f"t{i}")
    worker = accounts.create_user("w2", "a long test password", "worker", ["riverside-camhs"])
    for row in comments.explore(worker).itertuples():
        comments.correct(worker, int(row.answer_id), [], lines[int(row.text.split()[-1]) % 4][1])
    assert train_model(worker, worker.organisation_ids[0]) == 40
    assert sentiment("the quiet room again")[0] != "positive"  # what the shipped coder says
    kiosk.save_answer(k, "new", "what_was_good", "the quiet room again", 7)
    kiosk.submit(k, "new")
    row = comments.explore(worker, words="again").iloc[0]
    assert row["coded_by"] == "model"
    assert row["sentiment"] == "positive" and row["sentiment_score"] > 0


@pytest.mark.parametrize("other,language,english", [
    ("غرفة الانتظار مملة جدا والموظفون لطيفون", "Arabic", "the staff were kind"),
    ("nudno w poczekalni i nikt mi nie powiedział co się dzieje", "Polish", "soooo good, it aint boring")])
def test_a_comment_in_another_language_is_read_by_the_lead_then_marked_for_a_person_to_code(
        demo_site, other, language, english):
    from voice_app.services import accounts, kiosk, safeguarding

    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "child-1", "what_could_be_better", other, 7)
    kiosk.save_answer(k, "child-1", "what_was_good", english, 7)
    kiosk.submit(k, "child-1")
    worker = accounts.create_user("w-1", "a long test password", "worker", ["riverside-camhs"])
    lead = accounts.create_user("l-1", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    # Nothing here reads Arabic or Polish, so the lead reads it first (a check, not a concern);
    # workers see it once the lead has found no concern. The child's English (slang too) is coded.
    assert list(comments.explore(worker, survey_key="camhs-wellbeing")["text"]) == [english]
    queued = safeguarding.queue(lead)
    assert list(zip(queued["text"], queued["level"])) == [(other, "check")]
    safeguarding.close(lead, int(queued["id"][0]), "Read with an interpreter", "false_alarm")
    rows = {r["text"]: r for r in comments.explore(worker, survey_key="camhs-wellbeing").to_dict("records")}
    assert rows[other]["coded_by"] == comments.NEEDS_PERSON and rows[other]["themes"] == ""
    assert rows[other]["redacted"] == other
    assert rows[english]["coded_by"] == "codebook"
    assert comments.themes_shown(rows[other]["themes"], rows[other]["coded_by"], text=other) == (
        f"Not coded: {language}. The tool reads English only: please choose its themes.")
    comments.correct(worker, int(rows[other]["answer_id"]), ["environment"], "negative")
    rows = {r["text"]: r for r in comments.explore(worker, survey_key="camhs-wellbeing").to_dict("records")}
    assert rows[other]["coded_by"] == "worker" and rows[other]["themes"] == "environment"


def test_quote_wording_has_a_limit_and_no_control_characters(worker):
    import pytest as _pytest

    row = comments.explore(worker).iloc[0]
    answer_id = int(row["answer_id"])
    with _pytest.raises(ValueError, match="1,000 characters at most"):
        comments.decide_quote(worker, answer_id, True, "x" * 1001)
    comments.decide_quote(worker, answer_id, True, "It was\x00 good\x07")
    saved = comments.explore(worker)
    assert saved[saved["answer_id"] == answer_id].iloc[0]["quote_text"] == "It was good"
