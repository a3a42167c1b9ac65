"""Benchmark for ingest: a CSV of camhs-wellbeing responses through the real importer, coding
included (themes, sentiment, the safeguarding screen, redaction, theme rows).

Run from the repo:  .venv/bin/python bench/ingest_bench.py [--rows 100000] [--postgres] [--profile]

Prints responses per second, peak memory (ru_maxrss) and the machine; asserts nothing about time.
1 response in 5 has a comment, worded from fragments so that few repeat exactly (surveys do
repeat "nothing", so some do). SQLite in a temporary file by default; with --postgres a throwaway
database on VOICE_TEST_POSTGRES_URL's server (postgres@127.0.0.1:5432 by default), dropped after.
With --profile, cProfile's top functions by their own time follow the figures.
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import platform
import pstats
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCALES = {"clinic_location": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
          "waiting_room": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
          "treatment_rooms": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
          "privacy": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
          "staff_listened": ["very_unhappy", "unhappy", "okay", "happy", "very_happy"],
          "overall_satisfaction": ["very_dissatisfied", "dissatisfied", "neither", "satisfied", "very_satisfied"]}
AGES = ["under_11", "11_to_15", "16_plus", "prefer_not_to_say"]
OPENINGS = ["", "honestly ", "i think ", "tbh ", "well ", "sometimes ", "mostly ", "to be fair "]
GOOD = ["my worker really listens to me", "the staff are kind and funny", "i like the fish tank in the waiting room",
        "they explained everything so i understood", "i feel better than before i came",
        "my mum was allowed to come in with me", "easy to get to on the bus", "the drawing stuff to do while you wait",
        "they helped me with my anxiety at school", "comfy chairs and nice lights", "nothing really"]
BETTER = ["waiting too long for my first appointment", "the waiting room is boring and too hot",
          "more things for teenagers to do while waiting", "it's really far from my house",
          "i didn't like having sessions on the phone", "people at reception can hear what you say",
          "changing workers all the time", "have appointments after school", "better wifi",
          "tell us what's going to happen before the first session", "nothing its fine"]
ENDINGS = ["", "", " thanks", " :)", " lol", " on {day}", " when i came in {month}", " with {name}",
           " and {name} was nice", ", call me on 07700 9{n:05d}", " (i'm {age})"]
NAMES = ["Sam", "Priya", "Jake", "Amir", "Olivia", "Kai", "Zainab", "Tom"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
MONTHS = ["january", "march", "may", "july", "september", "november"]
WORRYING = ["sometimes i dont feel safe at home", "i've been thinking about hurting myself"]


def comment(rng: random.Random) -> str:
    if rng.random() < 0.002:
        return rng.choice(WORRYING)
    body = rng.choice(GOOD + BETTER)
    if rng.random() < 0.35:
        body += " and " + rng.choice(GOOD + BETTER)
    end = rng.choice(ENDINGS).format(day=rng.choice(DAYS), month=rng.choice(MONTHS), name=rng.choice(NAMES),
                                     n=rng.randrange(100000), age=rng.randint(9, 17))
    return (rng.choice(OPENINGS) + body + end).strip()


def write_csv(path: Path, rows: int, seed: int = 11) -> int:
    """The file an organisation would export; returns how many rows have a comment."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with_text = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([*SCALES, "what_could_be_better", "age_band", "site", "submitted_at"])
        for i in range(rows):
            text = comment(rng) if i % 5 == 0 else ""
            with_text += bool(text)
            when = start + timedelta(minutes=rng.randrange(60 * 24 * 300))
            out.writerow([*(rng.choice(o) for o in SCALES.values()), text, rng.choice(AGES),
                          rng.choice(["riverside-waiting-room", "northgate-clinic"]), when.isoformat()])
    return with_text


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown cpu")
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _postgres_database() -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("VOICE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"voice_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest_bench_"))
    url, drop = (_postgres_database() if args.postgres else (f"sqlite:///{work / 'voice.db'}", lambda: None))
    os.environ["VOICE_DATABASE_URL"] = url
    os.environ.setdefault("VOICE_SWEEP_INTERVAL_SECONDS", "0")
    try:
        from voice_app.services.demo import ORGANISATIONS
        from voice_app.services.importer import import_responses
        from voice_app.services.organisations import ensure_organisation, ensure_site
        from voice_app.services.surveys import sync_survey_files
        from voice_app.store import db
        from voice_app.store.comments import flag_counts

        db.migrate()
        sync_survey_files()
        org_name, sites = ORGANISATIONS["riverside-camhs"]
        ensure_organisation(org_name, "riverside-camhs")
        for slug, name, setting in sites:
            ensure_site("riverside-camhs", name, slug, setting)
        path = work / "responses.csv"
        comments = write_csv(path, args.rows)
        profiler = cProfile.Profile() if args.profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        stages: dict[str, list[float]] = {}  # stage: [first heard, last heard]

        def progress(stage: str, done: int, total: int) -> None:
            stages.setdefault(stage, [time.perf_counter()] * 2)[1] = time.perf_counter()
        kwargs = {"progress": progress} if "progress" in import_responses.__code__.co_varnames else {}
        result = import_responses("camhs-wellbeing", path, "Bench round", **kwargs)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - began
        with db.session_scope() as session:
            flags = sum(flag_counts(session, None).values())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
        print(f"imported {result.imported:,} responses ({comments:,} with a comment, {flags} flagged) "
              f"in {seconds:.1f} s: {result.imported / seconds:,.0f} responses/s")
        # a stage starts as the one before it ends
        took = {s: last - start for (s, (_, last)), start in zip(stages.items(), [began] + [v[1] for v in stages.values()][:-1])}
        print("stages (s): " + ", ".join(f"{stage} {t:.1f}" for stage, t in took.items()))
        print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")
        print(f"machine: {machine()}")
        print(json.dumps({"bench": "ingest", "database": "postgresql" if args.postgres else "sqlite",
                          "responses": result.imported, "comments": comments, "seconds": round(seconds, 2),
                          "responses_per_second": round(result.imported / seconds),
                          "stages_seconds": {s: round(t, 2) for s, t in took.items()},
                          "peak_memory_mb": round(peak_mb)}))
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        db.get_engine().dispose()
    finally:
        drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
