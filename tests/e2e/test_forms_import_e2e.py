"""An admin imports a SurveyMonkey export in the browser: the mapping first, then the import."""
from pathlib import Path

import pytest

from tests.e2e.conftest import choose, make_user, scalar, sign_in, wait_idle

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "imports" / "surveymonkey_camhs_remote.csv"


def test_an_admin_sees_the_mapping_then_imports_every_row(app_server, desk):
    url, db_url = app_server
    make_user(db_url, "e2e-import-admin", "admin")
    sign_in(desk, url, "e2e-import-admin")
    desk.goto(f"{url}/admin-import")
    wait_idle(desk)
    choose(desk, "Survey", "Sessions by video or phone (camhs-remote)")
    desk.locator("input[type='file']").set_input_files(str(SAMPLE))
    wait_idle(desk)
    desk.get_by_label("Round").fill("E2E forms")
    desk.get_by_label("Round").press("Enter")
    wait_idle(desk)
    choose(desk, "Organisation", "Riverside CAMHS")
    desk.get_by_text("SurveyMonkey export: 2 rows").wait_for()
    assert desk.get_by_text("Columns left out").is_visible()
    assert scalar(db_url, "SELECT count(*) FROM round WHERE name = 'E2E forms'") == 0  # only a preview

    desk.get_by_role("button", name="Import 2 responses").click()
    desk.get_by_text("Imported 2 responses into round 'E2E forms'.").wait_for()
    assert scalar(db_url, "SELECT count(*) FROM response r JOIN round o ON o.id = r.round_id "
                          "WHERE o.name = 'E2E forms'") == 2
    assert scalar(db_url, "SELECT count(*) FROM response r JOIN round o ON o.id = r.round_id "
                          "WHERE o.name = 'E2E forms' AND r.lang = 'pl'") == 2
