"""The benchmarks still run: each on a tiny size, on both engines, checking only that it finishes
and prints its JSON line (speed is never asserted in a test; `make bench` measures it)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> list[dict]:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line.removeprefix("JSON ")) for line in done.stdout.splitlines()
            if line.startswith(("JSON ", "{"))]


def test_figures_bench_runs_and_its_baseline_agrees_on_both_engines():
    # the baseline swaps the tally's readers for a scan of every answer and checks the reports are equal
    (out,) = _run("bench/figures_bench.py", "--sizes", "300", "--engine", "both")
    assert [r["engine"] for r in out["results"]] == ["sqlite", "postgresql"]
    assert all(r["report_responses"] == 300 and r["board_baseline_s"] > 0 for r in out["results"])


@pytest.mark.parametrize("engine", [[], ["--postgres"]], ids=["sqlite", "postgresql"])
def test_ingest_bench_runs(engine):
    (out,) = _run("bench/ingest_bench.py", "--rows", "300", *engine)
    assert out["responses"] == 300 and out["comments"] == 60


def test_screen_curve_runs_on_the_development_set():
    (out,) = _run("bench/screen_curve.py", "--shares", "0.25")
    (row,) = out["curve"]
    assert row["train_rows"] > 0 and 0 <= row["recall_at_5%"] <= row["recall_at_10%"] <= 1
    assert out["n_test"]["disclosures"] > 0 and 0 < out["false_alarms_at_recall_0.95"] <= 1
