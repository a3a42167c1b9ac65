"""Small shared pieces of the Streamlit pages: the signed-in user, plain text in markdown, bootstrap
(the pages' styles are in page_styles)."""
from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

import streamlit as st

from voice_app.config import get_settings
from voice_app.services.access import Can, can
from voice_app.services.accounts import StaffUser, refresh


# --- people's words in markdown elements ---------------------------------------------------------
# Headings, captions, alerts and every widget label (buttons, radio options, tabs, expanders,
# metrics, page links) are markdown in Streamlit: a survey title `![x](http://…)` would load a
# remote picture on a child's screen. Body text goes through st.text; a name or wording that must
# sit in a markdown element goes through plain() first.
#
# Escaped everywhere: what can open inline markup (emphasis, code, links and images, raw HTML,
# entities, strikethrough, LaTeX, Streamlit's :directives[] and tables). Escaped at the start of
# a line only: what opens a block there (headings, quotes, lists, rules), so a "?" or a "-" inside
# a sentence stays as it is; a line's leading spaces go (four would make it code). Some forms are found in the text after escapes are undone:
# GitHub's autolinks (remark-gfm: addresses, "www." and e-mails), Streamlit's :shortcodes: and
# its arrows ("->" to "→"). A word joiner (U+2060: invisible, never a line break) goes after every
# ":" and "@", between "www" and its dot, and inside "->", "<-", "--", ">=", "<=", "~=".
WORD_JOINER = "\u2060"
_INLINE = re.compile(r"([\\`*_\[\]<>&~$|:])")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)  # shown collapsed anyway
_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))", re.MULTILINE)
# A colon or @ followed by a space starts no link, address or :shortcode:, so "Concern: look
# at this" stays as typed (a word joiner there would also stop a person's search matching it).
_FOUND_AFTER = re.compile(r"((?::|@)(?=\S)|(?i:www)(?=\\?\.)|[<>~-](?=\\?[-<>=]))")


def _block(match: re.Match) -> str:
    start = match.group(1)
    return start + "\\" if start[0].isdigit() else "\\" + start


def plain(value: object) -> str:
    """`value` as literal text inside a Streamlit markdown element: no markup, link or picture.
    (For body text, st.text needs none of this.)"""
    text = _INLINE.sub(r"\\\1", "" if value is None else str(value))
    text = _LINE_START.sub(_block, _INDENT.sub("", text))  # indented by 4, a line is code
    return _FOUND_AFTER.sub(lambda m: m.group(1) + WORD_JOINER, text)


def bootstrap() -> None:
    """Once per server process and database: bring it up to date and load the built-in surveys."""
    _bootstrap(get_settings().database_url)


@st.cache_resource
def _bootstrap(database_url: str) -> bool:
    from voice_app.services.surveys import sync_survey_files
    from voice_app.store.db import migrate

    from voice_app.services.first_admin import issue_setup_code

    migrate()
    sync_survey_files()
    issue_setup_code()  # a fresh install: the first administrator's one-time code, in the server's log
    return True


def current_user() -> StaffUser | None:
    """The signed-in staff user, or None; sessions end after a quiet spell.

    A browser that signed in earlier carries the session cookie (see services/staff_sessions):
    a reload, a bookmark or a pasted link opens as that person. Signing in on this page holds
    the user in this Streamlit session until the browser has fetched its cookie."""
    from voice_app.services import staff_sessions

    if st.session_state.get("user") is not None and not st.session_state.get("by_cookie"):
        return _this_session_user()
    token = _session_cookie()
    user = staff_sessions.resume(token) if token else None
    if user is None:
        _forget()
        return None
    st.session_state.update(user=user, by_cookie=True, last_seen=time.time())
    return user


def _this_session_user() -> StaffUser | None:
    if _ended_here():
        sign_out()
        return None
    fresh = refresh(st.session_state["user"])
    if fresh is None:
        sign_out()
        return None
    st.session_state["user"] = fresh
    st.session_state["last_seen"] = time.time()
    return fresh


def _ended_here() -> bool:
    """This Streamlit session's own limits (before the browser has its cookie, or without one):
    quiet for the idle limit, or signed in longer than the absolute limit however busy."""
    settings, now = get_settings(), time.time()
    st.session_state.setdefault("signed_in_at", st.session_state.get("last_seen", 0))
    return (now - st.session_state.get("last_seen", 0) > settings.staff_session_minutes * 60
            or now - st.session_state["signed_in_at"] > settings.staff_session_max_hours * 3600)


def session_over() -> bool:
    """Whether the person signed in on this page has been signed out since it was drawn (idle,
    absolute limit, signed out elsewhere, password reset, account switched off), checked
    without counting as use."""
    from voice_app.services import staff_sessions

    user = st.session_state.get("user")
    if user is None:
        return False
    if st.session_state.get("by_cookie"):
        return not staff_sessions.still_valid(_session_cookie())
    return _ended_here() or refresh(user) is None


