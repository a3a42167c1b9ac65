"""A board member reads the views by topic and setting (tests/setting_town.py) and downloads it
as a PNG for the board papers."""
import pytest
from PIL import Image

from tests import setting_town
from tests.e2e.conftest import open_page, serve, sign_in, wait_idle
from tests.e2e.test_journeys import grid

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def setting_server(tmp_path_factory):
    yield from serve(tmp_path_factory, data="tests.setting_town")


def test_a_board_member_sees_the_picture_and_downloads_it(setting_server, browser, tmp_path):
    url, _ = setting_server
    context = browser.new_context(viewport={"width": 1024, "height": 768}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, url, "e2e-board")
    open_page(page, "Board summary")
    page.get_by_role("heading", name="Views by topic and setting").scroll_into_view_if_needed()
    rows = {r[0]: r for r in grid(page, "Topic", "School", "Hospital", "Community", "Not given", "All")}
    assert list(rows) == ["Staff manner", "Waiting times", "Privacy and confidentiality", "Activities"]
    # no comments from social care or family: those columns are left out, and said so
    page.get_by_text("No comments in this period from: Social care, Family.").wait_for()
    assert rows["Waiting times"][1:3] == ["6", "12"] and rows["Waiting times"][-1] == "18"
    assert rows["Staff manner"][1] == "<5"  # two comments at school: suppressed
    assert rows["Activities"][-1] == "<5"
    quote = page.get_by_text(f"Waiting times: “{setting_town.NEWEST_QUOTE}”")
    quote.scroll_into_view_if_needed()
    assert quote.is_visible()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as PNG").click()
    saved = tmp_path / "views.png"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "views-by-topic-and-setting.png"
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert Image.open(saved).size[0] >= 1000
    context.close()
