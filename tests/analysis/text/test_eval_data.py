"""Uses /work/shared/eval when present (never copied into the repo); skipped otherwise."""
import pytest

from analysis.text.evaluate import read_eval, split_by_id, label_columns

from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval"

DEV = EVAL_DIR / "nhs_feedback_v6_dev.csv"
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="eval data not available")


def test_eval_file_reads_and_splits():
    df = read_eval(DEV)
    train, test = split_by_id(df)
    assert len(train) + len(test) == len(df)
    assert 0.65 < len(train) / len(df) < 0.75
    assert "Staff manner & personal attributes" in label_columns(df)


def test_codebook_columns_exist():
    from analysis.text.codebook import default_codebook
    columns = set(label_columns(read_eval(DEV)))
    for theme in default_codebook().themes:
        assert set(theme.nhs_categories) <= columns, theme.id
