"""The kiosk's first and last screens around the questions (voice_app/kiosk_questions.py):
the welcome with Start and the languages, "Ready to send?", and the watch for a child who walks
away. The thank-you is in voice_app/kiosk_thanks.py."""
from __future__ import annotations

import time
import uuid

import streamlit as st

from voice_app.config import get_settings
from voice_app.kiosk_look import friend
from voice_app.kiosk_visit import Visit, go_back, read_to_me, reset, save_unsaved, touch
from voice_app.kiosk_words import LANGUAGE_NAMES
from voice_app.services import kiosk as service
from voice_app.ui import plain


def read_everything() -> None:
    state = st.session_state
    state["kiosk_read_all"] = state.get("kiosk_read_switch", False)  # kept for this child's session
    touch()


def choose_language(code: str) -> None:
    st.session_state["kiosk_language"] = code
    touch()


def start() -> None:
    """A new response for the child who tapped Start: drawn in the same run as the tap (one
    script run, not two)."""
    st.query_params["r"] = uuid.uuid4().hex
    st.session_state.update(kiosk_answers={}, kiosk_position=0, kiosk_done=False, kiosk_progress=True)
    touch()


def welcome(visit: Visit) -> None:
    # Every word from a survey file or an admin is plain text: a markdown picture would load on a child's screen.
    state, survey, text, say = st.session_state, visit.survey, visit.text, visit.say
    friend()
    st.title(plain(text(survey.title)))
    if survey.intro:
        st.subheader(plain(text(survey.intro)))
    st.markdown(f"📍 {plain(visit.kiosk.site_name)}")
    read_to_me(visit, "welcome", text(survey.title), text(survey.intro), say("START"))
    st.toggle(say("READ_ALL"), value=bool(state.get("kiosk_read_all")), key="kiosk_read_switch",
              on_change=read_everything)
    st.button(say("START"), key="kiosk_start", type="primary", width="stretch", on_click=start)
    if len(survey.languages) > 1 and not visit.fixed_lang:
        # Each language by its own name, as big as Start: every later screen is in the one chosen.
        box = st.container(key="kiosk_languages")
        for n, code in enumerate(survey.languages):
            if n % 3 == 0:
                columns = box.columns(3)  # rows of three, read in order
            columns[n % 3].button(LANGUAGE_NAMES.get(code) or plain(code), key=f"kiosk_lang_{code}", width="stretch",
                                  type="primary" if code == visit.lang else "secondary",
                                  on_click=choose_language, args=(code,))


def send() -> None:
    st.session_state["kiosk_sending"] = True
    touch()


def try_send(visit: Visit) -> bool:
    """Send, and keep trying while the database is not answering; every answer is kept meanwhile."""
    state, key = st.session_state, st.query_params["r"]
    try:
        save_unsaved(visit)
        service.submit(visit.kiosk, key, visit.lang, visit.link_age)
        # Asked once, at Send, in this browser only: a link reopened from the history later shows
        # the ordinary thank-you, so nobody else learns that this child told us something.
        state["kiosk_concern"] = service.concern_raised(key)
    except service.KioskBusy:
        return False
    state["kiosk_done"] = True
    state.pop("kiosk_sending", None)
    touch()
    return True


def finish_screen(visit: Visit) -> None:
    say = visit.say
    st.progress(1.0, text=say("ALL_DONE"))
    friend()
    st.header(say("READY_TO_SEND"))
    read_to_me(visit, "send", say("ALL_DONE"), say("READY_TO_SEND"), say("SEND"))
    st.button(say("SEND"), key="kiosk_send", type="primary", width="stretch", on_click=send)
    st.button(say("BACK"), key="kiosk_back", width="stretch", on_click=go_back, args=(visit, len(visit.questions) - 1))


# Nothing to watch (the welcome, a thank-you that stays until "Next person"): the tablet's one
# timer is set this far off, rather than asking the server every few seconds for nothing.
DORMANT_SECONDS = 3600.0
# The walk-away check runs this long after the limit has passed, so that it finds it passed.
IDLE_MARGIN_SECONDS = 0.5


def watching() -> bool:
    """Whether a child's answers are on screen to be cleared when they walk away. A child who has
    just told us gets time to read what happens next, and to ask for someone; the ordinary
    thank-you and its help stay until the next child taps "Next person"."""
    state = st.session_state
    return bool(st.query_params.get("r")) and not (state.get("kiosk_done") and not state.get("kiosk_concern"))


def idle_check_in(last_touch: float | None, now: float, limit: float) -> float:
    """Seconds until the walk-away check is due: once, just after the limit from the last touch
    (every touch reruns the page, which sets the timer again), not every few seconds."""
    quiet = now - (now if last_touch is None else last_touch)
    return max(limit - quiet, 0.0) + IDLE_MARGIN_SECONDS


def idle_watch(visit: Visit, slot) -> None:
    """The tablet's one timer for a child who walks away, always in the same place on the page
    (`slot`, made before any screen is drawn) so that every screen sets the same timer."""
    state = st.session_state
    limit = get_settings().kiosk_idle_seconds
    every = idle_check_in(state.get("kiosk_active"), time.time(), limit) if watching() else DORMANT_SECONDS
    state["kiosk_watch_inline"] = True  # this run draws the screen: the check runs as part of it
    with slot:
        st.fragment(run_every=every)(walked_away)(visit)


def walked_away(visit: Visit) -> None:
    """A child who walks away mid-survey: keep their answers, start fresh for the next one."""
    state, params = st.session_state, st.query_params
    inline = state.pop("kiosk_watch_inline", False)
    if not watching():
        return
    limit = get_settings().kiosk_idle_seconds
    if time.time() - state.get("kiosk_active", time.time()) <= limit:
        if not inline:  # the timer fired early (a touch that set no new time): set it again
            st.rerun(scope="app")
        return
    if not state.get("kiosk_done"):
        try:
            save_unsaved(visit)
            service.abandon(params["r"])
        except service.KioskBusy:
            pass  # kept as far as it was saved; the sweep closes it later
    reset()
    st.rerun(scope="app")
