"""The annual report carries the board's views by topic and setting, in every format, for the
partnership and each organisation, with the same (suppressed) counts and quotes."""
import io
from datetime import date

import pytest

from tests import setting_town
from voice_app.services import accounts
from voice_app.services.annual_report import compose, documents

YEAR = (date(setting_town.TODAY.year, 1, 1), date(setting_town.TODAY.year, 12, 31))


@pytest.fixture
def admin(database):
    setting_town.build()
    return accounts.create_user("admin1", "a long test password", "admin")


def test_every_section_has_the_picture(admin):
    report = compose.build(admin, *YEAR, with_charts=True)
    partnership = report.sections[0]
    assert [r.topic for r in partnership.settings.rows][:2] == ["Staff manner", "Waiting times"]
    assert partnership.settings_chart[1][:4] == b"\x89PNG"
    assert {s.heading: s.settings.view for s in report.sections} == {
        "The partnership": "The whole partnership", "Hillside Youth": "Hillside Youth",
        "Riverside CAMHS": "Riverside CAMHS"}


def test_html_pdf_and_docx_show_the_table_and_quotes(admin):
    page = documents.export(admin, *YEAR, "html").decode()
    assert "<h3>Views by topic and setting</h3>" in page
    assert "<th>Hospital or clinic</th>" in page and "<td>&lt;5</td>" in page
    assert f"Waiting times: “{setting_town.NEWEST_QUOTE}”" in page
    assert setting_town.HIDDEN_QUOTE not in page


def test_docx_has_the_table(admin):
    from docx import Document

    doc = Document(io.BytesIO(documents.export(admin, *YEAR, "docx")))
    grids = [t for t in doc.tables if t.rows[0].cells[0].text == "Topic"]
    assert len(grids) == 3  # the partnership and each organisation
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in grids[0].rows}
    assert rows["Waiting times"][2] == "12" and rows["Waiting times"][-1] == "18"
    assert rows["Staff manner"][1] == "<5"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Waiting times: “{setting_town.NEWEST_QUOTE}”" in text


def test_pdf_is_written(admin):
    data = documents.export(admin, *YEAR, "pdf")
    assert data.startswith(b"%PDF") and len(data) > 20_000  # with the pictures


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheets_have_a_row_per_topic_and_setting(admin, fmt):
    import pandas as pd

    data = documents.export(admin, *YEAR, fmt)
    frame = (pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False) if fmt == "csv"
             else pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False))
    assert list(frame.columns)[0] == "organisation"
    mine = frame[frame["topic"] != ""]
    got = {(r.organisation, r.topic, r.setting): r.comments for r in mine.itertuples()}
    assert got[("The partnership", "Waiting times", "Hospital or clinic")] == "12"
    assert got[("The partnership", "Staff manner", "School or college")] == "<5"
    assert got[("Hillside Youth", "Privacy and confidentiality", "Setting not given")] == "5"
    assert not [v for v in mine["comments"] if v.isdigit() and 0 < int(v) < 5]
