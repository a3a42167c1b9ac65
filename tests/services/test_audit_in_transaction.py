"""A change to children's data and its audit entry are kept together or not at all: if the audit
log cannot be written, the flag stays open, the quote unapproved, the link on (both engines)."""
import pytest
from sqlalchemy import func, select

from voice_app.services import accounts, comments, kiosk, kiosk_links, organisations_admin, safeguarding
from voice_app.services.organisations import set_site_invited
from voice_app.services.survey_admin import save_survey
from voice_app.services.surveys import latest_definition
from voice_app.services.you_said import items
from voice_app.store import audit as audit_store
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.store.models import AuditEvent, CommentCode, KioskLink, Organisation, Round, SafeguardingFlag, Site
from voice_app.store.models_loop import YouSaidItem

SURVEY = "camhs-wellbeing"


@pytest.fixture
def staff(demo_site):
    k = kiosk.open_kiosk(SURVEY, demo_site)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my mums boyfriend hits me", 8)
    kiosk.save_answer(k, "child-1", "what_was_good", "the fish tank is great", 7)
    kiosk.submit(k, "child-1")
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    worker = accounts.create_user("worker", "a long test password", "worker", ["riverside-camhs"])
    admin = accounts.create_user("admin", "a long test password", "admin")
    flag_id = int(safeguarding.queue(lead)["id"][0])
    answer_id = int(comments.explore(worker, words="fish")["answer_id"][0])
    return lead, worker, admin, flag_id, answer_id


def audit_breaks(monkeypatch, only: str | None = None) -> None:
    """The audit log cannot be written (only: for that action alone)."""
    add_event = audit_store.add_event

    def broken(session, user_id, username, action, *args, **kwargs):
        if only not in (None, action):
            return add_event(session, user_id, username, action, *args, **kwargs)
        raise RuntimeError("the audit log could not be written")

    monkeypatch.setattr(audit_store, "add_event", broken)


