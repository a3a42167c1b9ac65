"""No route around the lead: a disclosure is screened when saved and keeps its words whatever the
child types next; an import without a site belongs to an organisation; recoding never lowers a
flag a lead has not closed; no comment with an open flag is ever shown to workers or quoted."""
import dataclasses

import pytest
from sqlalchemy import func, select, update

from voice_app.cli import main
from voice_app.services import accounts, coding, comments, kiosk, safeguarding
from voice_app.services.importer import CsvImportError, import_responses
from voice_app.services.organisations import ensure_organisation, list_rounds
from voice_app.services.results import round_report
from voice_app.store import you_said as you_said_store
from voice_app.store.db import session_scope
from voice_app.store.models import Alert, CommentCode, Response, SafeguardingFlag, YouSaidItem, YouSaidQuote

DISCLOSURE = "my mums boyfriend hits me"


def staff(name: str, role: str, org: str):
    return accounts.create_user(name, "a long test password", role, [org])


def round_name(round_id: int) -> str:
    return next(r.name for r in list_rounds("camhs-wellbeing") if r.id == round_id)


def alerts() -> int:
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(Alert).where(Alert.kind == "new_flag")).scalar_one()


@pytest.fixture
def k(demo_site):
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


@pytest.fixture
def lead(demo_site):
    return staff("lead", "safeguarding_lead", "riverside-camhs")


@pytest.fixture
def worker(demo_site):
    return staff("worker", "worker", "riverside-camhs")


# --- 1. screened when saved, and the words stay with the flag ---------------------------------

def test_a_disclosure_reaches_the_lead_when_saved_and_keeps_its_words_when_changed(k, lead, worker):
    kiosk.save_answer(k, "c1", "what_could_be_better", DISCLOSURE, 8)
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE]  # before the child taps Send
    assert alerts() == 1

    kiosk.save_answer(k, "c1", "what_could_be_better", "nothing", 8)  # the child thinks again
    queue = safeguarding.queue(lead)
    assert list(queue["text"]) == [DISCLOSURE] and list(queue["status"]) == ["open"]
    assert kiosk.progress("c1").answers == {"what_could_be_better": "nothing"}  # Back shows it once

    kiosk.save_answer(k, "c1", "what_was_good", "the staff", 9)
    assert kiosk.submit(k, "c1")
    report = round_report("camhs-wellbeing", round_name(k.round_id))
    assert report.responses == 1
    assert report.questions["what_could_be_better"].n == 1  # one answer, not the kept one too
    assert sorted(comments.explore(worker)["text"]) == ["nothing", "the staff"]
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE] and alerts() == 1


def test_a_cleared_disclosure_stays_with_the_lead_when_the_child_walks_away(k, lead):
    kiosk.save_answer(k, "c2", "what_could_be_better", DISCLOSURE, 8)
    kiosk.save_answer(k, "c2", "what_could_be_better", "", 8)
    assert kiosk.progress("c2").answers == {}
    kiosk.abandon("c2")
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE]
    report = round_report("camhs-wellbeing", round_name(k.round_id))
    assert report.responses == 1 and report.questions["what_could_be_better"].n == 0


def test_saving_the_same_words_again_raises_no_second_flag(k, lead):
    kiosk.save_answer(k, "c3", "what_could_be_better", DISCLOSURE, 8)
    kiosk.save_answer(k, "c3", "what_could_be_better", DISCLOSURE, 8)  # Back, then Next
    kiosk.save_answer(k, "c3", "what_could_be_better", "nothing", 8)
    kiosk.save_answer(k, "c3", "what_could_be_better", DISCLOSURE, 8)  # and back to the first words
    assert kiosk.progress("c3").answers == {"what_could_be_better": DISCLOSURE}
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE] and alerts() == 1
    kiosk.submit(k, "c3")
    report = round_report("camhs-wellbeing", round_name(k.round_id))
    assert report.questions["what_could_be_better"].n == 1


def test_every_save_and_move_marks_the_response_active(k):
    def updated():
        with session_scope() as session:
            return session.execute(select(Response.updated_at).where(Response.client_key == "c4")).scalar_one()

    kiosk.save_answer(k, "c4", "privacy", "happy", 1)
    first = updated()
    assert first is not None
    kiosk.move_to(k, "c4", 2)
    assert updated() > first


# --- 2. an import without a site belongs to an organisation -----------------------------------

@pytest.fixture
def hillside(database):
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    return (staff("hlead", "safeguarding_lead", "hillside-youth"), staff("hworker", "worker", "hillside-youth"),
            staff("rlead", "safeguarding_lead", "riverside-camhs"))


