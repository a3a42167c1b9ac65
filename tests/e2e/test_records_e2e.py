"""A worker logs a letter with a photo of it and a conversation from a practice review's start
meeting; both show in the theme explorer; withdrawing consent for the letter takes it out and
deletes its photo."""
import io

import pytest
from PIL import Image

from tests.e2e.conftest import choose, make_user, open_page, serve, sign_in, wait_idle

pytestmark = pytest.mark.e2e
RECORDS = "Voice records (letters, drawings, conversations)"


@pytest.fixture(scope="module")
def records_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("records-data")
    for url, db_url in serve(tmp_path_factory, VOICE_DATA_DIR=str(data)):
        yield url, db_url, data


def letter_photo(path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "white").save(out, format="JPEG", exif=exif)
    path.write_bytes(out.getvalue())


def log(page, summary: str) -> None:
    page.get_by_role("textbox", name="Summary, in the child's words where possible").fill(summary)
    page.get_by_role("button", name="Log record").click()
    wait_idle(page)
    page.get_by_text("It is in “What children wrote” now.").wait_for()


def explorer_count(page) -> None:
    open_page(page, "What children wrote")
    choose(page, "Survey", RECORDS)


def test_letter_and_review_conversation_then_consent_withdrawn(records_server, desk, tmp_path):
    url, db_url, data = records_server
    make_user(db_url, "e2e-records", "worker")
    sign_in(desk, url, "e2e-records")

    open_page(desk, "Practice reviews")
    desk.get_by_role("textbox", name="Name or reference").fill("CSPR 2026-04")
    desk.get_by_role("button", name="Create review").click()
    desk.get_by_text("Review created.").wait_for()

    open_page(desk, "Voice records")
    photo = tmp_path / "letter.jpg"
    letter_photo(photo)
    desk.locator("input[type='file']").set_input_files(str(photo))
    wait_idle(desk)
    log(desk, "The waiting room is boring and there is nothing to do")
    assert len(list((data / "records").iterdir())) == 1

    choose(desk, "Kind", "Conversation")
    choose(desk, "Practice review", "CSPR 2026-04")
    desk.get_by_text("Start meeting").click()
    log(desk, "Nobody asked me what I wanted when I moved school")

    explorer_count(desk)
    desk.get_by_text("2 records", exact=True).wait_for()

    open_page(desk, "Voice records")
    # Newest first: the conversation, then the letter.
    desk.get_by_role("button", name="Withdraw consent").nth(1).click()
    wait_idle(desk)
    desk.get_by_text("Consent withdrawn: the letter is no longer used anywhere").wait_for()
    assert list((data / "records").iterdir()) == []

    explorer_count(desk)
    desk.get_by_text("1 record", exact=True).wait_for()
    assert not desk.get_by_text("2 records", exact=True).count()
