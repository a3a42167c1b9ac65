"""The annual report section: narrative in the seed's style, suppressed, escaped, in five formats."""
import io
from datetime import date

import pytest

from voice_app.cli import main as cli
from voice_app.services import accounts, audit
from voice_app.services.annual_report import compose, documents
from voice_app.services.demo import load_demo
from voice_app.services.report_models import Headline, RoundSummary
from voice_app.services.you_said import items

START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture
def demo(database):
    load_demo(responses_per_round=30)
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"])
    item = items.create(worker, worker.organisation_ids[0], "<script>alert(1)</script> =cmd|' /C calc'!A0",
                        status="done", we_did="We put in new chairs")
    items.publish(worker, item)
    return accounts.create_user("admin1", "a long test password", "admin")


def test_narrative_reads_like_the_seed(demo):
    report = compose.build(demo, START, END, with_charts=False)
    assert [s.heading for s in report.sections][0] == "The partnership"
    assert len(report.sections) == 3  # the partnership and its two organisations
    first = report.sections[0].rounds[0]
    assert first.sentence.startswith("There were 30 returned responses to the Tell us about CAMHS survey")
    assert "a response rate of 9%" in first.sentence  # 30 of 320 invited
    assert any("were happy with where the clinic is (n=" in b for b in first.bullets)
    assert any("“You said… We did…” item" in p for p in report.sections[0].paragraphs)


def test_small_rounds_are_suppressed_in_the_narrative():
    r = RoundSummary(survey="camhs-wellbeing", title="T", round="R", round_id=1, responses="<5")
    assert "too few to report" in compose.round_sentence(r)
    h = Headline(question_id="privacy", question="q", n="[c]", positive="[c]")
    assert compose.headline_bullets(r.model_copy(update={"headlines": [h]})) == []


