"""Pictures from people (evidence photos) and from survey files (option pictures), checked before
they are decoded. Pillow's `Image.open` reads the header only: its type and size are known before a
single pixel is unpacked, so a small file that would decode to gigabytes (a decompression bomb)
is refused at that point. Pure: no Streamlit, no database."""
from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

FORMATS = ("PNG", "JPEG")
# A 48-megapixel phone photo fits; a picture held as RGB at this size is about 150 MB.
MAX_PIXELS = 50_000_000
# Pillow's own guard, for every picture this process opens: a warning above this, a refusal above
# twice this. Ours is stricter and comes first; this one catches a picture opened anywhere else.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PictureError(ValueError):
    """A file that is not a picture we take, with why, in words for the person who chose it."""


def open_picture(source: bytes | Path, *, max_bytes: int | None = None, max_pixels: int = MAX_PIXELS,
                 formats: tuple[str, ...] = FORMATS) -> Image.Image:
    """The picture, opened but not decoded, once its size, type and pixel count are known to be
    fine. Decode it with `load_picture`."""
    if isinstance(source, Path):
        if max_bytes is not None and source.stat().st_size > max_bytes:
            raise PictureError(f"the file is too large ({max_bytes // (1024 * 1024)} MB at most)")
        source = source.read_bytes()
    elif max_bytes is not None and len(source) > max_bytes:
        raise PictureError(f"the file is too large ({max_bytes // (1024 * 1024)} MB at most)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(source), formats=list(formats))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"the picture has too many pixels ({max_pixels // 1_000_000} million at most)") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureError(f"not a picture we can read (it must be {' or '.join(formats)})") from None
    width, height = image.size
    if width * height > max_pixels:
        raise PictureError(f"the picture has too many pixels: {width} × {height}, "
                           f"{max_pixels // 1_000_000} million at most")
    return image


def load_picture(image: Image.Image, max_side: int | None = None) -> Image.Image:
    """Decode a picture `open_picture` let through. A JPEG is decoded straight at a reduced
    scale when only `max_side` pixels are needed."""
    if max_side and image.format == "JPEG":
        image.draft("RGB", (max_side, max_side))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise PictureError("the picture is damaged and cannot be read") from None
    return image


def clean_photo(data: bytes, max_bytes: int, max_side: int) -> bytes:
    """A photo re-encoded as JPEG, at most `max_side` pixels a side: re-encoding drops the
    camera's metadata (EXIF: where, when, which phone). Size, type (PNG or JPEG) and pixel
    count are checked from the header, before decoding; raises PictureError."""
    image = load_picture(open_picture(data, max_bytes=max_bytes), max_side).convert("RGB")
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()
