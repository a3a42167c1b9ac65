"""A worker turns a theme into a published item, then finds it on the public page and the poster."""
import pytest

from tests.e2e.conftest import make_user, open_page, sign_in, wait_idle

pytestmark = pytest.mark.e2e


def test_theme_to_published_item_to_public_page_and_poster(app_server, browser, tmp_path):
    url, db_url = app_server
    make_user(db_url, "e2e-loop-worker", "worker")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, url, "e2e-loop-worker")
    open_page(page, "You said… We did…")
    # A new page load would be a new session (signed out), so the theme is picked on the page.
    page.get_by_text("Start a new item from a theme or a figure").wait_for()
    page.get_by_role("button", name="Create from this theme").click()
    page.get_by_role("button", name="Publish").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Take off the notice board").wait_for()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Poster (PNG)").click()
    poster = tmp_path / "poster.png"
    download.value.save_as(poster)
    assert poster.read_bytes().startswith(b"\x89PNG")
    page.goto(f"{url}/you-said?org=riverside-camhs")
    wait_idle(page)
    page.get_by_text("You told us").first.wait_for()
    assert page.get_by_text("We are planning").count()
    context.close()
