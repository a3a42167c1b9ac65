"""Benchmark for the figures (round_report) and the kiosk service path, on SQLite and PostgreSQL.

Run from the repo:  .venv/bin/python bench/figures_bench.py [--responses 200000] [--engine both]

Prints figures; asserts nothing about time. Every run uses a throwaway database: a SQLite file
in a temporary folder under /tmp, and a PostgreSQL database on 127.0.0.1:5432 (user postgres,
trust auth; override with VOICE_TEST_POSTGRES_URL) created and dropped here, like the tests do.

Loads N synthetic, already-submitted camhs-wellbeing responses into one round across four sites
of two organisations (queries.bulk_add_responses, batches of 10k; a short free-text answer on
1 in 20 responses, nothing coded), then times:
  * results.round_report(survey, round), staff audience: median of 5 runs
  * results.round_report(..., audience="board", by="site"): median of 3 runs
  * the kiosk service path for one child: open_kiosk once, then per child 9 save_answer + submit
    (50 children), median per child.
Load throughput is the database insert time only (generating the dicts is timed apart).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.chdir(REPO)  # settings read `.env` relative to the working directory

PG_ADMIN_URL = os.environ.get("VOICE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SURVEY = "camhs-wellbeing"
ROUND = "Bench round"
BATCH = 10_000
ORGS = {"bench-org-a": ("Bench Org A", [("bench-site-1", "Bench site one"), ("bench-site-2", "Bench site two")]),
        "bench-org-b": ("Bench Org B", [("bench-site-3", "Bench site three"), ("bench-site-4", "Bench site four")])}
KIOSK_SITE = "bench-site-1"
TEXTS = ["the staff are kind", "waiting too long", "comfy chairs", "more things to do while waiting",
         "they listened to me", "too far from my house"]


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


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


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


def load(n: int, ctx: dict) -> dict:
    from voice_app.store import db, queries

    rng = random.Random(11)
    gen_s = db_s = 0.0
    answers_total = 0
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        t, (responses, answers) = timed(make_batch, rng, start, count, ctx["round_id"], ctx["version_id"],
                                        ctx["site_ids"], ctx["definition"])
        gen_s += t
        answers_total += sum(len(a) for a in answers)
        t0 = time.perf_counter()
        with db.session_scope() as session:
            queries.bulk_add_responses(session, responses, answers)
        db_s += time.perf_counter() - t0
        del responses, answers
        if (start // BATCH) % 10 == 9:
            print(f"  … {start + count} loaded ({db_s:.0f} s in the database)", flush=True)
    return {"responses": n, "answers": answers_total, "generate_s": round(gen_s, 2), "insert_s": round(db_s, 2),
            "responses_per_s": round(n / db_s) if db_s else None}


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


def time_reports(n_staff: int = 5, n_board: int = 3) -> dict:
    from voice_app.services.results import round_report

    staff, board = [], []
    for _ in range(n_staff):
        t, report = timed(round_report, SURVEY, ROUND)
        staff.append(t)
    responses = report["responses"]
    for _ in range(n_board):
        t, board_report = timed(round_report, SURVEY, ROUND, audience="board", by="site")
        board.append(t)
    return {"report_responses": responses, "breakdown_groups": len(board_report.get("breakdown", {})),
            "staff_runs_s": [round(x, 3) for x in staff], "staff_median_s": round(median(staff), 3),
            "board_by_site_runs_s": [round(x, 3) for x in board],
            "board_by_site_median_s": round(median(board), 3)}


def time_kiosk(children: int = 50) -> dict:
    """A child's whole visit through the service layer, as the kiosk page calls it."""
    from voice_app.services import kiosk

    k = kiosk.open_kiosk(SURVEY, KIOSK_SITE)
    plan = []
    for q in k.survey.questions:
        if q.type == "scale":
            plan.append((q.id, q.options[-1].id))
        elif q.type == "text":
            plan.append((q.id, "My worker listens to me" if q.id == "what_was_good" else None))
        else:
            plan.append((q.id, q.options[1].id))
    per_child, per_save, per_submit = [], [], []
    for _ in range(children):
        key = uuid.uuid4().hex
        t_child = time.perf_counter()
        for position, (qid, value) in enumerate(plan, start=1):
            t, _ = timed(kiosk.save_answer, k, key, qid, value, position)
            per_save.append(t)
        t, first = timed(kiosk.submit, k, key)
        per_submit.append(t)
        per_child.append(time.perf_counter() - t_child)
        assert first, "submit should be the first for a new child"
    return {"children": children, "answers_per_child": len(plan),
            "child_median_s": round(median(per_child), 4), "child_max_s": round(max(per_child), 4),
            "save_answer_median_ms": round(median(per_save) * 1000, 2),
            "submit_median_ms": round(median(per_submit) * 1000, 2)}


def run_engine(engine: str, n: int, children: int) -> dict:
    from voice_app.store import db

    holder = SqliteDb() if engine == "sqlite" else PostgresDb()
    with holder as url:
        print(f"{engine}: loading {n} responses …", flush=True)
        ctx = setup(url)
        loaded = load(n, ctx)
        gc.collect()
        analyze(url)
        size = holder.size()
        reports = time_reports()
        kiosk = time_kiosk(children)
        db.get_engine().dispose()
    result = {"engine": engine, **loaded, "db_mb": round(size / 1e6, 1), **reports, "kiosk": kiosk}
    print(f"{engine} {n} responses: staff report median {reports['staff_median_s']:.2f} s; "
          f"board by site median {reports['board_by_site_median_s']:.2f} s; "
          f"load {loaded['responses_per_s']} responses/s ({loaded['insert_s']:.0f} s insert, "
          f"{loaded['generate_s']:.0f} s generating; {loaded['answers']} answer rows; {result['db_mb']} MB)")
    print(f"{engine} kiosk service: one child (9 save_answer + submit) median {kiosk['child_median_s'] * 1000:.0f} ms "
          f"(max {kiosk['child_max_s'] * 1000:.0f} ms); save_answer median {kiosk['save_answer_median_ms']:.1f} ms; "
          f"submit median {kiosk['submit_median_ms']:.1f} ms; {children} children", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--children", type=int, default=50, help="kiosk visits to time (default 50)")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = []
    for engine in engines:
        try:
            results.append(run_engine(engine, args.responses, args.children))
        except Exception as err:  # noqa: BLE001  (e.g. PostgreSQL not running: report, go on)
            if engine != "postgresql" or "connect" not in str(err).lower():
                raise
            print(f"postgresql: skipped, not reachable at {PG_ADMIN_URL}: {err}")
    print("JSON " + json.dumps({"responses": args.responses, "cpus": os.cpu_count(), "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
