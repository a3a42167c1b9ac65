"""Progress bars for long work on the command line (import, recode, retraining, the annual report):
services report progress(stage, done, total) and know nothing of how it is drawn."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager


@contextmanager
def progress_bars(units: Mapping[str, str] | None = None) -> Iterator[Callable[[str, int, int], None]]:
    """progress(stage, done, total) drawn as a bar for each stage on stderr, with counts (in the
    stage's unit from `units`, rows by default) and time left; quiet when stderr is not a
    terminal (cron, a pipe, a test)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.close()
            unit = (units or {}).get(stage, "rows")
            bars[stage] = tqdm(total=total, desc=stage, unit=f" {unit}", disable=None, file=sys.stderr)
        bar = bars[stage]
        bar.total = total
        bar.update(done - bar.n)
    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.close()
