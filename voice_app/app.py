"""Router: a kiosk link opens the survey alone; staff sign in and see the pages for their role.

`streamlit run streamlit_app.py` calls main(). The entry point sits at the top of the repo
because Streamlit treats a `pages/` folder beside its main script as old-style pages: it
would answer a server's first request with "Page not found", or run a page without this
router.
"""
from __future__ import annotations

import streamlit as st

from voice_app.page_styles import STAFF_CSS
from voice_app.services.access import Can, roles_that
from voice_app.services.sweep import start_background
from voice_app.ui import bootstrap, current_user, follow_browser_redirect, watch_session

PAGES = "voice_app/pages"


def _pages(capability: Can, *pages: tuple[str, str, str, str]) -> list[tuple]:
    return [(*page, roles_that(capability)) for page in pages]


# (file, title, icon, url path, roles that see it); the first page a role may see is its home.
STAFF_PAGES = {
    "Review": [
        *_pages(Can.SEE_FIGURES, ("home.py", "Home", "🏠", "home"), ("results.py", "Results", "📊", "results")),
        *_pages(Can.READ_COMMENTS, ("comments.py", "What children wrote", "💬", "comments"),
                ("voice_records.py", "Voice records", "🗂️", "voice-records"),
                ("practice_reviews.py", "Practice reviews", "📚", "practice-reviews")),
        *_pages(Can.ENTER_PAPER, ("paper.py", "Paper surveys", "🖨️", "paper")),
        *_pages(Can.HANDLE_SAFEGUARDING, ("safeguarding.py", "Safeguarding queue", "🛡️", "safeguarding")),
    ],
    "Closing the loop": [
        *_pages(Can.READ_COMMENTS, ("you_said.py", "You said… We did…", "🔁", "you-said-items")),
        *_pages(Can.SEE_BOARD_VIEWS, ("board.py", "Board summary", "🏛️", "board"),
                ("annual_report.py", "Annual report", "📄", "annual-report")),
    ],
    "Admin": _pages(Can.ADMINISTER,
                    ("surveys_admin.py", "Surveys", "📝", "admin-surveys"),
                    ("organisations_admin.py", "Organisations, sites and rounds", "🏢", "admin-organisations"),
                    ("import_responses.py", "Import responses", "📥", "admin-import"),
                    ("users_admin.py", "Staff users", "👥", "admin-users"),
                    ("kiosk_links.py", "Kiosk links and QR codes", "📱", "admin-kiosk-links"),
                    ("audit_log.py", "Audit log", "🧾", "admin-audit")),
    "Account": _pages(Can.SEE_FIGURES, ("sign_out.py", "Sign out", "🚪", "logout")),
}


def main() -> None:
    st.set_page_config(page_title="voice_app", page_icon="💬", layout="wide")
    bootstrap()
    start_background()  # one thread per server process: idle responses, escalations, alerts
    # Pages anyone may open by their link, listed in no menu. (A default page's URL is
    # always "/", so these are never the default: /kiosk and /you-said must resolve.)
    public = [st.Page(f"{PAGES}/kiosk.py", title="Survey", icon="💬", url_path="kiosk", visibility="hidden"),
              st.Page(f"{PAGES}/public_you_said.py", title="You said… We did…", icon="📌",
                      url_path="you-said", visibility="hidden")]
    user = current_user()
    if user is None:
        page = st.navigation([*sign_in_pages(), *public], position="hidden")
        # A bookmark or an emailed link to a staff page: sign in there, then land on it.
        if page.url_path in staff_url_paths():
            st.session_state["asked_for_page"] = page.url_path
    else:
        sections = staff_pages(user.role)
        sections["Account"].extend(public)
        page = st.navigation(sections)
        st.html(STAFF_CSS)
        watch_session()
    follow_browser_redirect()
    page.run()


def staff_url_paths() -> set[str]:
    return {url for pages in STAFF_PAGES.values() for _, _, _, url, _ in pages if url != "logout"}


def landing_page(role: str, asked: str | None) -> str:
    """The url path to land on after signing in: the page asked for when this role may see it
    ("" is the role's home)."""
    allowed = [url for pages in STAFF_PAGES.values() for _, _, _, url, roles in pages
               if role in roles and url != "logout"]
    return asked if asked in allowed[1:] else ""


def sign_in_pages() -> list:
    """The sign-in form at "/" and at every staff page's own address, so that a staff link opened
    when signed out asks to sign in (not "Page not found")."""
    form = f"{PAGES}/sign_in.py"
    return [st.Page(form, title="Staff sign in", icon="🔑", default=True),
            *(st.Page(form, title="Staff sign in", icon="🔑", url_path=url, visibility="hidden")
              for url in sorted(staff_url_paths()))]


def staff_pages(role: str) -> dict[str, list]:
    sections: dict[str, list] = {}
    for section, pages in STAFF_PAGES.items():
        for file, title, icon, url, roles in pages:
            if role in roles:
                sections.setdefault(section, []).append(
                    st.Page(f"{PAGES}/{file}", title=title, icon=icon, url_path=url,
                            default=not any(sections.values())))
    return sections
