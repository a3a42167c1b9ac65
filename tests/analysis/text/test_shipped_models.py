"""Each model shipped in the package is exactly what its training command builds from the
files in this repository: nobody can ship weights that the data and code do not explain."""
import numpy as np
import pytest

from analysis.text import screen_model, sentiment_model, train_screen, train_sentiment

MODELS = {"screen": (train_screen.main, screen_model.MODEL_PATH),
          "sentiment": (train_sentiment.main, sentiment_model.MODEL_PATH)}


@pytest.mark.parametrize("name", list(MODELS))
def test_shipped_model_is_what_the_training_command_builds(name, tmp_path):
    if name == "screen" and train_screen.eval_file() is None:
        pytest.skip("NHS eval data not available (the screen learns its everyday negatives there)")
    train, shipped_path = MODELS[name]
    assert train(["--out", str(tmp_path / "m.npz")]) == 0
    with np.load(tmp_path / "m.npz") as built, np.load(shipped_path) as shipped:
        assert built.files == shipped.files
        for key in built.files:  # weights may differ in the last bits with another BLAS
            if built[key].dtype.kind == "f":
                assert np.allclose(built[key], shipped[key], rtol=0, atol=1e-5), key
            else:
                assert np.array_equal(built[key], shipped[key]), key
