"""One typed place for configuration, read from the environment (prefix VOICE_) and `.env`."""
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOICE_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'voice_app.db'}"
    surveys_dir: Path = ROOT / "surveys"
    # Files kept by the app (a voice record's letter, drawing or recording), never served publicly.
    data_dir: Path = ROOT / "var"
    record_file_max_mb: int = 25  # a voice record's file, at most
    # Small-number suppression for board and public views: never below the published rules.
    suppression_threshold: int = 5
    min_base_for_pct: int = 10
    # The kiosk goes back to the start when a child walks away mid-survey.
    kiosk_idle_seconds: int = 180
    # The small friendly picture on the kiosk's first screen and thank-you (a PNG or JPEG of the
    # organisation's own; unset or unreadable: Pip, the bundled one). See voice_app/kiosk_look.py.
    kiosk_character: Path | None = None
    staff_session_minutes: int = 30  # a staff browser is signed out after this long unused
    staff_session_max_hours: int = 12  # and after this long however busy (a shift)
    # An open staff page checks this often whether its session has ended, and clears itself.
    staff_session_check_seconds: int = 20
    public_url: str = "http://localhost:8501"
    # Reverse proxies of our own in front of the app (0: none): the sign-in throttle then takes
    # the client's address from X-Forwarded-For, since Streamlit sees only the proxy's.
    proxy_hops: int = 0
    # Alerts to safeguarding leads go by email; an empty host keeps them waiting in the outbox.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_from: str = "voice_app@localhost"
    # A flag no lead has acknowledged by then goes to the organisation's second contact.
    alert_escalate_after_minutes: int = 240
    # The app server's background sweep (idle responses, escalations, alerts); 0 turns it off.
    sweep_interval_seconds: int = 20

    @field_validator("suppression_threshold")
    @classmethod
    def _threshold_floor(cls, v: int) -> int:
        if v < 5:
            raise ValueError("suppression_threshold cannot be lower than 5")
        return v

    @field_validator("min_base_for_pct")
    @classmethod
    def _base_floor(cls, v: int) -> int:
        if v < 10:
            raise ValueError("min_base_for_pct cannot be lower than 10")
        return v


@lru_cache
def get_settings() -> Settings:
    return Settings()
