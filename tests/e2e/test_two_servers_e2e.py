"""Two app servers on one PostgreSQL behind nginx (`make servers`): a child's answers sent through
one server are in the figures a worker reads on the other, and nginx carries the websocket."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import ROOT, IN_CI, _free_port, choose, make_user, open_page, sign_in, wait_idle
from tests.e2e.test_journeys import metric
from tests.e2e.test_kiosk_e2e import LINK, heading, tap, tap_option
from voice_app import servers

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
SITE = "Riverside clinic waiting room"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        if IN_CI:
            pytest.fail("nginx is needed in CI (.ci/run installs Debian's package)")
        pytest.skip("nginx not installed (apt-get install -y nginx)")
    name = f"voice_servers_{uuid.uuid4().hex[:10]}"
    db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    servers.ensure_database(db_url)
    env = {**os.environ, "VOICE_DATABASE_URL": db_url}
    subprocess.run([sys.executable, "-m", "voice_app", "demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    make_user(db_url, "e2e-two-servers", "worker")
    running = servers.start(db_url, tmp_path_factory.mktemp("servers"), port=_free_port(),
                            app_ports=[_free_port(), _free_port()])
    try:
        yield running, db_url
    finally:
        running.stop()
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def desk(browser):
    """A worker's laptop: 1024×768, its own cookies."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    yield context.new_page()
    context.close()


def answer_the_survey(page, url: str) -> None:
    """A 13-year-old taps through: faces where there are faces, nothing written."""
    page.goto(url + LINK)
    wait_idle(page)
    tap(page, "Start")
    assert heading(page) == "How old are you?"
    tap_option(page, "11 to 15")
    while not heading(page).startswith("That's everything"):
        if page.locator("button").filter(has_text="Happy").count():
            tap_option(page, "Happy")
        else:
            tap(page, "I'd rather not say")
    tap(page, "Send my answers")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()


def responses_shown(page) -> int:
    open_page(page, "Results")
    choose(page, "Sites", SITE)
    value = metric(page, "Responses")
    expect(value).to_have_text(re.compile(r"^\d+$"))
    return int(value.inner_text())


def test_answers_sent_through_one_server_are_counted_on_the_other(two_servers, tablet, desk, browser):
    running, _ = two_servers
    first, second = running.app_urls
    sign_in(desk, second, "e2e-two-servers")
    before = responses_shown(desk)

    answer_the_survey(tablet, first)
    desk.reload()
    wait_idle(desk)
    assert responses_shown(desk) == before + 1

    # Through nginx: the kiosk's websocket, and a sign-in's session cookie, pass the proxy.
    answer_the_survey(tablet, running.url)
    laptop = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        other = laptop.new_page()
        sign_in(other, running.url, "e2e-two-servers")
        assert responses_shown(other) == before + 2
    finally:
        laptop.close()


def test_one_server_on_sqlite_is_refused_with_a_reason(tmp_path):
    with pytest.raises(servers.ServersError, match="one PostgreSQL"):
        servers.start(f"sqlite:///{tmp_path / 'voice.db'}", tmp_path)


def test_the_proxy_keeps_a_browser_on_one_server_and_a_quiet_websocket_open(tmp_path):
    conf = servers.nginx_conf(tmp_path, "127.0.0.1", 8500, [8501, 8502])
    assert "ip_hash;" in conf
    assert "server 127.0.0.1:8501;" in conf and "server 127.0.0.1:8502;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_read_timeout 86400s;" in conf
