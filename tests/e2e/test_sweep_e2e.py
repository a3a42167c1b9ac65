"""The app server's own sweep: a child types a disclosure, the tab is closed before Send, and the
organisation's lead is emailed by the server's background thread, with no cron and no Send."""
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Mailbox, free_port
from tests.e2e.conftest import make_user, serve, wait_idle
from tests.e2e.test_kiosk_e2e import LINK, tap, tap_option

pytestmark = pytest.mark.e2e
DISCLOSURE = "my mums boyfriend hits me"


@pytest.fixture(scope="module")
def mailbox():
    from aiosmtpd.controller import Controller

    box = Mailbox()
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def sweeping_server(tmp_path_factory, mailbox):
    yield from serve(tmp_path_factory, VOICE_SWEEP_INTERVAL_SECONDS="1", VOICE_SMTP_HOST="127.0.0.1",
                     VOICE_SMTP_PORT=str(mailbox.port), VOICE_SMTP_STARTTLS="false")


def sql(db_url: str, statement: str, **params):
    engine = create_engine(db_url)
    with engine.begin() as conn:
        result = conn.execute(text(statement), params).all() if statement.startswith("SELECT") else \
            conn.execute(text(statement), params)
    engine.dispose()
    return result


def test_a_tab_closed_before_send_reaches_the_lead_by_email(sweeping_server, browser, mailbox):
    url, db_url = sweeping_server
    make_user(db_url, "lead", "safeguarding_lead")
    sql(db_url, "UPDATE \"user\" SET email = 'lead@example.org' WHERE username = 'lead'")
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet = context.new_page()
    tablet.goto(url + LINK)
    wait_idle(tablet)
    tap(tablet, "Start")
    tap_option(tablet, "I'd rather not say")  # the age, asked first
    for face in ["Okay", "Okay", "Okay", "Okay", "Unhappy", "Unhappy"]:
        tap_option(tablet, face)
    tap(tablet, "I'd rather not say")
    tablet.get_by_role("textbox").fill(DISCLOSURE)
    tap(tablet, "Next")
    context.close()  # the tab is gone: no idle reset, no Send
    [(key,)] = sql(db_url, "SELECT client_key FROM response WHERE source = 'kiosk' AND submitted_at IS NULL")
    long_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=30)
    sql(db_url, "UPDATE response SET started_at = :t, updated_at = :t WHERE client_key = :k", t=long_ago, k=key)
    sent = []
    deadline = time.monotonic() + 60
    while not sent and time.monotonic() < deadline:
        time.sleep(0.5)
        sent = sql(db_url, "SELECT alert.recipients FROM alert JOIN safeguardingflag f ON f.id = alert.flag_id "
                           "JOIN answer ON answer.id = f.answer_id "
                           "WHERE answer.text = :t AND alert.sent_at IS NOT NULL", t=DISCLOSURE)
    assert sent == [("lead@example.org",)]
    assert mailbox.to("lead@example.org")  # the demo's own flags went out too
    for _, message in mailbox.received:
        assert "boyfriend" not in message.as_string() and "boyfriend" not in message.get_content()
