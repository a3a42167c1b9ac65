"""Staff text never breaks a page: too long gives a plain error, NUL bytes never reach the
database. On both engines: PostgreSQL refuses a NUL byte and a value longer than its column."""
import pytest

from voice_app.services import accounts, comments, kiosk, organisations, organisations_admin, safeguarding, users_admin
from voice_app.services.demo import load_demo
from voice_app.services.you_said import item_views, items


@pytest.fixture
def people(demo_site):
    admin = accounts.create_user("admin", "a long test password", "admin")
    lead = accounts.create_user("lead", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    worker = accounts.create_user("worker", "a long test password", "worker", ["riverside-camhs"])
    return admin, lead, worker


def flag_for(lead, demo_site) -> int:
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my mums boyfriend hits me", 8)
    kiosk.submit(k, "child-1")
    return int(safeguarding.queue(lead)["id"][0])


def test_a_121_character_username_is_refused_plainly_and_shows_no_hash(people):
    admin = people[0]
    with pytest.raises(accounts.AccountError, match="120 characters at most") as err:
        users_admin.add_user(admin, "u" * 121, "worker")
    assert "argon2" not in str(err.value) and "hash" not in str(err.value)
    assert "u" * 121 not in [u.username for u in users_admin.list_users(admin)]
    new, _ = users_admin.add_user(admin, "u" * 120, "worker")
    assert new.username == "u" * 120


def test_a_nul_byte_in_a_username_is_removed(people):
    new, password = users_admin.add_user(people[0], "wes\x00ley", "worker")
    assert new.username == "wesley"
    assert accounts.authenticate("wesley", password) is not None


def test_a_new_user_needs_a_chosen_role(people):
    with pytest.raises(accounts.AccountError, match="choose a role"):
        users_admin.add_user(people[0], "wes", None)


def test_a_leads_over_long_closing_note_or_action_is_refused_plainly(people, demo_site):
    _, lead, _ = people
    flag_id = flag_for(lead, demo_site)
    with pytest.raises(ValueError, match="4,000 characters at most"):
        safeguarding.close(lead, flag_id, "Referred to MASH", "concern", "n" * 4001)
    with pytest.raises(ValueError, match="120 characters at most"):
        safeguarding.close(lead, flag_id, "a" * 121, "concern")
    assert safeguarding.open_count(lead) == 1  # nothing half-saved
    safeguarding.close(lead, flag_id, "Referred\x00 to MASH", "concern", "called\x00 the duty team")
    [row] = safeguarding.queue(lead, "closed").to_dict("records")
    assert row["action"] == "Referred to MASH"


def test_a_worry_with_a_nul_byte_reaches_the_lead(people, demo_site):
    _, lead, worker = people
    k = kiosk.open_kiosk("camhs-wellbeing", demo_site)
    kiosk.save_answer(k, "child-2", "what_was_good", "nothing much", 7)
    kiosk.submit(k, "child-2")
    answer_id = int(comments.explore(worker, survey_key="camhs-wellbeing")["answer_id"][0])
    assert safeguarding.send_to_lead(worker, answer_id, "they\x00 seemed scared")
    assert safeguarding.open_count(lead) == 1


def test_you_said_owner_and_words_have_limits(database):
    load_demo(responses_per_round=5)
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"])
    org = worker.organisation_ids[0]
    with pytest.raises(items.ItemError, match="120 characters at most"):
        items.create(worker, org, "Too hot", owner_role="o" * 121)
    with pytest.raises(items.ItemError, match="characters at most"):
        items.create(worker, org, "x" * 100_000)
    item = items.create(worker, org, "Too\x00 hot", owner_role="Clinic\x00 manager")
    got = item_views.get_item(worker, item)
    assert (got.you_said, got.owner_role) == ("Too hot", "Clinic manager")


def test_organisation_and_round_names_and_quotes(people):
    admin, _, worker = people
    with pytest.raises(organisations.AdminError, match="at most"):
        organisations_admin.save_organisation(admin, "Oak", "oak", redact_names="x" * 20_001)
    organisations_admin.save_organisation(admin, "Oak\x00 Club", "oak", redact_names="Mr\x00 Smith")
    assert [o.name for o in organisations_admin.list_organisations(admin) if o.slug == "oak"] == ["Oak Club"]
    with pytest.raises(organisations.AdminError, match="120 characters at most"):
        organisations_admin.save_round(admin, "camhs-wellbeing", "r" * 121)


def test_a_nul_byte_in_the_explorers_word_filter_finds_nothing_and_does_not_crash(people, demo_site):
    worker = people[2]
    assert comments.explore(worker, survey_key="camhs-wellbeing", words="wait\x00ing").empty


def test_postgres_itself_refuses_an_over_long_closing_note(people, demo_site, database):
    """The database's own guard, for writes that do not pass the services."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from voice_app.store.db import session_scope

    if not database.startswith("postgresql"):
        pytest.skip("SQLite keeps the service limits only (see migration 0007)")
    flag_id = flag_for(people[1], demo_site)
    with pytest.raises(IntegrityError), session_scope() as session:
        session.execute(text("UPDATE safeguardingflag SET notes = :n WHERE id = :i"), {"n": "n" * 4001, "i": flag_id})
