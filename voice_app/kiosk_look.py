"""The kiosk's friend: a small picture on the first screen, the last one and the thank-you.
Decorative (empty alt: every word is on the screen beside it). An organisation puts its own
PNG or JPEG in place with VOICE_KIOSK_CHARACTER; it is checked like every other picture
(voice_app/pictures.py) and an unreadable one leaves Pip, the bundled picture, in place."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import streamlit as st

from voice_app.config import get_settings
from voice_app.pictures import PictureError, load_picture, open_picture

PIP = Path(__file__).parent / "static" / "kiosk-friend.svg"
MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4_000_000  # shown at about 150 px: a larger picture only slows the tablet
log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def character(setting: Path | None) -> Path:
    """The picture to show: the organisation's own when it is a picture we can read, else Pip."""
    if setting is None:
        return PIP
    try:
        load_picture(open_picture(Path(setting), max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS))
    except (PictureError, OSError) as err:
        log.warning("VOICE_KIOSK_CHARACTER %s is not used (%s): showing the bundled picture", setting, err)
        return PIP
    return Path(setting)


def friend(key: str = "kiosk_friend") -> None:
    with st.container(key=key):
        st.image(str(character(get_settings().kiosk_character)), width=150, alt="")
