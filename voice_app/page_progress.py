"""Progress of long work on a page (an import, retraining, the annual report): services report
progress(stage, done, total); this draws it as st.progress with counts and about how long is left."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import streamlit as st


def duration(seconds: float) -> str:
    """ "20 s", "3 min": a rough length of time, never "0 s"."""
    return f"{max(1, round(seconds))} s" if seconds < 59.5 else f"{round(seconds / 60)} min"


def time_left(elapsed: float, done: int, total: int) -> str:
    """ "about 20 s left" at the pace so far; "" before anything is done or once all of it is."""
    if done <= 0 or done >= total:
        return ""
    return f"about {duration(elapsed * (total - done) / done)} left"


def progress_text(label: str, done: int, total: int, elapsed: float) -> str:
    """ "Checking rows: 1,000 of 2,500 · about 20 s left"."""
    left = time_left(elapsed, done, total)
    return f"{label}: {done:,} of {total:,}" + (f" · {left}" if left else "")


@contextmanager
def progress_bar(labels: Mapping[str, str],
                 clock: Callable[[], float] = time.monotonic) -> Iterator[Callable[[str, int, int], None]]:
    """progress(stage, done, total) drawn as one bar named by `labels` (stage → words). A stage's
    time left is reckoned from when the one before it ended. Emptied if the work fails; says
    "Done in 12 s" when it ends."""
    bar = st.progress(0.0, text="Starting…")
    began = last = clock()
    started: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last
        now = clock()
        since = started.setdefault(stage, last)
        last = now
        bar.progress(min(done / total, 1.0) if total else 1.0,
                     text=progress_text(labels.get(stage, stage), done, total, now - since))
    try:
        yield progress
    except BaseException:
        bar.empty()
        raise
    bar.progress(1.0, text=f"Done in {duration(clock() - began)}")