def events() -> list[tuple[str, str]]:
    with session_scope() as s:
        return [(e.action, e.target) for e in s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def flag_status(flag_id: int) -> tuple:
    with session_scope() as s:
        f = s.get(SafeguardingFlag, flag_id)
        return f.status, f.acknowledged_at is not None, f.action


def code(answer_id: int) -> tuple:
    with session_scope() as s:
        c = s.execute(select(CommentCode).where(CommentCode.answer_id == answer_id)).scalar_one()
        return c.quote_status, c.quote_text, c.hidden, c.coded_by, c.sentiment


def test_a_flag_stays_open_when_its_closing_cannot_be_audited(staff, monkeypatch):
    lead, _, _, flag_id, _ = staff
    before = events()
    audit_breaks(monkeypatch)
    with pytest.raises(RuntimeError):
        safeguarding.acknowledge(lead, flag_id)
    with pytest.raises(RuntimeError):
        safeguarding.close(lead, flag_id, "Referred to MASH", "concern")
    assert flag_status(flag_id) == ("open", False, None)
    monkeypatch.undo()
    assert events() == before
    assert safeguarding.open_count(lead) == 1


def test_closing_a_flag_writes_the_decision_and_its_audit_entry(staff):
    lead, _, _, flag_id, _ = staff
    safeguarding.close(lead, flag_id, "Referred to MASH", "concern")
    assert flag_status(flag_id) == ("closed", True, "Referred to MASH")
    assert events()[-1] == ("closed a safeguarding flag", f"flag {flag_id}")


def test_a_quote_stays_unapproved_and_a_comment_unchanged_when_the_audit_fails(staff, monkeypatch):
    _, worker, _, _, answer_id = staff
    before, stored = events(), code(answer_id)
    audit_breaks(monkeypatch)
    for change in (lambda: comments.decide_quote(worker, answer_id, True, "the fish tank is great"),
                   lambda: comments.hide(worker, answer_id),
                   lambda: comments.correct(worker, answer_id, ["environment"], "negative")):
        with pytest.raises(RuntimeError):
            change()
    assert code(answer_id) == stored
    assert stored[0] != "approved" and not stored[2] and stored[3:] != ("worker", "negative")
    assert comments.approved_quotes() == []
    monkeypatch.undo()
    assert events() == before


def test_approving_a_quote_writes_it_and_its_audit_entry(staff):
    _, worker, _, _, answer_id = staff
    comments.decide_quote(worker, answer_id, True, "the fish tank is great")
    assert code(answer_id)[:2] == ("approved", "the fish tank is great")
    assert [q.text for q in comments.approved_quotes()] == ["the fish tank is great"]
    assert events()[-1] == ("approved a quote", f"answer {answer_id}")


def counts() -> dict[str, int]:
    with session_scope() as s:
        found = {t.__name__: s.execute(select(func.count()).select_from(t)).scalar_one()
                 for t in (Organisation, Site, Round, YouSaidItem, KioskLink, AuditEvent)}
        found["invited"] = len(queries.invited_by_site(s, s.execute(select(Round.id)).scalars().first() or 0))
        found["published"] = s.execute(select(func.count()).select_from(YouSaidItem)
                                       .where(YouSaidItem.published.is_(True))).scalar_one()
        survey = queries.survey_by_key(s, SURVEY)
        found["version"] = queries.latest_version(s, survey.id).number
    return found


def test_admin_and_you_said_changes_are_not_kept_without_their_audit_entry(staff, monkeypatch):
    _, worker, admin, _, _ = staff
    org_id = worker.organisation_ids[0]
    item_id = items.create(worker, org_id, "You said the waiting room is boring", status="done",
                           we_did="We put games in it")
    with session_scope() as s:
        _, _, definition = latest_definition(s, SURVEY)
    edited = definition.model_copy(update={"title": {"en": "A new title"}})
    before = counts()
    audit_breaks(monkeypatch)
    changes = [lambda: items.create(worker, org_id, "You said the chairs are hard"),
               lambda: items.publish(worker, item_id),
               lambda: kiosk_links.set_active(admin, SURVEY, "riverside-waiting-room", False),
               lambda: organisations_admin.save_organisation(admin, "Hillside Youth", "hillside-youth"),
               lambda: organisations_admin.save_site(admin, "riverside-camhs", "Northgate clinic", "northgate"),
               lambda: organisations_admin.save_round(admin, SURVEY, "Summer 2027"),
               lambda: save_survey(admin, edited)]
    with session_scope() as s:
        round_name = s.execute(select(Round.name)).scalars().first()
    changes.append(lambda: set_site_invited(admin, SURVEY, round_name, "riverside-waiting-room", 40))
    for change in changes:
        with pytest.raises(RuntimeError):
            change()
    monkeypatch.undo()
    assert counts() == before


def test_each_admin_change_is_audited_when_it_is_kept(staff):
    _, worker, admin, _, _ = staff
    item_id = items.create(worker, worker.organisation_ids[0], "You said it is too hot", status="done",
                           we_did="We fixed the heating")
    items.publish(worker, item_id)
    kiosk_links.set_active(admin, SURVEY, "riverside-waiting-room", False)
    organisations_admin.save_round(admin, SURVEY, "Summer 2027")
    set_site_invited(admin, SURVEY, "Summer 2027", "riverside-waiting-room", 40)
    assert events()[-5:] == [("created a you-said item", f"item {item_id}"),
                             ("published a you-said item", f"item {item_id}"),
                             ("kiosk_link.off", f"{SURVEY}@riverside-waiting-room"),
                             ("round.create", f"{SURVEY}/Summer 2027"),
                             ("round.invited_at_site", f"{SURVEY}/Summer 2027")]
    with pytest.raises(Exception):
        kiosk.open_kiosk(SURVEY, "riverside-waiting-room")


def test_an_uploaded_import_is_stored_with_its_audit_entry_or_not_at_all(staff, monkeypatch):
    from pathlib import Path

    from voice_app.services.forms_import import import_upload
    from voice_app.services.organisations import list_rounds

    _, _, admin, _, _ = staff
    export = Path(__file__).resolve().parents[1] / "data" / "imports" / "ms_forms_camhs_remote.xlsx"
    audit_breaks(monkeypatch, only="imported responses")  # (the new round's own entry is written)
    with pytest.raises(RuntimeError):
        import_upload(admin, "camhs-remote", export.name, export.read_bytes(), "Spring", org="riverside-camhs")
    monkeypatch.undo()
    assert [r.name for r in list_rounds("camhs-remote")] == []
    result = import_upload(admin, "camhs-remote", export.name, export.read_bytes(), "Spring", org="riverside-camhs")
    assert result.imported == 3
    assert events()[-1] == ("imported responses", "camhs-remote: Spring")
