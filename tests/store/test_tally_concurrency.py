"""Children submitting at the same moment on PostgreSQL leave the tally exact."""
from __future__ import annotations

import random
import threading

import pytest

from tests.store.test_tally import assert_figures_match, places, run
from voice_app.services import kiosk

CHILDREN = 12


@pytest.mark.postgres
@pytest.mark.parametrize("database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_children_submitting_at_once_are_each_counted_once(database):
    kiosks, org_ids = places()
    k = next(iter(kiosks.values()))  # one site: every submit adds to the same rows of the tally
    for i in range(CHILDREN):
        kiosk.save_answer(k, f"together-{i}", "privacy", "happy", 1, lang="en")
        kiosk.save_answer(k, f"together-{i}", "age_band", "11_to_15", 2)
    start, errors, firsts = threading.Barrier(CHILDREN + 4), [], []

    def submit(key: str) -> None:
        start.wait()
        for _ in range(20):  # a busy database is tapped again, as the kiosk page does
            try:
                firsts.append(kiosk.submit(k, key))
                return
            except kiosk.KioskBusy:
                continue
            except Exception as err:  # noqa: BLE001  (reported below)
                errors.append(err)
                return

    def import_batch(seed: int) -> None:
        start.wait()
        run(("import", 5, "north", "en", "import", random.Random(seed)), kiosks, org_ids, "together")

    threads = [threading.Thread(target=submit, args=(f"together-{i}",)) for i in range(CHILDREN)]
    threads += [threading.Thread(target=submit, args=("together-0",)) for _ in range(2)]  # a double tap
    threads += [threading.Thread(target=import_batch, args=(seed,)) for seed in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and firsts.count(True) == CHILDREN
    assert_figures_match(k.round_id, {})
