"""Tables leave the store with None for a missing value, never NaN or NaT.

pandas turns a missing string into NaN (truthy, and shown as "nan") and a missing date into
NaT (truthy, and fails to format): `row["quote_text"] or row["redacted"]` then publishes
"nan". Converting once here means no page or service has to remember."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd


def frame(rows: Iterable, columns: Sequence[str]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=list(columns))
    for column in df.columns:
        missing = df[column].isna()
        if missing.any():
            df[column] = df[column].astype(object).where(~missing, None)
    return df
