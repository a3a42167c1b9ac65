import pytest

from voice_app.services import kiosk


@pytest.fixture(autouse=True)
def taps_at_test_speed(monkeypatch):
    """AppTest taps faster than any child could read: the kiosk's double-tap guard would drop
    them. Tests of the guard itself set it back."""
    monkeypatch.setattr(kiosk, "MOVE_SETTLE_SECONDS", 0.0)