def test_an_import_without_sites_reaches_the_lead_of_the_organisation_named(hillside, tmp_path, capsys):
    lead, worker, other_lead = hillside
    path = tmp_path / "paper.csv"
    path.write_text(f"what_could_be_better\n{DISCLOSURE}\nthe waiting room is boring\n", encoding="utf-8")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "Paper",
                 "--org", "hillside-youth"]) == 0
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE]
    assert safeguarding.queue(other_lead).empty
    assert list(comments.explore(worker)["text"]) == ["the waiting room is boring"]


def test_an_import_without_sites_or_org_is_refused(hillside, tmp_path, capsys):
    path = tmp_path / "paper.csv"
    path.write_text(f"what_could_be_better\n{DISCLOSURE}\n", encoding="utf-8")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "Paper"]) == 1
    assert "--org" in capsys.readouterr().err
    with pytest.raises(CsvImportError, match="--org"):
        import_responses("camhs-wellbeing", path, "Paper")
    with pytest.raises(CsvImportError, match="no organisation 'nowhere'"):
        import_responses("camhs-wellbeing", path, "Paper", org="nowhere")
    with pytest.raises(LookupError):
        round_report("camhs-wellbeing", "Paper")  # nothing was imported, not even the round


def test_a_row_with_an_empty_site_needs_an_org(demo_site, tmp_path):
    path = tmp_path / "paper.csv"
    path.write_text(f"what_could_be_better,site\nfine,{demo_site}\n{DISCLOSURE},\n", encoding="utf-8")
    with pytest.raises(CsvImportError, match="row 3, column site"):
        import_responses("camhs-wellbeing", path, "Paper")
    lead = staff("lead", "safeguarding_lead", "riverside-camhs")
    assert import_responses("camhs-wellbeing", path, "Paper", org="riverside-camhs").imported == 2
    assert list(safeguarding.queue(lead)["text"]) == [DISCLOSURE]


# --- 3. recoding never lowers a flag a lead has not closed ------------------------------------

def _screen_sees_nothing(monkeypatch):
    real = coding.code_many

    def no_flags(*args, **kwargs):
        return [dataclasses.replace(c, flagged=False, flag_reason=None, flag_level=None)
                for c in real(*args, **kwargs)]
    monkeypatch.setattr(coding, "code_many", no_flags)


def _make_stale():
    with session_scope() as session:
        session.execute(update(CommentCode).values(codebook_version="an older codebook"))


def test_recoding_never_lowers_a_flag_the_lead_has_not_closed(k, lead, worker, monkeypatch):
    kiosk.save_answer(k, "c5", "what_could_be_better", DISCLOSURE, 8)
    kiosk.submit(k, "c5")
    flag = safeguarding.queue(lead).iloc[0]
    answer_id = int(flag["answer_id"])
    comments.decide_quote(worker, answer_id, True, DISCLOSURE)  # whatever a worker did by id
    _screen_sees_nothing(monkeypatch)
    _make_stale()

    assert coding.recode_round([k.round_id]) == 1
    with session_scope() as session:
        code = session.get(CommentCode, answer_id)
        assert (code.flagged, code.flag_level, code.codebook_version) == (True, "concern", coding.default_codebook().version)
    assert comments.explore(worker).empty
    assert comments.approved_quotes() == []

    safeguarding.close(lead, int(flag["id"]), "No concern on review", "false_alarm")
    _make_stale()
    coding.recode_round([k.round_id])  # once the lead has decided, the new codebook may lower it
    assert list(comments.explore(worker)["text"]) == [DISCLOSURE]


def test_a_comment_with_an_open_flag_is_never_shown_to_workers_or_quoted(k, lead, worker):
    kiosk.save_answer(k, "c6", "what_could_be_better", DISCLOSURE, 8)
    kiosk.submit(k, "c6")
    answer_id = int(safeguarding.queue(lead)["answer_id"][0])
    comments.decide_quote(worker, answer_id, True, DISCLOSURE)
    with session_scope() as session:  # the marker lost, by any route: the open flag still rules
        session.execute(update(CommentCode).values(flagged=False, flag_level=None))
        assert you_said_store.quote_candidates(session, [answer_id]) == []
        item = YouSaidItem(organisation_id=lead.organisation_ids[0], you_said="the waiting room")
        session.add(item)
        session.flush()
        session.add(YouSaidQuote(item_id=item.id, answer_id=answer_id))
        session.flush()
        assert you_said_store.publishable_quotes(session, [item.id]) == {}
    assert comments.explore(worker).empty
    assert comments.approved_quotes() == []
    with session_scope() as session:
        assert session.execute(select(SafeguardingFlag.status)).scalar_one() == "open"
