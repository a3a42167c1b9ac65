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
