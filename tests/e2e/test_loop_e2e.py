"""A worker turns a theme into a published item, then finds it on the public page and the poster.

Runs its own small router (the app's router lists these pages once they are wired in)."""
import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, _free_port, _wait_healthy, wait_idle

pytestmark = pytest.mark.e2e
ROUTER = '''
import streamlit as st
from voice_app.ui import bootstrap, current_user
P = "{root}/voice_app/pages"
bootstrap()
public = st.Page(f"{{P}}/public_you_said.py", title="You said", url_path="you-said")
if current_user() is None:
    st.navigation([st.Page(f"{{P}}/sign_in.py", title="Sign in", default=True), public]).run()
else:
    st.navigation([st.Page(f"{{P}}/you_said.py", title="You said… We did…", url_path="loop", default=True),
                   public]).run()
'''


@pytest.fixture(scope="module")
def loop_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("loop")
    db_url = f"sqlite:///{tmp / 'voice.db'}"
    env = {**os.environ, "VOICE_DATABASE_URL": db_url}
    subprocess.run([sys.executable, "-m", "voice_app", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "voice_app", "create-user", "e2e-worker", "--role", "worker",
                    "--org", "riverside-camhs"], cwd=ROOT, env=env, input="a long e2e password\n",
                   check=True, capture_output=True, text=True)
    router = tmp / "router.py"
    router.write_text(ROUTER.format(root=ROOT))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(router), "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_theme_to_published_item_to_public_page_and_poster(loop_server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(loop_server)
    wait_idle(page)
    page.get_by_label("Username").fill("e2e-worker")
    page.get_by_role("textbox", name="Password").fill("a long e2e password")
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)
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
    page.goto(f"{loop_server}/you-said?org=riverside-camhs")
    wait_idle(page)
    page.get_by_text("You told us").first.wait_for()
    assert page.get_by_text("We are planning").count()
    context.close()
