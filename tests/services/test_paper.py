"""A survey on paper: an A4 PDF in the kiosk's words for a language and age version, with a box
for the site and date, numbered tick boxes and a QR code to the same survey online."""
from __future__ import annotations

import pytest

from surveys.schema import pick
from tests.pdf_text import pdf_pages, pdf_text
from voice_app.cli import main
from voice_app.services import paper
from voice_app.services.paper_pdf import paper_pdf
from voice_app.services.surveys import get_definition

A4_POINTS = b"/MediaBox [0 0 595.28 841.89]"


def test_the_paper_version_says_what_the_kiosk_says(database):
    data = paper_pdf("camhs-wellbeing")
    assert data.startswith(b"%PDF") and A4_POINTS in data
    pages = pdf_pages(data)
    assert 2 <= len(pages) <= 5
    text = pdf_text(data)
    for q in get_definition("camhs-wellbeing").questions:
        assert pick(q.text) in text, q.id
    # the age question first, as the kiosk asks it, with numbered boxes
    assert "1. How old are you? Tick one box. 1 Under 11 2 11 to 15 3 16 or over 4 I'd rather not say" in text
    assert "1 Very unhappy 2 Unhappy 3 Okay 4 Happy 5 Very happy" in text
    assert "Place Date Form no. (staff)" in pages[0]
    assert "Write your answer here" in text and "Childline: call 0800 1111" in text
    # a kiosk opens only at a site: without one, no QR code or link that would open an error
    assert "kiosk?" not in text and "Or scan this" not in text


def test_at_a_site_the_paper_links_to_its_kiosk(demo_site):
    page = pdf_pages(paper_pdf("camhs-wellbeing", site_slug="riverside-waiting-room"))[0]
    assert "Or scan this to answer on a phone or tablet." in page
    assert "http://localhost:8501/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room" in page


def test_no_question_is_split_across_two_pages(database):
    pages = pdf_pages(paper_pdf("camhs-wellbeing"))
    for page in pages[1:]:
        assert page[0].isdigit() and ". " in page[:4], page[:40]  # every page starts with a question


def test_an_under_11_paper_in_polish_at_a_site(demo_site):
    form = paper.paper_form("camhs-wellbeing", "pl", "under_11", "riverside-waiting-room")
    assert form.link == ("http://localhost:8501/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room"
                         "&lang=pl&age=under_11")
    definition = get_definition("camhs-wellbeing")
    young = [q for q in definition.asked_of("under_11") if q.id != "age_band"]
    assert [q.id for q in form.questions] == [q.id for q in young]
    assert form.questions[0].text == "Czy łatwo jest dostać się do przychodni?"
    assert [o.smile for o in form.questions[0].options] == [-2, -1, 0, 1, 2]  # the kiosk's faces, drawn
    text = pdf_text(paper_pdf("camhs-wellbeing", "pl", "under_11", "riverside-waiting-room"))
    assert "Czy łatwo jest dostać się do przychodni?" in text and "Riverside clinic waiting room" in text
    assert "How do you feel about the rooms" not in text and "treatment" not in text
    assert "&lang=pl&age=under_11" in text
    assert "Zaznacz jedną kratkę." in text and "Miejsce Riverside clinic waiting room Data" in text and "Tick one box" not in text  # the paper's own words too


@pytest.mark.parametrize("args,message", [
    (("no-such-survey",), "no survey called 'no-such-survey'"),
    (("camhs-wellbeing", "fr"), "not written in 'fr'"),
    (("camhs-wellbeing", "en", "under_5"), "no age band 'under_5'"),
    (("camhs-wellbeing", "en", None, "nowhere"), "no site 'nowhere'"),
])
def test_a_paper_that_cannot_be_made_says_why(database, args, message):
    with pytest.raises(paper.PaperError, match=message):
        paper.paper_form(*args)


def test_arabic_is_drawn_right_to_left_and_still_searchable(database):
    data = paper_pdf("camhs-wellbeing", "ar")
    assert data.count(b"/Subtype /Image") > 20  # each Arabic line is a picture Pillow shaped
    text = pdf_text(data)
    assert "ما شعورك تجاه مكان العيادة؟" in text and "ضع علامة في مربع واحد." in text


def test_every_built_in_survey_prints(database):
    for key in ("camhs-remote", "how-was-today", "your-views", "my-life-in-care", "camhs-experience"):
        text = pdf_text(paper_pdf(key))
        assert pick(get_definition(key).questions[-1].text) in text, key


def test_the_command_line_writes_the_pdf(database, tmp_path, capsys):
    out = tmp_path / "paper.pdf"
    assert main(["paper-survey", "how-was-today", "--out", str(out), "--age", "under_11"]) == 0
    assert "How was today?" in pdf_text(out.read_bytes())
    assert str(out) in capsys.readouterr().out
    assert main(["paper-survey", "nope", "--out", str(out)]) == 1
    assert "no survey called 'nope'" in capsys.readouterr().err
    assert main(["paper-survey", "how-was-today", "--out", str(out), "--lang", "xx"]) == 1
    assert "not written in 'xx'" in capsys.readouterr().err
