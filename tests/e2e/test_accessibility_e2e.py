"""axe-core on every screen a person sees, at 1024×768: no serious or critical WCAG 2.x A/AA
failure on the kiosk (Start to thank-you), the public "You said… We did…" page, the sign-in
form, and each staff page for each role that sees it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import check
from tests.e2e.conftest import make_user, open_page, serve, sign_in, wait_idle
from tests.e2e.test_kiosk_e2e import LINK, heading, tap, tap_option
from voice_app.app import STAFF_PAGES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Its own demo data: the item published here shows on no other module's pages."""
    yield from serve(tmp_path_factory)


def test_every_kiosk_screen(demo_server, tablet):
    url, _ = demo_server
    problems: list[str] = []
    tablet.goto(url + LINK)
    wait_idle(tablet)
    check(tablet, "Start", problems)
    tap(tablet, "Start")
    check(tablet, heading(tablet), problems)  # how old are you?
    tap_option(tablet, "11 to 15")
    for face in ["Very happy", "Happy", "Okay", "Unhappy", "Very unhappy", "Happy"]:
        check(tablet, heading(tablet), problems)
        tap_option(tablet, face)
    for words in ["My worker listens to me", "More time"]:
        check(tablet, heading(tablet), problems)
        tablet.get_by_role("textbox").fill(words)
        tap(tablet, "Next")
    check(tablet, heading(tablet), problems)  # ready to send?
    tap(tablet, "Send my answers")
    check(tablet, "Thank you", problems)

    # A child who tells us they are being hurt: the calm screen after Send, with its button.
    tap(tablet, "Next person")
    tap(tablet, "Start")
    tap_option(tablet, "11 to 15")
    for _ in range(6):
        tap(tablet, "I'd rather not say")
    tablet.get_by_role("textbox").fill("my mums boyfriend hits me")
    tap(tablet, "Next")
    tap(tablet, "I'd rather not say")
    tap(tablet, "Send my answers")
    expect(tablet.get_by_role("heading", name="Thank you", exact=True)).to_be_visible()
    check(tablet, "Thank you, after a concern", problems)
    assert not problems, "\n".join(problems)


def staff_titles(role: str) -> list[str]:
    return [title for pages in STAFF_PAGES.values() for _, title, _, _, roles in pages
            if role in roles and title != "Sign out"]


def visit_every_page(page, role: str, problems: list[str]) -> None:
    for title in staff_titles(role):
        open_page(page, title)
        check(page, f"{role} · {title}", problems)


@pytest.mark.parametrize("role", ["safeguarding_lead", "board", "admin"])
def test_every_staff_page_of_a_role(demo_server, tablet, role):
    url, db_url = demo_server
    make_user(db_url, f"e2e-axe-{role}", role)
    problems: list[str] = []
    sign_in(tablet, url, f"e2e-axe-{role}")
    visit_every_page(tablet, role, problems)
    assert not problems, "\n".join(problems)


def test_sign_in_worker_pages_and_the_public_page(demo_server, tablet):
    url, db_url = demo_server
    make_user(db_url, "e2e-axe-worker", "worker")
    problems: list[str] = []
    tablet.goto(f"{url}/you-said?org=riverside-camhs")
    tablet.get_by_text("Nothing here yet").wait_for()
    check(tablet, "Public page, nothing published yet", problems)
    tablet.goto(url)
    tablet.get_by_label("Username").wait_for()
    check(tablet, "Staff sign in", problems)
    sign_in(tablet, None, "e2e-axe-worker")
    visit_every_page(tablet, "worker", problems)
    # An item made from a theme and published: the staff page with its form, the public page with it.
    open_page(tablet, "You said… We did…")
    tablet.get_by_role("button", name="Create from this theme").click()
    tablet.get_by_role("button", name="Publish").wait_for()
    wait_idle(tablet)
    tablet.get_by_role("button", name="Publish").click()
    tablet.get_by_role("button", name="Take off the notice board").wait_for()
    check(tablet, "worker · a published item", problems)
    tablet.goto(f"{url}/you-said?org=riverside-camhs")
    wait_idle(tablet)
    tablet.get_by_text("You told us").first.wait_for()
    check(tablet, "Public page with an item", problems)
    assert not problems, "\n".join(problems)