def watch_session() -> None:
    """On every staff page: a fragment that reruns by itself every few seconds and, once the
    session has ended, reruns the whole app, which then shows the sign-in form instead of
    the data (a screen left open must not keep showing children's words)."""
    @st.fragment(run_every=get_settings().staff_session_check_seconds)
    def session_watch() -> None:
        if session_over():
            sign_out()
            st.rerun()

    session_watch()


def _session_cookie() -> str | None:
    from voice_app.services.staff_sessions import COOKIE

    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001  (no browser request behind this run, e.g. a bare script)
        return None
    return token if isinstance(token, str) and token else None


def client_address() -> str | None:
    """The browser's address for the sign-in throttle: as Streamlit's server sees it, or from
    X-Forwarded-For behind VOICE_PROXY_HOPS proxies of our own. None when unknown (this
    machine, or a proxy not configured): then only the per-account keys apply."""
    from voice_app.services.accounts import forwarded_client

    hops = get_settings().proxy_hops
    try:
        if hops:
            return forwarded_client(st.context.headers.get("X-Forwarded-For"), hops)
        return st.context.ip_address
    except Exception:  # noqa: BLE001  (no browser request behind this run)
        return None


def sign_in(user: StaffUser) -> None:
    """Signed in here at once; then the browser fetches its session cookie (one redirect through
    the app's endpoint) and lands on the staff page it first asked for, if this role may see it."""
    from voice_app.app import landing_page
    from voice_app.services import staff_sessions
    from voice_app.web import START

    st.session_state.update(user=user, last_seen=time.time(), signed_in_at=time.time(), by_cookie=False)
    asked = landing_page(user.role, st.session_state.pop("asked_for_page", None))
    query = urlencode({"h": staff_sessions.begin(user), "next": asked})
    st.session_state["browser_redirect"] = f"{START}?{query}"


def sign_out() -> None:
    """Ends the session in the database (the cookie stops working at once) and then in the
    browser (the endpoint clears the cookie)."""
    from voice_app.services import staff_sessions
    from voice_app.web import END

    staff_sessions.end(_session_cookie())
    _forget()
    if _session_cookie():
        st.session_state["browser_redirect"] = END


def _forget() -> None:
    for key in ("user", "last_seen", "signed_in_at", "by_cookie"):
        st.session_state.pop(key, None)


def follow_browser_redirect() -> None:
    """Sends the browser to the app's session endpoint when signing in or out asked for it.
    The page renders as usual meanwhile (and stays usable in a browser without JavaScript, for
    this tab only). The address is built from a random token and a page name from our own list."""
    url = st.session_state.pop("browser_redirect", None)
    if url is not None:
        st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)


WORRY_SENT = "Sent to the safeguarding lead. Thank you."


def worry_form(user: StaffUser, answer_id: int, key: str) -> None:
    """"This worries me": on every screen where a worker reads a comment. After sending, the
    page starts again without it (the comment has left the worker's views) and says so calmly."""
    from voice_app.services import safeguarding

    with st.expander("⚠️ This worries me — send to the safeguarding lead"):
        st.caption("The lead reads the comment and your reason, and decides what to do. "
                   "The comment leaves your lists at once.")
        with st.form(f"worry_{key}_{answer_id}", clear_on_submit=True):
            reason = st.text_area("Why does this worry you?", max_chars=safeguarding.MAX_REASON_CHARS,
                                  key=f"worry_reason_{key}_{answer_id}")
            if st.form_submit_button("Send to the safeguarding lead", type="primary"):
                try:
                    safeguarding.send_to_lead(user, answer_id, reason)
                except (ValueError, LookupError) as err:
                    st.error(plain(str(err).capitalize() + "."))
                    return
                st.session_state["worry_sent"] = True
                st.session_state["worry_count"] = st.session_state.get("worry_count", 0) + 1
                st.rerun()


def worry_sent_notice() -> None:
    if st.session_state.pop("worry_sent", False):
        st.success(WORRY_SENT)


def require_user(capability: Can = Can.SEE_FIGURES) -> StaffUser:
    """Every staff page checks for itself, not only the router: no page shows data by URL alone."""
    user = current_user()
    if not can(user, capability):
        st.warning("Please sign in with an account that may see this page.")
        st.stop()
    return user


def survey_picker(where=st, key: str | None = None) -> str:
    """The "Survey" select box (CAMHS first when there), or a note and a stop when there is none."""
    from voice_app.services.surveys import survey_choices

    choices = dict(survey_choices())
    if not choices:
        st.info("No surveys yet.")
        st.stop()
    keys = list(choices)
    return where.selectbox("Survey", keys, format_func=choices.get, key=key,
                           index=keys.index("camhs-wellbeing") if "camhs-wellbeing" in keys else 0)
