"""Progress bars for long work on the command line (import, recode): services report
progress(stage, done, total) and know nothing of how it is drawn."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """progress(stage, done, total) drawn as a bar for each stage on stderr, with counts and
    time left; quiet when stderr is not a terminal (cron, a pipe, a test)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.close()
            bars[stage] = tqdm(total=total, desc=stage, unit=" rows", disable=None, file=sys.stderr)
        bar = bars[stage]
        bar.total = total
        bar.update(done - bar.n)
    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.close()
