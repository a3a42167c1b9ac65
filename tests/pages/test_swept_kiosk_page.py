"""A kiosk address closed by the sweep, opened again from the browser's history."""
from datetime import timedelta

from sqlalchemy import update

from tests.pages.test_pages import kiosk as kiosk_page
from voice_app.services import kiosk, sweep
from voice_app.services.organisations import ensure_organisation, ensure_site
from voice_app.store.db import session_scope
from voice_app.store.models import Response, utcnow


def test_a_swept_address_shows_nothing_of_the_old_answers(sqlite_db):
    ensure_site(ensure_organisation("Riverside CAMHS", "riverside-camhs"), "Riverside clinic waiting room",
                "riverside-waiting-room")
    k = kiosk.open_kiosk("camhs-wellbeing", "riverside-waiting-room")
    kiosk.save_answer(k, "child-1", "what_could_be_better", "my mums boyfriend hits me", 8)
    before = kiosk_page(survey="camhs-wellbeing", site="riverside-waiting-room", r="child-1")
    assert before.text_area[0].value == "my mums boyfriend hits me"  # what the address showed
    with session_scope() as s:
        s.execute(update(Response).values(updated_at=utcnow() - timedelta(minutes=10),
                                          started_at=utcnow() - timedelta(minutes=20)))
    sweep.run_sweep()
    at = kiosk_page(survey="camhs-wellbeing", site="riverside-waiting-room", r="child-1")
    assert not at.exception
    shown = [e.value for e in (*at.title, *at.header, *at.markdown, *at.text, *at.text_area)]
    assert shown and not any("boyfriend" in str(v) for v in shown)
    assert not at.text_area  # nothing to read or edit
