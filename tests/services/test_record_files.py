"""A record's file is judged by its bytes, never by its name: anything else is refused."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voice_app.services.record_files import RecordFileError, checked

KNOWN = (b"%PDF-", b"ID3", b"\xff\xfb", b"\xff\xf3", b"OggS", b"\x1a\x45\xdf\xa3", b"\xff\xd8\xff",
         b"\x89PNG")


@given(st.binary(min_size=1, max_size=2000))
def test_unknown_bytes_are_refused(data):
    if data.startswith(KNOWN) or data[4:8] == b"ftyp" or (data[:4] == b"RIFF" and data[8:12] == b"WAVE"):
        return
    with pytest.raises(RecordFileError, match="not a file we keep"):
        checked(data)


@given(st.binary(max_size=200))
def test_a_pdf_or_recording_is_kept_as_it_is(tail):
    assert checked(b"%PDF-1.7" + tail) == (b"%PDF-1.7" + tail, "application/pdf", "pdf")
    assert checked(b"\0\0\0\x20ftypM4A " + tail)[1:] == ("audio/mp4", "m4a")


def test_a_broken_photo_is_refused():
    with pytest.raises(RecordFileError, match="that photo cannot be used"):
        checked(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(RecordFileError, match="empty"):
        checked(b"")
