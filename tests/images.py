"""Pictures for tests, made here (nothing downloaded)."""
import io
import struct
import zlib

from PIL import Image


def png(width: int = 4, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """A decompression bomb: a valid PNG of a few hundred kB that decodes to width × height pixels
    (black and white, one bit each in the file; Pillow would hold it in far more). Written row
    block by row block, so making it never holds the picture."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the row's bits
    squeeze = zlib.compressobj(9)
    block = row * 1000
    data = b"".join(squeeze.compress(block) for _ in range(height // 1000))
    data += squeeze.compress(row * (height % 1000)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
