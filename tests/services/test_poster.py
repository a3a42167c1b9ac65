"""The notice-board poster: a child's approved words where there are any, three items to an A4
sheet, and no one item's text (long, unbroken, with control characters) can break it."""
import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from voice_app.services import poster
from voice_app.services.you_said.item_views import ItemView
from voice_app.services.you_said.notices import Notice

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def item(n: int = 1, said: str = "The waiting room is boring", quotes=(), **values) -> ItemView:
    base = dict(id=n, organisation_id=1, organisation="Riverside CAMHS", site_id=None, site=None,
                survey="camhs-wellbeing", round=None, theme_id=None, theme=None, source_count=None,
                source_figure=None, you_said=said, we_did="We added games", status="done", owner_role="",
                due_on=None, progress="", cant_because="", evidence_text="", evidence_link="",
                has_photo=False, published=True, created_at=NOW, updated_at=NOW, done_at=NOW,
                quotes=list(quotes))
    return ItemView(**{**base, **values})


def notice(*items: ItemView) -> Notice:
    return Notice("Riverside clinic waiting room", "riverside-camhs", "riverside-waiting-room", list(items))


def page(n: Notice, size="A4", link="https://voice.example/kiosk?survey=s&site=x", number=0) -> Image.Image:
    return Image.open(io.BytesIO(poster.poster_png(n, size, link, number))).convert("RGB")


def test_you_said_is_a_childs_approved_words_where_there_are_any():
    assert poster.said_text(item(quotes=["it's so boring waiting here"])) == "“it's so boring waiting here”"
    assert poster.said_text(item()) == "The waiting room is boring"


def test_one_item_takes_a_third_of_an_a4_sheet_and_three_share_one():
    one = page(notice(item()))
    width, height = one.size
    # The first third holds the item (its yellow "You said" bubble); the last third is empty paper.
    assert one.getpixel((70, 400)) == (255, 224, 102)
    assert one.getpixel((70, int(height * 0.5))) == (255, 255, 255)
    three = page(notice(item(1), item(2), item(3)))
    assert three.getpixel((70, int(height * 0.5))) == (255, 224, 102)
    pdf = poster.poster_pdf(notice(*[item(i) for i in range(1, 5)]), "A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 2  # four items: two sheets


HOSTILE = {
    "a megabyte with no spaces": "x" * 1_000_000,
    "control characters": "bad\x00\x01\x07\x1b[31m\x7f\u202eword\ttab\r\nnext",
    "a formula": "=HYPERLINK(\"http://evil\")",
    "a long paragraph": "Waiting is long. " * 400,
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_no_text_breaks_the_poster(kind):
    text = HOSTILE[kind]
    n = notice(item(1, said=text, quotes=[text], we_did=text, owner_role=text[:120], status="in_progress",
                    progress=text), item(2, said=text, status="not_possible", cant_because=text))
    for size in poster.SIZES_MM:
        assert poster.poster_png(n, size).startswith(b"\x89PNG")
        assert poster.poster_pdf(n, size).startswith(b"%PDF")
