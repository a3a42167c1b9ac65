"""How many comments went through the safeguarding screen, per organisation: counted in one
query per round, however many organisations the partnership has (a board reads this on every
view of the summary; one scan of a round's comments per organisation grew with the partnership)."""
from sqlalchemy import event

from voice_app.services import disclosure
from voice_app.services.demo import load_demo
from voice_app.store import queries
from voice_app.store import you_said as store
from voice_app.store.db import get_engine, session_scope


def test_screened_by_organisation_agrees_with_each_organisation_counted_alone(database):
    load_demo(responses_per_round=30)
    with session_scope() as session:
        orgs = [o.id for o in queries.all_organisations(session)]
        for r in queries.rounds_answered_between(session, None, None):
            by_org = store.comments_screened_by_organisation(session, [r.id])
            assert {o: by_org.get(o, 0) for o in orgs} == {
                o: store.comments_screened(session, [r.id], [o]) for o in orgs}
            assert sum(by_org.values()) == store.comments_screened(session, [r.id], None)
            assert any(by_org.values()) or not store.comments_screened(session, [r.id], None)


def test_a_round_plan_counts_screened_comments_in_one_query(database):
    load_demo(responses_per_round=30)
    with session_scope() as session:
        assert len(queries.all_organisations(session)) >= 2
        round_id = queries.rounds_answered_between(session, None, None)[0].id
    seen = []

    def count(conn, cursor, statement, *_):
        seen.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        disclosure._PLANS.clear()
        disclosure.round_plan(round_id)
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
    screened = [s for s in seen if "comment_theme" not in s and "join commentcode" in " ".join(s.lower().split())]
    assert len(screened) == 1, screened


def test_flags_by_organisation_agree_with_each_organisation_counted_alone(database):
    from voice_app.store import comments as comment_store

    load_demo(responses_per_round=30)
    with session_scope() as session:
        orgs = [o.id for o in queries.all_organisations(session)]
        for r in queries.rounds_answered_between(session, None, None):
            by_org = store.flags_by_organisation(session, [r.id])
            assert {o: by_org.get(o, 0) for o in orgs} == {
                o: sum(comment_store.flag_counts(session, [o], [r.id]).values()) for o in orgs}
            assert sum(by_org.values()) == sum(comment_store.flag_counts(session, None, [r.id]).values())
