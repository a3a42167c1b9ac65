"""Router: a kiosk link opens the survey alone; staff sign in and see the pages for their role.

`streamlit run streamlit_app.py` calls main(). The entry point sits at the top of the repo
because Streamlit treats a `pages/` folder beside its main script as old-style pages: it
would answer a server's first request with "Page not found", or run a page without this
router.
"""
from __future__ import annotations

import streamlit as st

from voice_app.ui import bootstrap, current_user

PAGES = "voice_app/pages"


def main() -> None:
    st.set_page_config(page_title="voice_app", page_icon="💬", layout="wide")
    bootstrap()
    # The kiosk is always reachable by its link, and never listed in a menu. (A default page's
    # URL is always "/", so the kiosk is never the default: /kiosk must resolve.)
    kiosk = st.Page(f"{PAGES}/kiosk.py", title="Survey", icon="💬", url_path="kiosk", visibility="hidden")
    user = current_user()
    if user is None:
        sign_in = st.Page(f"{PAGES}/sign_in.py", title="Staff sign in", icon="🔑", default=True)
        page = st.navigation([sign_in, kiosk], position="hidden")
    else:
        sections = staff_pages(user.role)
        sections["Account"].append(kiosk)
        page = st.navigation(sections)
    page.run()


# (file, title, icon, url path, roles that see it); the first a role may see is its home.
STAFF_PAGES = {
    "Review": [
        ("home.py", "Home", "🏠", "home", ("admin", "worker", "safeguarding_lead", "board")),
        ("results.py", "Results", "📊", "results", ("admin", "worker", "safeguarding_lead", "board")),
        ("comments.py", "What children wrote", "💬", "comments", ("admin", "worker")),
        ("safeguarding.py", "Safeguarding queue", "🛡️", "safeguarding", ("admin", "safeguarding_lead")),
    ],
    "Account": [("sign_out.py", "Sign out", "🚪", "logout", ("admin", "worker", "safeguarding_lead", "board"))],
}


def staff_pages(role: str) -> dict[str, list]:
    sections: dict[str, list] = {}
    for section, pages in STAFF_PAGES.items():
        for file, title, icon, url, roles in pages:
            if role in roles:
                sections.setdefault(section, []).append(
                    st.Page(f"{PAGES}/{file}", title=title, icon=icon, url_path=url,
                            default=not any(sections.values())))
    return sections
