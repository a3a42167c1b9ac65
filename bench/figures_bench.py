"""Benchmark for the figures (round_report) and the kiosk service path, on SQLite and PostgreSQL.

Run from the repo:  .venv/bin/python bench/figures_bench.py [--sizes 10000 100000 1000000]
                    [--engine both] [--children 50] [--no-baseline] [--profile]

Prints a table; asserts nothing about time. Every run uses a throwaway database: a SQLite file
in a temporary folder under /tmp, and a PostgreSQL database on 127.0.0.1:5432 (user postgres,
trust auth; override with VOICE_TEST_POSTGRES_URL) created and dropped here, like the tests do.

Loads synthetic, already-submitted camhs-wellbeing responses into one round across four sites
of two organisations (queries.bulk_add_responses, batches of 10k; a short free-text answer on
1 in 20 responses, nothing coded), up to each size in turn, and at each size times:
  * results.round_report(survey, round), staff audience: cold (the first call) and warm (median of 3)
  * results.round_report(..., audience="board", by="site"): cold (the board's plan cache cleared)
    and warm (median of 3)
  * the baseline: the same two reports, cold, with every figure counted by scanning the answers
    (tests/store/scan_reference.py, the counting before the tally); ratio = baseline / cold
  * the kiosk service path for one child, at the last size: open_kiosk once, then per child
    9 save_answer + submit, median per child.
Load throughput is the database insert time only (generating the dicts is timed apart).
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.chdir(REPO)  # settings read `.env` relative to the working directory

from bench.bench_data import (  # noqa: E402  (after the path is set)
    PG_ADMIN_URL, ROUND, SURVEY, PostgresDb, SqliteDb, analyze, load, setup, timed)

KIOSK_SITE = "bench-site-1"


def median(xs: list[float]) -> float:
    return statistics.median(xs)


@contextmanager
def scanning():
    """The figures counted by scanning the answers, as before the tally: the baseline."""
    from tests.store import scan_reference as scan
    from voice_app.store import figures

    names = ["option_counts", "question_bases", "response_count", "responses_by_site", "finest_counts"]
    kept = {n: getattr(figures, n) for n in names}
    for n in names:
        setattr(figures, n, getattr(scan, n))
    try:
        yield
    finally:
        for n, f in kept.items():
            setattr(figures, n, f)


def cold() -> None:
    """A fresh process state: the board's plan cache emptied."""
    from voice_app.services import disclosure

    disclosure._PLANS.clear()
    gc.collect()


def staff_report():
    from voice_app.services.results import round_report

    return round_report(SURVEY, ROUND)


def board_report():
    from voice_app.services.results import round_report

    return round_report(SURVEY, ROUND, audience="board", by="site")


def time_reports(baseline: bool, warm_runs: int = 3) -> dict:
    out = {}
    for name, report in (("staff", staff_report), ("board", board_report)):
        cold()
        out[f"{name}_cold_s"], figures = timed(report)
        out[f"{name}_warm_s"] = median([timed(report)[0] for _ in range(warm_runs)])
        if baseline:
            with scanning():
                cold()
                out[f"{name}_baseline_s"], scanned = timed(report)
            assert scanned == figures, f"the {name} report from the tally differs from the scanned one"
        if name == "staff":
            out["report_responses"] = figures.responses
    return out


def profile_warm_board(top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    board_report()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


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


def run_engine(engine: str, sizes: list[int], children: int, baseline: bool, profile: bool) -> list[dict]:
    from voice_app.store import db

    holder = SqliteDb() if engine == "sqlite" else PostgresDb()
    rows, loaded, rng = [], 0, random.Random(11)
    with holder as url:
        ctx = setup(url)
        for n in sorted(sizes):
            print(f"{engine}: loading up to {n} responses …", flush=True)
            load_stats = load(loaded, n, ctx, rng)
            loaded = n
            gc.collect()
            analyze(url)
            row = {"engine": engine, "responses": n, **load_stats, "db_mb": round(holder.size() / 1e6, 1),
                   **time_reports(baseline)}
            print(line(row), flush=True)
            rows.append(row)
        if profile:
            profile_warm_board()
        if children:
            rows[-1]["kiosk"] = kiosk = time_kiosk(children)
            print(f"{engine} kiosk service at {loaded}: one child (9 save_answer + submit) median "
                  f"{kiosk['child_median_s'] * 1000:.0f} ms (max {kiosk['child_max_s'] * 1000:.0f} ms); "
                  f"save_answer median {kiosk['save_answer_median_ms']:.1f} ms; submit median "
                  f"{kiosk['submit_median_ms']:.1f} ms; {children} children", flush=True)
        db.get_engine().dispose()
    return rows


HEADER = (f"{'engine':<11}{'responses':>10} | {'staff cold':>10}{'warm':>8}{'baseline':>9}{'ratio':>7} | "
          f"{'board cold':>10}{'warm':>8}{'baseline':>9}{'ratio':>7} | load/s")


def line(r: dict) -> str:
    def part(name: str) -> str:
        base = r.get(f"{name}_baseline_s")
        ratio = f"{base / r[f'{name}_cold_s']:6.0f}x" if base else f"{'-':>7}"
        return (f"{r[f'{name}_cold_s']:10.3f}{r[f'{name}_warm_s']:8.3f}"
                f"{(f'{base:9.2f}' if base else f'{chr(45):>9}')}{ratio}")
    return f"{r['engine']:<11}{r['responses']:>10} | {part('staff')} | {part('board')} | {r['responses_per_s']}"


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "unknown CPU")
    mem = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores, {cpu}, {mem / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--children", type=int, default=50, help="kiosk visits to time (0: none)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the scan-based baseline")
    parser.add_argument("--profile", action="store_true", help="cProfile one warm board report at the last size")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    rows = []
    for engine in engines:
        try:
            rows += run_engine(engine, args.sizes, args.children, not args.no_baseline, args.profile)
        except Exception as err:  # noqa: BLE001  (e.g. PostgreSQL not running: report, go on)
            if engine != "postgresql" or "connect" not in str(err).lower():
                raise
            print(f"postgresql: skipped, not reachable at {PG_ADMIN_URL}: {err}")
    print(f"\nMachine: {machine()}\nSeconds; warm = median of 3; ratio = baseline (scanning answers) / cold\n")
    print(HEADER)
    for r in rows:
        print(line(r))
    print("JSON " + json.dumps({"machine": machine(), "results": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
