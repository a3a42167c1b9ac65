"""A fresh install set up, imported and reported for a past year by commands alone, each one
run as a person would run it: `python -m voice_app …` in its own process, on a new database."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAST_YEAR = ROOT / "tests" / "data" / "past_year_2020_21.csv"  # 16 responses, April 2020 to March 2021


def command(tmp_path, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOICE_")}
    env.update(VOICE_DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}", VOICE_PUBLIC_URL="https://voice.example.org",
               VOICE_SWEEP_INTERVAL_SECONDS="0", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "voice_app", *argv], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_init_setup_import_and_report_a_past_year_by_commands_alone(tmp_path):
    assert ("surveys: camhs-experience, camhs-remote, camhs-wellbeing, how-was-today, my-life-in-care, "
            "your-views") in ok(command(tmp_path, "init"))

    setup = ok(command(tmp_path, "setup", str(ROOT / "docs" / "partnership.example.yaml")))
    assert "round camhs-wellbeing / 2020-21: created" in setup
    assert ("camhs-wellbeing at northgate-clinic: "
            "https://voice.example.org/kiosk?survey=camhs-wellbeing&site=northgate-clinic") in setup

    imported = ok(command(tmp_path, "import-responses", "camhs-wellbeing", str(PAST_YEAR),
                          "--round", "2020-21"))
    assert imported.strip() == "Imported 16 responses into round '2020-21'"

    report = json.loads(ok(command(tmp_path, "report", "camhs-wellbeing", "--round", "2020-21",
                                   "--format", "json", "--by", "site")))
    assert (report["responses"], report["invited"], report["response_rate_pct"]) == (16, 240, 7)
    clinic = report["questions"]["clinic_location"]
    assert (clinic["n"], clinic["positive_pct"]) == (16, 75)
    assert report["questions"]["staff_listened"]["counts"] == {
        "very_unhappy": 0, "unhappy": 0, "okay": 4, "happy": 8, "very_happy": 4}
    assert report["questions"]["age_band"]["counts"] == {
        "under_11": 3, "11_to_15": 7, "16_plus": 3, "prefer_not_to_say": 0}

    text = ok(command(tmp_path, "report", "camhs-wellbeing", "--round", "2020-21"))
    assert "Responses: 16 of 240 invited, a response rate of 7%" in text

    out = tmp_path / "annual.html"
    ok(command(tmp_path, "annual-report", "--from", "2020-04-01", "--to", "2021-03-31",
               "--format", "html", "--out", str(out)))
    assert "16 returned responses" in out.read_text(encoding="utf-8")
