"""Storing many responses at once (imports, paper, demo): what is stored is exactly what was given,
on SQLite (an executemany insert) and on PostgreSQL (COPY), in the one transaction with the tally."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from voice_app.services import kiosk
from voice_app.store import figures, queries
from voice_app.store.db import session_scope
from voice_app.store.models import Answer, Response
from voice_app.store.tally import FigureTally

SURVEY = "camhs-wellbeing"
AWKWARD = ["tab\there", "two\nlines", "back\\slash", "C:\\new\\table", "\\N", "\\.", "", "  ",
           "quotes \" and '", "emoji 😀 and 🏳️‍🌈", "Welsh ŵ ŷ, Arabic مرحبا", "end with a backslash\\",
           "comma, semi; pipe|", "a\r\nwindows line", None]


@pytest.fixture
def place(demo_site):
    k = kiosk.open_kiosk(SURVEY, demo_site)
    return k.round_id, k.site_id, k.version_id


def response(key: str, place, when=datetime(2026, 3, 2, 10, tzinfo=UTC)) -> dict:
    round_id, site_id, version_id = place
    return {"client_key": key, "round_id": round_id, "site_id": site_id, "organisation_id": None,
            "survey_version_id": version_id, "source": "import", "lang": "en", "position": 0,
            "started_at": when, "submitted_at": when, "completed": True}


def stored(keys: list[str]) -> dict[str, list[tuple]]:
    """Each response's answers as stored, in the order they were given (by id)."""
    with session_scope() as s:
        return {key: [(a.question_id, a.option_id, a.text, a.round_id, a.site_id, a.counted, a.superseded)
                      for a in queries.answers_for(s, queries.response_by_key(s, key).id)] for key in keys}


def test_awkward_words_are_stored_exactly_as_given_and_counted_once(place):
    round_id, site_id, _ = place
    keys = [f"import-awkward-{i}" for i in range(len(AWKWARD))]
    scale = ["happy", "okay", "unhappy"]
    answers = [[{"question_id": "clinic_location", "option_id": scale[i % 3], "text": None},
                {"question_id": "what_could_be_better", "option_id": None, "text": words}]
               for i, words in enumerate(AWKWARD)]
    with session_scope() as s:
        assert queries.bulk_add_responses(s, [response(k, place) for k in keys], answers) == len(AWKWARD)
    assert stored(keys) == {k: [("clinic_location", scale[i % 3], None, round_id, site_id, True, False),
                                ("what_could_be_better", None, AWKWARD[i], round_id, site_id, True, False)]
                            for i, k in enumerate(keys)}
    with session_scope() as s:
        assert figures.response_count(s, [round_id]) == len(AWKWARD) == 15
        counts = figures.option_counts(s, [round_id])
        assert dict(zip(counts.option_id, counts["count"])) == {"happy": 5, "okay": 5, "unhappy": 5}
        bases = figures.question_bases(s, [round_id])
        # a comment row counts towards its question's base, whatever (or however little) it says
        assert dict(zip(bases.question_id, bases.n)) == {"clinic_location": 15, "what_could_be_better": 15}


def test_times_keep_their_instant_and_each_response_gets_its_own_answers_in_order(place):
    round_id, site_id, _ = place
    paris = datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    batches = [[f"import-a{i}" for i in range(3)], [f"import-b{i}" for i in range(2)]]
    for batch in batches:
        with session_scope() as s:
            queries.bulk_add_responses(s, [response(k, place, paris) for k in batch],
                                       [[{"question_id": "preferred", "option_id": k, "text": None},
                                         {"question_id": "preferred", "option_id": f"{k}-second", "text": None}]
                                        for k in batch])
    k = kiosk.open_kiosk(SURVEY, "riverside-waiting-room")
    kiosk.save_answer(k, "child-after-import", "clinic_location", "happy", 1)  # an id after the COPY's
    keys = batches[0] + batches[1]
    assert stored(keys) == {key: [("preferred", key, None, round_id, site_id, True, False),
                                  ("preferred", f"{key}-second", None, round_id, site_id, True, False)]
                            for key in keys}
    with session_scope() as s:
        ids = list(s.execute(select(Answer.id).order_by(Answer.id)).scalars())
        assert len(ids) == len(set(ids)) == 2 * len(keys) + 1
        when = s.execute(select(Response.submitted_at).where(Response.client_key == "import-b1")).scalar_one()
        assert when == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def counts() -> tuple[int, int, int]:
    with session_scope() as s:
        return tuple(s.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (Response, Answer, FigureTally))


def test_a_response_stored_already_is_refused_and_its_batch_stores_nothing(place):
    one = [{"question_id": "clinic_location", "option_id": "happy", "text": "x"}]
    with session_scope() as s:
        queries.bulk_add_responses(s, [response("import-once", place)], [one])
    before = counts()
    with pytest.raises(IntegrityError), session_scope() as s:
        queries.bulk_add_responses(s, [response("import-new", place), response("import-once", place)], [one, one])
    assert counts() == before
    assert stored(["import-once"])["import-once"][0][:3] == ("clinic_location", "happy", "x")


def test_a_failing_tally_update_takes_the_answers_back_with_it(place, monkeypatch):
    before = counts()

    def broken(*args):
        raise RuntimeError("the tally could not be written")

    monkeypatch.setattr(queries.tally, "add_stored", broken)
    with pytest.raises(RuntimeError), session_scope() as s:
        queries.bulk_add_responses(s, [response("import-x", place)],
                                   [[{"question_id": "what_could_be_better", "option_id": None, "text": "hi"}]])
    assert counts() == before


def test_a_nul_reaching_the_store_is_refused_by_postgresql_and_kept_by_sqlite(database, place):
    """The importer and the kiosk remove NUL before storing (test_importer); the store itself
    refuses it on PostgreSQL, as it always has, storing nothing of the batch."""
    rows = [[{"question_id": "what_could_be_better", "option_id": None, "text": "more\x00games"}]]
    before = counts()
    if database.startswith("sqlite"):
        with session_scope() as s:
            queries.bulk_add_responses(s, [response("import-nul", place)], rows)
        assert stored(["import-nul"])["import-nul"][0][2] == "more\x00games"
        return
    with pytest.raises(DataError), session_scope() as s:
        queries.bulk_add_responses(s, [response("import-ok", place), response("import-nul", place)],
                                   [[{"question_id": "clinic_location", "option_id": "happy", "text": None}], *rows])
    assert counts() == before


def test_what_a_response_leaves_out_gets_the_tables_defaults(place):
    round_id, site_id, version_id = place
    before = datetime.now(UTC)
    with session_scope() as s:
        queries.bulk_add_responses(s, [{"client_key": "import-bare", "round_id": round_id, "site_id": site_id,
                                        "survey_version_id": version_id, "submitted_at": before}],
                                   [[{"question_id": "clinic_location", "option_id": "okay", "text": None}]])
    with session_scope() as s:
        r = queries.response_by_key(s, "import-bare")
        assert (r.source, r.lang, r.position, r.completed, r.organisation_id) == ("kiosk", "en", 0, False, None)
        assert before <= r.started_at <= datetime.now(UTC)
        assert figures.response_count(s, [round_id]) == 1
