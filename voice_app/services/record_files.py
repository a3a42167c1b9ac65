"""A voice record's file (a photo of a letter, a drawing, a recording): checked by its content,
never by its name; a photo re-encoded so its metadata (EXIF, GPS) is gone; kept under the data
folder with a random name, read only by workers through services/records.py, deleted when the
record's consent ends. Never served publicly."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

from voice_app.config import get_settings
from voice_app.pictures import PictureError, clean_photo

MAX_PHOTO_SIDE = 2400  # a letter's photo stays readable
FOLDER = "records"
_NAME = re.compile(r"^[0-9a-f]{32}\.[a-z0-9]{2,4}$")

# (type, extension) by the bytes a file starts with; a photo is handled by pictures.py.
_SIGNATURES: list[tuple[int, bytes, str, str]] = [
    (0, b"%PDF-", "application/pdf", "pdf"),
    (0, b"ID3", "audio/mpeg", "mp3"),
    (0, b"\xff\xfb", "audio/mpeg", "mp3"),
    (0, b"\xff\xf3", "audio/mpeg", "mp3"),
    (0, b"OggS", "audio/ogg", "ogg"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm", "webm"),
]
ACCEPTED = "a photo (JPEG or PNG), a PDF, or a recording (MP3, M4A, WAV, OGG, MP4, MOV or WebM)"


class RecordFileError(ValueError):
    """Why a file was refused, in words for the worker who chose it."""


def max_bytes() -> int:
    return get_settings().record_file_max_mb * 1024 * 1024


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if data[4:8] == b"ftyp":  # ISO media: MP4, M4A, MOV
        brand = data[8:12]
        if brand.startswith(b"M4A"):
            return "audio/mp4", "m4a"
        return ("video/quicktime", "mov") if brand == b"qt  " else ("video/mp4", "mp4")
    for offset, magic, kind, ext in _SIGNATURES:
        if data[offset:offset + len(magic)] == magic:
            return kind, ext
    return None


def checked(data: bytes) -> tuple[bytes, str, str]:
    """(bytes to keep, type, extension), or RecordFileError: too big, or not a type we take."""
    limit = max_bytes()
    if not data:
        raise RecordFileError("the file is empty")
    if len(data) > limit:
        raise RecordFileError(f"the file is too large ({len(data) / 1024 / 1024:.1f} MB; "
                              f"{get_settings().record_file_max_mb} MB at most)")
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        try:
            return clean_photo(data, limit, MAX_PHOTO_SIDE), "image/jpeg", "jpg"
        except PictureError as err:
            raise RecordFileError(f"that photo cannot be used: {err}") from None
    found = _sniff(data)
    if found is None:
        raise RecordFileError(f"this is not a file we keep: it must be {ACCEPTED} (checked from the file "
                              "itself, not its name)")
    return data, *found


def _folder() -> Path:
    folder = get_settings().data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(data: bytes, ext: str) -> str:
    """Write the file under a new random name; returns the name."""
    name = f"{secrets.token_hex(16)}.{ext}"
    path = _folder() / name
    with open(path, "xb") as out:
        out.write(data)
    path.chmod(0o600)
    return name


def _path(name: str) -> Path:
    if not _NAME.match(name):
        raise RecordFileError("not a record's file name")
    return _folder() / name


def read(name: str) -> bytes | None:
    path = _path(name)
    return path.read_bytes() if path.exists() else None


def delete(name: str | None) -> bool:
    """Remove a record's file; True when there was one."""
    if not name:
        return False
    path = _path(name)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed
