"""The kiosk's thank-you after Send. A child whose words read as worrying sees calm words from the
survey file instead, with "I'd like someone to talk to me"; never a word of "flagged"."""
from __future__ import annotations

import streamlit as st

from voice_app.kiosk_look import friend
from voice_app.kiosk_visit import Visit, read_to_me, reset, touch
from voice_app.services import kiosk as service
from voice_app.ui import plain


def ask_to_talk(visit: Visit) -> None:
    try:
        st.session_state["kiosk_talk_asked"] = service.ask_to_talk(visit.kiosk, st.query_params["r"])
    except service.KioskBusy:
        pass  # the button stays, to be tapped again
    touch()


def concern_screen(visit: Visit) -> None:
    """Calm words from the survey file (plain text, never markdown): who will read it, that the
    survey has no name on it, help now, and someone here to talk to."""
    state, text, say = st.session_state, visit.text, visit.say
    wording = visit.survey.concern_wording
    st.title(say("THANK_YOU_AFTER_CONCERN"))
    # Read only when the child taps: never aloud unasked in a waiting room, whoever is near.
    read_to_me(visit, "concern", say("THANK_YOU_AFTER_CONCERN"), text(wording.message), text(wording.help),
               text(wording.talk_done if state.get("kiosk_talk_asked") else wording.talk_button), auto=False)
    with st.container(key="kiosk_concern"):
        st.text(text(wording.message))
        st.text(text(wording.help))
        if state.get("kiosk_talk_asked"):
            st.text(text(wording.talk_done))
    if not state.get("kiosk_talk_asked"):
        st.button(plain(text(wording.talk_button)), key="kiosk_talk", type="primary", width="stretch",
                  on_click=ask_to_talk, args=(visit,))
    st.button(say("NEXT_PERSON"), key="kiosk_next_person", width="stretch", on_click=reset)


def thanks_screen(visit: Visit) -> None:
    if st.session_state.get("kiosk_concern"):
        concern_screen(visit)
        return
    say = visit.say
    friend("kiosk_friend_thanks")
    st.title(say("THANK_YOU"))
    if visit.survey.thanks:
        st.subheader(plain(visit.text(visit.survey.thanks)))
    read_to_me(visit, "thanks", say("THANK_YOU"), visit.text(visit.survey.thanks), say("HELP_NOW"))
    with st.container(key="kiosk_help"):
        st.markdown(say("HELP_NOW"))
    st.button(say("NEXT_PERSON"), key="kiosk_next_person", type="primary", width="stretch", on_click=reset)
