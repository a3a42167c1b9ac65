"""Progress heard from long work besides imports and recoding: retraining the text model and
exporting the annual report, stage by stage, with counts that only go up and end at the total;
on the command line no bar when stderr is not a terminal."""
from __future__ import annotations

import io
import sys
from datetime import date

import pytest

from tests.services.test_coding import forty_corrected
from voice_app.cli import main
from voice_app.cli_progress import progress_bars
from voice_app.services import accounts, comments, kiosk
from voice_app.services.annual_report import documents
from voice_app.services.demo import load_demo


def stages_heard(heard: list[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for stage, done, total in heard:
        out.setdefault(stage, []).append((done, total))
    return out


def assert_counts_end_at_their_total(counts: list[tuple[int, int]]) -> int:
    """The stage's counts go up (never down), keep one total and end at it; returns the total."""
    done = [d for d, _ in counts]
    [total] = {t for _, t in counts}
    assert done == sorted(done) and done[-1] == total and all(0 <= d <= total for d in done)
    return total


@pytest.fixture
def corrected(demo_site):
    return forty_corrected(kiosk.open_kiosk("camhs-wellbeing", demo_site))


def test_retraining_reports_loading_fitting_and_storing(corrected):
    heard: list[tuple[str, int, int]] = []
    learned = comments.train_model(corrected, corrected.organisation_ids[0], progress=lambda *a: heard.append(a))
    assert learned == 40
    stages = stages_heard(heard)
    assert list(stages) == ["loading", "fitting", "storing"]
    assert assert_counts_end_at_their_total(stages["loading"]) == 40  # the corrected comments read
    # one step per theme learned (two here) and one for the feelings
    assert assert_counts_end_at_their_total(stages["fitting"]) == 3
    assert len(stages["fitting"]) >= 3
    assert assert_counts_end_at_their_total(stages["storing"]) == 1


def test_too_few_corrections_stop_after_loading(demo_site):
    worker = accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])
    heard: list[tuple[str, int, int]] = []
    with pytest.raises(ValueError, match="at least 30"):
        comments.train_model(worker, worker.organisation_ids[0], progress=lambda *a: heard.append(a))
    assert heard == [("loading", 0, 0)]


@pytest.fixture
def demo(database):
    load_demo(responses_per_round=20)
    return accounts.create_user("admin1", "a long test password", "admin")


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_the_annual_report_reports_composing_and_rendering_each_section(demo, fmt):
    heard: list[tuple[str, int, int]] = []
    data = documents.export(demo, date(2026, 1, 1), date(2026, 12, 31), fmt, progress=lambda *a: heard.append(a))
    assert data
    stages = stages_heard(heard)
    assert list(stages) == ["composing", "rendering"]
    # the partnership and its two organisations, one section each
    assert assert_counts_end_at_their_total(stages["composing"]) == 3
    assert stages["composing"][0] == (0, 3) and len(stages["composing"]) == 4
    assert assert_counts_end_at_their_total(stages["rendering"]) == 3


def test_the_command_line_retrains_without_a_bar_when_not_a_terminal(corrected, capsys):
    capsys.readouterr()
    assert main(["retrain-text", "--org", "riverside-camhs"]) == 0
    out = capsys.readouterr()
    assert out.out == "Learned from 40 corrected comments of riverside-camhs\n" and out.err == ""
    assert main(["retrain-text", "--org", "nowhere"]) == 1
    assert capsys.readouterr().err == "error: no organisation 'nowhere'\n"


def test_the_annual_report_command_shows_no_bar_when_not_a_terminal(demo, tmp_path, capsys):
    out_file = tmp_path / "report.csv"
    assert main(["annual-report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv",
                 "--out", str(out_file)]) == 0
    out = capsys.readouterr()
    assert out.out == f"Annual report section (csv) saved to {out_file}\n" and out.err == ""
    assert out_file.read_bytes().decode("utf-8-sig").startswith("organisation,")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_stage_has_its_bar_with_counts_in_its_unit(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress_bars({"composing": "sections"}) as progress:
        for done in range(4):
            progress("composing", done, 3)
        progress("rendering", 3, 3)
    drawn = screen.getvalue()
    assert "composing: 100%" in drawn and "3/3 [" in drawn and "sections/s]" in drawn
    assert "rendering: 100%" in drawn and "rows/s]" in drawn  # rows unless told otherwise
