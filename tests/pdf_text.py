"""The words an fpdf2 PDF shows, read back without a PDF library (none is in the lock): each page's
text strings decoded through its font's ToUnicode map. Enough for fpdf2's own output, no more."""
from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in _OBJ.findall(data)}


def _stream(body: bytes) -> bytes:
    raw = body.split(b"stream", 1)[1].lstrip(b"\r\n").rsplit(b"endstream", 1)[0].rstrip(b"\r\n")
    return zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream", 1)[0] else raw


def _literal(token: bytes) -> bytes:
    out, i, s = bytearray(), 0, token[1:-1]
    while i < len(s):
        c = s[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = s[i + 1:i + 2]
        octal = re.match(rb"[0-7]{1,3}", s[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _cmap(text: bytes) -> dict[int, str]:
    out = {}
    chars = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S))
    ranges = b"".join(re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S))
    for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", chars):
        out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", ranges):
        start = int(dst, 16)
        for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
            out[code] = chr(start + k)
    return out


def pdf_pages(data: bytes) -> list[str]:
    """Each page's words, one string per page, whitespace collapsed."""
    objs = _objects(data)
    pages = []
    kids = re.search(rb"/Kids \[(.*?)\]", objs[1], re.S).group(1)
    for page_no in [int(n) for n in re.findall(rb"(\d+) 0 R", kids)]:
        page = objs[page_no]
        content = _stream(objs[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))])
        resources = objs[int(re.search(rb"/Resources (\d+) 0 R", page).group(1))]
        fonts = {}
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objs[int(ref)])
            fonts[name] = _cmap(_stream(objs[int(to_unicode.group(1))])) if to_unicode else {}
        words, font = [], {}
        for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|" + _STRING.pattern + rb"|\bET\b", content, re.S):
            token = match.group()
            if token.startswith(b"/"):
                font = fonts.get(match.group(1), {})
            elif token == b"ET":
                words.append(" ")
            else:
                raw = _literal(token)
                words.append("".join(font.get(int.from_bytes(raw[i:i + 2], "big"), "")
                                     for i in range(0, len(raw) - 1, 2)))
        pages.append(re.sub(r"\s+", " ", "".join(words)).strip())
    return pages


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))
