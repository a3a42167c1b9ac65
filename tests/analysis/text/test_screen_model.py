"""The screen's shipped model: it loads without pickle, the training command rebuilds it
exactly, and on the test side of the development set (families it never saw) it keeps
the recall and false-alarm figures it was shipped with."""
import csv

import numpy as np
import pytest

from analysis.text.evaluate import evaluate_screen
from analysis.text.safeguarding import normalise
from analysis.text.screen_model import MODEL_PATH, ScreenModel, shipped_model
from analysis.text.train_screen import eval_file, main as train_main, split_of

# The shipped model's probabilities for fixed texts. Retraining on purpose changes them:
# update these from the new file (and say why in the commit).
FIXED = {
    "mums bf comes in my room at nite": 0.885605,
    "i want my own room": 0.579509,
    "the staff were kind and listened": 0.014215,
    "i dont get tea if im bad": 0.969618,
}


def test_shipped_model_loads_from_plain_arrays():
    assert MODEL_PATH.stat().st_size < 3_000_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:  # no object arrays: nothing can run code
        assert all(data[name].dtype != object for name in data.files)
    model = shipped_model()
    assert model is shipped_model()  # loaded once per process
    assert "NHS train-side" in model.info


def test_shipped_model_scores_are_stable():
    probabilities = shipped_model().probabilities([normalise(t) for t in FIXED])
    assert probabilities == pytest.approx(list(FIXED.values()), abs=1e-5)


def _fixture(folder):
    """A tiny development set and NHS file: 24 families, concerns and everyday comments."""
    dev = folder / "dev"
    dev.mkdir()
    rows = []
    for i in range(12):
        rows += [(f"he hits me when mum is out number {i}", 1, "concern", "physical abuse", "physical_abuse", f"P{i}"),
                 (f"i got hit by him again {i}", 1, "check", "physical abuse", "physical_abuse", f"P{i}"),
                 (f"i want to die every day {i}", 1, "concern", "self-harm or suicidal thoughts", "suicidal", f"S{i}"),
                 (f"the game was fun today {i}", 0, "none", "", "sport_and_play", f"N{i}"),
                 (f"my tablet died in the session {i}", 0, "none", "", "technology", f"T{i}")]
    with open(dev / "set.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "concern", "level", "category", "kind", "family"])
        writer.writerows(rows)
    nhs = folder / "nhs.csv"
    with open(nhs, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["FFT answer", "Comment ID", "Safeguarding concerns?"])
        writer.writerows([(f"the nurse was lovely and the ward was clean {i}", i, 0) for i in range(60)])
    return dev, nhs


def test_training_command_is_reproducible_and_the_file_predicts_as_trained(tmp_path):
    dev, nhs = _fixture(tmp_path)
    for name in ("a.npz", "b.npz"):
        assert train_main(["--out", str(tmp_path / name), "--dev-set", str(dev), "--nhs", str(nhs)]) == 0
    with np.load(tmp_path / "a.npz") as a, np.load(tmp_path / "b.npz") as b:
        assert a.files == b.files and all(np.array_equal(a[k], b[k]) for k in a.files)
    model = ScreenModel.load(tmp_path / "a.npz")
    texts = [normalise(t) for t in ("he hits me", "the game was fun", "")]
    p = model.probabilities(texts)
    assert p[0] > p[1]
    assert model.categories == ("physical abuse", "self-harm or suicidal thoughts")
    assert model.categories_of(texts[:1]) == ["physical abuse"]


def test_extra_verdicts_are_learned(tmp_path):
    dev, nhs = _fixture(tmp_path)
    extra = tmp_path / "verdicts.csv"
    extra.write_text("text,concern,category\n" + "".join(
        f"the screen missed this one about county lines {i},1,exploitation\n" for i in range(6)))
    assert train_main(["--out", str(tmp_path / "m.npz"), "--dev-set", str(dev), "--nhs", str(nhs),
                       "--extra", str(extra)]) == 0
    assert "exploitation" in ScreenModel.load(tmp_path / "m.npz").categories


def test_split_is_by_family_and_fixed():
    assert split_of("A-001") == split_of("A-001")
    sides = [split_of(f"F-{i}") for i in range(1000)]
    assert 0.65 < sides.count("train") / 1000 < 0.75


# Measured once, on the test side, when this model was shipped (bench/text_bench.py; 980
# disclosures and 1,233 look-alikes after concerns_g, negatives_h, pairs_i and pairs_j were
# added): recall 0.755 at either level, false alarms 0.092 at either level and 0.045 as concern.
RECALL_FLOOR = 0.73
FALSE_ALARM_CEILING = 0.11
CONCERN_FALSE_ALARM_CEILING = 0.06


def test_test_side_figures_do_not_fall():
    """Measured once on the test side when the model was shipped; floors a little under."""
    figures = evaluate_screen()["dev_test"]
    assert figures["recall"]["either"] >= RECALL_FLOOR
    assert figures["false_alarm_rate"]["either"] <= FALSE_ALARM_CEILING
    assert figures["false_alarm_rate"]["concern"] <= CONCERN_FALSE_ALARM_CEILING


@pytest.mark.skipif(eval_file() is None, reason="NHS eval data not available")
def test_ordinary_nhs_comments_the_model_never_saw_are_rarely_flagged():
    """Measured 0.21% on the NHS test side (0.21% on the whole file) when shipped; the issue's limit is 1%."""
    figures = evaluate_screen(nhs_path=eval_file())
    assert figures["nhs_test_side"]["either"] <= 0.005
    assert figures["nhs_whole_file"]["either"] <= 0.005
