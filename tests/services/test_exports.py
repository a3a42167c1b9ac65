import csv
import io

import pandas as pd
from openpyxl import load_workbook

from voice_app.services.exports import neutralise, to_csv, to_xlsx


def test_formulas_are_neutralised():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("+44 7700") == "'+44 7700"
    assert neutralise("-1") == "'-1" and neutralise("@cmd") == "'@cmd" and neutralise("\t=x") == "'\t=x"
    assert neutralise("fine") == "fine" and neutralise(-1) == -1


def test_csv_and_xlsx_carry_no_live_formula():
    df = pd.DataFrame({"comment": ["=HYPERLINK(\"http://x\")", "ok"], "count": [3, "<5"]})
    text = to_csv(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=" not in text
    sheet = load_workbook(io.BytesIO(to_xlsx(df))).active
    values = [c.value for c in sheet["A"]]
    assert values[1].startswith("'=") and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == "<5"


HOSTILE = ["=name", "+1+1", "-2", "@SUM(A1)", "\t=x", "\r=x", "a\x00b\x07c\x1b", "x" * 40_000,
           "=HYPERLINK(\"http://evil\",\"click\")", "line\r\nnext\rlast", "\u202e reversed", "ok \ufffe"]


def test_every_spreadsheet_export_takes_any_text():
    df = pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))})
    cells = [c for row in csv.reader(io.StringIO(to_csv(df).decode("utf-8-sig"))) for c in row]
    assert "'=name" in cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]
    assert "abc" in cells  # control characters dropped
    rows = load_workbook(io.BytesIO(to_xlsx(df))).active
    cells = [c.value for c in rows["A"]][1:]
    assert cells[0] == "'=name" and cells[6] == "abc" and 30_000 < len(cells[7]) <= 32_767  # Excel holds no more in a cell
    assert not [c for c in cells if c and c[0] in "=+-@"]


def test_the_audit_log_download_is_formula_safe(database):
    from voice_app.services import accounts, audit

    admin = accounts.create_user("admin1", "a long test password", "admin")
    audit.record(admin, "changed a code", "=name", note="+cmd")
    audit.record(None, "=1+1", "@SUM(A1)")
    cells = [c for row in csv.reader(io.StringIO(audit.events_csv(admin).decode("utf-8-sig"))) for c in row]
    assert "'=name" in cells and "'=1+1" in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
