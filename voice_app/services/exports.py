"""Downloads as CSV and XLSX, safe to open in a spreadsheet, and audited."""
from __future__ import annotations

import io
import re

import pandas as pd

from voice_app.services import audit
from voice_app.services.accounts import StaffUser
from voice_app.services.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Control characters (but tab and newline), lone surrogates and the two non-characters: no
# document format wants them, and XML (DOCX) refuses them outright.
def neutralise(value):
    """A cell a spreadsheet would run as a formula is kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_cell(value):
    # A control character stops an XLSX being written at all (openpyxl refuses it).
    return neutralise(printable(value)) if isinstance(value, str) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_safe_cell).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")  # BOM: Excel reads UTF-8


def to_xlsx(df: pd.DataFrame, sheet: str = "Figures") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def export(user: StaffUser | None, df: pd.DataFrame, fmt: str, what: str) -> bytes:
    """The bytes of a download, recorded in the audit log."""
    data = to_csv(df) if fmt == "csv" else to_xlsx(df)
    audit.record(user, "exported data", what, format=fmt, rows=len(df))
    return data