def test_exports_escape_and_neutralise(demo):
    page = documents.export(demo, START, END, "html").decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "data:image/png;base64," in page  # charts are embedded
    assert documents.export(demo, START, END, "pdf").startswith(b"%PDF")
    from docx import Document
    doc = Document(io.BytesIO(documents.export(demo, START, END, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "What children and young people have told us" in text and "There were" in text
    assert doc.tables and "We put in new chairs" in doc.tables[0].rows[1].cells[2].text
    assert documents.safe_cell("=1+1") == "'=1+1" and documents.safe_cell("\tx") == "'\tx"
    assert documents.export(demo, START, END, "csv").decode("utf-8-sig").startswith("organisation,")
    assert any(a == "exported the annual report" for a in audit.events(demo)["action"])


def test_board_and_admin_only(demo):
    worker = accounts.create_user("worker9", "a long test password", "worker")
    with pytest.raises(PermissionError):
        compose.build(worker, START, END)
    with pytest.raises(ValueError):
        compose.build(demo, END, START)


def test_cli_writes_the_report(demo, tmp_path):
    out = tmp_path / "report.xlsx"
    assert cli(["annual-report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx",
                "--out", str(out)]) == 0
    import openpyxl
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(1, 1).value == "organisation" and sheet.max_row > 5


def test_choice_questions_read_like_the_seed():
    from voice_app.services.annual_report.compose import choice_bullets
    from voice_app.services.report_models import figures_of

    labels = {"preferred_format": "Which way of having sessions do you like best?", "face_to_face": "Face to face",
              "telephone": "Phone call", "video": "Video call", "no_preference": "I don't mind"}
    figures = figures_of({"preferred_format": {"type": "single", "n": 43, "base_suppressed": False,
                                               "pct": {"face_to_face": 56, "video": 23, "telephone": 9,
                                                       "no_preference": None}},
                          "age_band": {"type": "single", "n": 40, "base_suppressed": False, "pct": {"under_11": 50}}})
    r = RoundSummary(survey="camhs-remote", title="T", round="R", round_id=1, responses=43, labels=labels,
                     figures=figures)
    assert choice_bullets(r) == ["Which way of having sessions do you like best? 56% face to face, "
                                 "23% video call, 9% phone call (n=43)"]


def past_year_csv(path, rows: int) -> None:
    """A 2020-21 survey given at one clinic: the dates are when the children answered."""
    lines = ["clinic_location,privacy,overall_satisfaction,submitted_at,site"]
    lines += [f"{'happy' if i % 4 else 'okay'},very_happy,satisfied,2020-{10 + i % 3}-{1 + i % 27:02d}T10:30,"
              "riverside-waiting-room" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")


def test_a_past_year_is_reported_from_when_the_children_answered(database, tmp_path):
    from voice_app.services.organisations import ensure_organisation, ensure_site

    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_site("riverside-camhs", "Riverside clinic waiting room", "riverside-waiting-room")
    ensure_organisation("Hillside Youth Service", "hillside-youth")  # took no part in the survey
    past_year_csv(tmp_path / "2020-21.csv", 24)
    assert cli(["import-responses", "camhs-wellbeing", str(tmp_path / "2020-21.csv"), "--round", "2020-21",
                "--invited", "60"]) == 0
    out = tmp_path / "report.html"
    assert cli(["annual-report", "--from", "2020-04-01", "--to", "2021-03-31", "--format", "html",
                "--out", str(out)]) == 0
    page = out.read_text()
    assert "No survey rounds ran in this period" not in page.split("<h2>Hillside Youth Service</h2>")[0]
    assert "There were 24 returned responses to the Tell us about CAMHS survey (2020-21), a response rate of 40%" in page
    assert "75% were happy with where the clinic is (n=24)" in page
    assert "There were 0 returned responses" not in page
    hillside = page.split("<h2>Hillside Youth Service</h2>")[1].split("<h2>")[0]
    assert "Tell us about CAMHS" not in hillside  # left out, not "0 returned responses"
    # and not in the year the rows were imported
    this_year = tmp_path / "now.html"
    assert cli(["annual-report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "html",
                "--out", str(this_year)]) == 0
    assert "2020-21" not in this_year.read_text()


HOSTILE = {
    "long": "The waiting room is too hot and there is nothing to do. " * 36,  # about 2,000 characters
    "unbroken": "x" * 1000,
    "control": "bad\x00\x01\x07\x0b\x0c\x1b[31m\x7f\ufffe word\r\nnext",
    "formula": "=HYPERLINK(\"http://evil\",\"click\")",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_one_persons_text_breaks_no_export(database, kind):
    """An item, its answer and a quote with long, unbroken, control-character or formula-like
    text: every format is still written, and keeps the words a reader can read."""
    from voice_app.store import you_said as item_store
    from voice_app.store.db import session_scope
    from voice_app.store import comments as comment_store

    load_demo(responses_per_round=30)
    admin = accounts.create_user("admin1", "a long test password", "admin")
    text = HOSTILE[kind]
    if database.startswith("postgresql"):  # it holds no NUL byte at all: the rest still comes through
        text = text.replace("\x00", "")
    with session_scope() as session:  # stored as it came (from before the limits, or an import)
        org = __import__("voice_app.store.queries", fromlist=["x"]).organisation_by_slug(session, "riverside-camhs")
        item_store.add_item(session, organisation_id=org.id, you_said=text, status="in_progress", we_did=text,
                            owner_role=text[:120], due_on=date(2026, 12, 1), published=True)
        answer_id = int(comment_store.comment_rows(session, organisation_ids=[org.id])["answer_id"].iloc[0])
        comment_store.set_quote(session, answer_id, "approved", text, None)
    for fmt in documents.FORMATS:
        data = documents.export(admin, START, END, fmt)
        assert data, fmt
    readable = "bad" if kind == "control" else text[:30]
    from docx import Document
    doc = Document(io.BytesIO(documents.export(admin, START, END, "docx")))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(readable in c for c in cells)
    if kind == "formula":
        assert "=HYPERLINK" in documents.export(admin, START, END, "html").decode()


def test_the_html_report_shows_markup_and_template_syntax_as_typed(database):
    """An organisation's name, an item and an approved quote holding a script tag or Jinja syntax
    are escaped words in the HTML: no tag is made and no template code runs."""
    from lxml import html as lxml_html

    from voice_app.services import organisations
    from voice_app.store import comments as comment_store
    from voice_app.store import queries
    from voice_app.store.db import session_scope

    load_demo(responses_per_round=30)
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% if true %}yes{% endif %}"
    organisations.ensure_organisation(hostile, "hostile-org")
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs", "hostile-org"])
    with session_scope() as session:
        org = queries.organisation_by_slug(session, "hostile-org")
        riverside = queries.organisation_by_slug(session, "riverside-camhs")
        answer_id = int(comment_store.comment_rows(session, organisation_ids=[riverside.id])["answer_id"].iloc[0])
        comment_store.set_quote(session, answer_id, "approved", hostile, None)
    item = items.create(worker, org.id, hostile, status="done", we_did=hostile)
    items.publish(worker, item)
    admin = accounts.create_user("admin1", "a long test password", "admin")
    page = documents.export(admin, START, END, "html").decode()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if true %}yes{% endif %}"
    assert "<script>" not in page and f"<h2>{escaped}</h2>" in page
    assert f"<td>{escaped}</td>" in page  # the item, as typed
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script")
    assert [h.text_content() for h in tree.xpath("//h2")].count(hostile) == 1
    assert any(hostile in q.text_content() for q in tree.xpath("//blockquote"))  # the quote, as typed
