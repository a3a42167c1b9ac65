"""Every figure read from the tally equals the same figure counted by scanning the answers,
whatever children, staff, imports and the sweep did before (SQLite and PostgreSQL)."""
from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select, update

from tests.store import scan_reference as scan
from voice_app.services import kiosk
from voice_app.services.organisations import ensure_organisation, ensure_site
from voice_app.services.sweep import close_idle_responses
from voice_app.store import figures, queries
from voice_app.store.db import session_scope
from voice_app.store.models import Response, Site
from voice_app.store.tally import FigureTally, rebuild

SURVEY = "camhs-wellbeing"
SCALE = ["very_unhappy", "unhappy", "okay", "happy", "very_happy"]
QUESTIONS = ["clinic_location", "waiting_room", "privacy"]
AGES = ["under_11", "11_to_15", "16_plus", "prefer_not_to_say"]
LANGS = ["en", "en-easy", "cy"]
WORDS = ["comfy chairs", "waiting too long", "i want to kill myself", None]
SITES = ["north", "south", "east"]
_keys = itertools.count()

child = st.integers(0, 5)
operation = st.one_of(
    st.tuples(st.just("save"), child, st.sampled_from(QUESTIONS), st.sampled_from(SCALE + [None]), st.sampled_from(LANGS)),
    st.tuples(st.just("age"), child, st.sampled_from(AGES + [None])),
    st.tuples(st.just("words"), child, st.sampled_from(WORDS)),
    st.tuples(st.just("submit"), child),
    st.tuples(st.just("correct"), st.integers(0, 50), st.sampled_from(QUESTIONS + ["age_band"]),
              st.sampled_from(SCALE + AGES)),
    st.tuples(st.just("import"), st.integers(1, 4), st.sampled_from(SITES + [None]), st.sampled_from(LANGS),
              st.sampled_from(["import", "paper"]), st.randoms(use_true_random=False)),
    st.tuples(st.just("sweep")),
    st.tuples(st.just("move"), st.sampled_from(SITES)),
)
scope = st.fixed_dictionaries({}, optional={
    "site_ids": st.lists(st.integers(0, 2), max_size=2), "age_band": st.sampled_from(AGES + ["not_answered"]),
    "lang": st.sampled_from(LANGS), "version": st.sampled_from(["standard", "easy_read", "under_11"]),
    "mode": st.sampled_from(["tablet", "paper", "imported"])})


def places():
    orgs = [ensure_organisation("Tally A", "tally-a"), ensure_organisation("Tally B", "tally-b")]
    sites = [ensure_site(orgs[i % 2], f"Tally {s}", f"tally-{s}") for i, s in enumerate(SITES)]
    kiosks = {s: kiosk.open_kiosk(SURVEY, s) for s in sites}
    with session_scope() as s:
        org_ids = [queries.organisation_by_slug(s, o).id for o in orgs]
    return kiosks, org_ids


def run(op, kiosks, org_ids, visit: str) -> None:
    kind, *args = op
    sites = list(kiosks)
    if kind in ("save", "age", "words", "submit"):
        k = kiosks[sites[args[0] % len(sites)]]
        key = f"{visit}-{args[0]}"
        if kind == "save":
            kiosk.save_answer(k, key, args[1], args[2], 1, lang=args[3])
        elif kind == "age":
            kiosk.save_answer(k, key, "age_band", args[1], 1)
        elif kind == "words":
            kiosk.save_answer(k, key, "what_could_be_better", args[1], 1)
        else:
            kiosk.submit(k, key)
    elif kind == "correct":  # staff put a submitted response right (a paper form typed wrongly)
        with session_scope() as s:
            submitted = list(s.execute(select(Response).where(Response.submitted_at.is_not(None))
                                       .order_by(Response.id)).scalars())
            if submitted:
                response = submitted[args[0] % len(submitted)]
                value = args[2] if (args[1] == "age_band") == (args[2] in AGES) else None
                queries.replace_answer(s, response, args[1], [(value, None)] if value else [])
    elif kind == "import":
        n, site, lang, source, rng = args
        round_id = next(iter(kiosks.values())).round_id
        with session_scope() as s:
            site_id = queries.site_by_slug(s, f"tally-{site}").id if site else None
            responses, answers = [], []
            for _ in range(n):
                when = datetime(2026, 3, 1, tzinfo=UTC)
                responses.append({"client_key": f"import-{next(_keys)}", "round_id": round_id, "site_id": site_id,
                                  "organisation_id": None if site else rng.choice(org_ids + [None]),
                                  "survey_version_id": next(iter(kiosks.values())).version_id, "source": source,
                                  "lang": lang, "position": 0, "started_at": when, "submitted_at": when,
                                  "completed": True})
                answers.append([{"question_id": q, "option_id": rng.choice(SCALE), "text": None}
                                for q in QUESTIONS if rng.random() < 0.7]
                               + [{"question_id": "age_band", "option_id": a, "text": None}
                                  for a in [rng.choice(AGES + [None])] if a])
            queries.bulk_add_responses(s, responses, answers)
    elif kind == "sweep":  # every unsubmitted response is idle a day later: closed, or deleted if empty
        close_idle_responses(datetime.now(UTC) + timedelta(days=1))
    elif kind == "move":  # a site moves to the other organisation
        with session_scope() as s:
            site = queries.site_by_slug(s, f"tally-{args[0]}")
            other = org_ids[1] if site.organisation_id == org_ids[0] else org_ids[0]
            s.execute(update(Site).where(Site.id == site.id).values(organisation_id=other))


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    keys = [c for c in a.columns if c not in ("count", "n")]
    assert list(a.columns) == list(b.columns)
    norm = [d.astype({c: int for c in d.columns if c in ("count", "n")}).sort_values(keys).reset_index(drop=True)
            for d in (a, b)]
    pd.testing.assert_frame_equal(norm[0], norm[1], check_dtype=False)


