"""The figures bench's throwaway databases and synthetic data (see figures_bench.py)."""
from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

PG_ADMIN_URL = os.environ.get("VOICE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SURVEY = "camhs-wellbeing"
ROUND = "Bench round"
BATCH = 10_000
ORGS = {"bench-org-a": ("Bench Org A", [("bench-site-1", "Bench site one"), ("bench-site-2", "Bench site two")]),
        "bench-org-b": ("Bench Org B", [("bench-site-3", "Bench site three"), ("bench-site-4", "Bench site four")])}
TEXTS = ["the staff are kind", "waiting too long", "comfy chairs", "more things to do while waiting",
         "they listened to me", "too far from my house"]


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def use_database(url: str) -> None:
    """Point voice_app at url (environment first, then drop the cached settings and engine)."""
    os.environ["VOICE_DATABASE_URL"] = url
    from voice_app.config import get_settings
    from voice_app.store import db

    try:
        db.get_engine().dispose()
    except Exception:  # noqa: BLE001  (no engine yet)
        pass
    get_settings.cache_clear()
    db._engine_for.cache_clear()


# --- databases ----------------------------------------------------------------------------------

class SqliteDb:
    name = "sqlite"

    def __enter__(self) -> str:
        self.dir = tempfile.mkdtemp(prefix="voice_bench_", dir="/tmp")
        self.path = Path(self.dir) / "voice.db"
        return f"sqlite:///{self.path}"

    def size(self) -> int:
        return sum(p.stat().st_size for p in Path(self.dir).glob("voice.db*"))

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresDb:
    name = "postgresql"

    def __enter__(self) -> str:
        from sqlalchemy import create_engine, text

        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.db = f"voice_bench_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.db}"'))
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.db}"

    def size(self) -> int:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            return conn.execute(text("SELECT pg_database_size(:d)"), {"d": self.db}).scalar_one()

    def __exit__(self, *exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)'))
        self.admin.dispose()


# --- synthetic data -----------------------------------------------------------------------------

def make_batch(rng: random.Random, start: int, count: int, round_id: int, version_id: int,
               site_ids: list[int], definition) -> tuple[list[dict], list[list[dict]]]:
    """count submitted responses like the demo's: scales skewed positive, some skipped."""
    scale_qs = [(q.id, [o.id for o in q.options]) for q in definition.questions if q.type == "scale"]
    age_q = next(q for q in definition.questions if q.id == "age_band")
    ages = [o.id for o in age_q.options]
    weights = [1, 2, 4, 10, 8]
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    responses, answers = [], []
    for i in range(start, start + count):
        when = base + timedelta(seconds=rng.randint(0, 60 * 86400))
        responses.append({"client_key": f"bench-{i:010d}", "round_id": round_id,
                          "site_id": site_ids[i % len(site_ids)], "survey_version_id": version_id,
                          "source": "import", "lang": "en", "position": 0, "started_at": when,
                          "submitted_at": when, "completed": True})
        rows = []
        for qid, options in scale_qs:
            if rng.random() < 0.04:
                continue  # a child skipped it
            rows.append({"question_id": qid, "option_id": rng.choices(options, weights)[0], "text": None})
        if rng.random() < 0.9:
            rows.append({"question_id": "age_band", "option_id": rng.choice(ages), "text": None})
        if i % 20 == 0:
            rows.append({"question_id": "what_could_be_better", "option_id": None, "text": rng.choice(TEXTS)})
        answers.append(rows)
    return responses, answers


def setup(url: str) -> dict:
    from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site
    from voice_app.services.surveys import latest_definition, sync_survey_files
    from voice_app.store import db, queries

    use_database(url)
    db.migrate()
    sync_survey_files()
    for org_slug, (org_name, sites) in ORGS.items():
        ensure_organisation(org_name, org_slug)
        for slug, name in sites:
            ensure_site(org_slug, name, slug)
    round_ = ensure_round(SURVEY, ROUND)  # no dates: open, so the kiosk answers go here too
    with db.session_scope() as session:
        _, version, definition = latest_definition(session, SURVEY)
        site_ids = [queries.site_by_slug(session, s).id for _, (_, ss) in ORGS.items() for s, _ in ss]
    return {"round_id": round_.id, "version_id": version.id, "definition": definition, "site_ids": site_ids}


def load(start_at: int, n: int, ctx: dict, rng: random.Random) -> dict:
    """Responses start_at … n-1 (the database already holds the ones before)."""
    from voice_app.store import db, queries

    gen_s = db_s = 0.0
    for start in range(start_at, n, BATCH):
        count = min(BATCH, n - start)
        t, (responses, answers) = timed(make_batch, rng, start, count, ctx["round_id"], ctx["version_id"],
                                        ctx["site_ids"], ctx["definition"])
        gen_s += t
        t0 = time.perf_counter()
        with db.session_scope() as session:
            queries.bulk_add_responses(session, responses, answers)
        db_s += time.perf_counter() - t0
        del responses, answers
        if (start // BATCH) % 10 == 9:
            print(f"  … {start + count} loaded ({db_s:.0f} s in the database)", flush=True)
    return {"insert_s": round(db_s, 1), "generate_s": round(gen_s, 1),
            "responses_per_s": round((n - start_at) / db_s) if db_s else None}


def analyze(url: str) -> None:
    """PostgreSQL: autovacuum would analyse after a load this size; do it now so the plan is steady.
    SQLite: left as the app leaves it (the app never runs ANALYZE)."""
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import text

    from voice_app.store import db

    with db.get_engine().connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