def assert_figures_match(round_id: int, filters: dict) -> None:
    with session_scope() as s:
        for by in [None, *figures.BREAKDOWNS]:
            for f in (figures.option_counts, figures.question_bases):
                same(f(s, [round_id], by=by, **filters), getattr(scan, f.__name__)(s, [round_id], by=by, **filters))
        assert figures.responses_by_site(s, [round_id], **filters) == scan.responses_by_site(s, [round_id], **filters)
        small = {k: v for k, v in filters.items() if k in ("site_ids", "age_band")}
        assert figures.response_count(s, [round_id], **small) == scan.response_count(s, [round_id], **small)
        for tallied, scanned in zip(figures.finest_counts(s, round_id), scan.finest_counts(s, round_id)):
            same(tallied, scanned)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, max_size=12), filters=scope)
def test_every_figure_from_the_tally_equals_the_scanned_count(database, ops, filters):
    kiosks, org_ids = places()  # (kept from one example to the next: what came before stays counted)
    visit = f"v{next(_keys)}"
    for op in ops:
        run(op, kiosks, org_ids, visit)
    site_ids = [k.site_id for k in kiosks.values()]
    if "site_ids" in filters:
        filters = dict(filters, site_ids=[site_ids[i] for i in filters["site_ids"]])
    assert_figures_match(next(iter(kiosks.values())).round_id, filters)


def test_rebuild_counts_what_was_kept(database):
    kiosks, org_ids = places()
    for op in [("save", 0, "privacy", "happy", "cy"), ("age", 0, "under_11"), ("submit", 0),
               ("import", 3, None, "en", "paper", random.Random(1)), ("save", 1, "privacy", "okay", "en"),
               ("sweep",), ("correct", 0, "age_band", "16_plus")]:
        run(op, kiosks, org_ids, "rebuild")
    with session_scope() as s:
        kept = sorted(s.execute(select(FigureTally).where(FigureTally.count != 0)).scalars(), key=repr)
        kept = [(t.round_id, t.site_id, t.organisation_id, t.age_band, t.lang, t.source, t.question_id,
                 t.option_id, t.count) for t in kept]
        rebuild(s)
    with session_scope() as s:
        again = [(t.round_id, t.site_id, t.organisation_id, t.age_band, t.lang, t.source, t.question_id,
                  t.option_id, t.count) for t in s.execute(select(FigureTally)).scalars()]
    assert sorted(kept) == sorted(again) and kept


def test_the_migration_fills_the_tally_from_the_answers_already_counted(database):
    from alembic import command
    from alembic.config import Config

    from voice_app.store.db import MIGRATIONS, get_engine, migrate

    kiosks, org_ids = places()
    for op in [("save", 0, "privacy", "happy", "en-easy"), ("submit", 0), ("save", 1, "waiting_room", "okay", "cy"),
               ("import", 4, None, "pl", "import", random.Random(2)), ("sweep",)]:
        run(op, kiosks, org_ids, "migration")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")  # as the database stood before the tally
    migrate()
    with session_scope() as s:
        assert s.execute(select(FigureTally)).first() is not None
    assert_figures_match(next(iter(kiosks.values())).round_id, {})
