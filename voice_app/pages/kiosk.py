"""The survey on a tablet: one question per screen, big buttons, saved as it goes, then reset.
The screens are voice_app/kiosk_screens.py, kiosk_questions.py and kiosk_thanks.py; the child's
visit (language, age, saving each answer) is voice_app/kiosk_visit.py."""
from __future__ import annotations

import streamlit as st

from voice_app.kiosk_questions import question_screen
from voice_app.kiosk_screens import finish_screen, idle_watch, try_send, welcome
from voice_app.kiosk_thanks import thanks_screen
from voice_app.kiosk_visit import please_wait, start_visit
from voice_app.page_styles import KIOSK_CSS

st.html(KIOSK_CSS)
watch_slot = st.container()  # the walk-away timer's one place, whichever screen shows
visit, key = start_visit()
state = st.session_state

if not key:
    welcome(visit)
elif state.get("kiosk_sending") and not try_send(visit):
    please_wait(visit.say("SAVING"))
elif state.get("kiosk_done"):
    thanks_screen(visit)
elif state["kiosk_position"] >= len(visit.questions):
    finish_screen(visit)
else:
    question_screen(visit, state["kiosk_position"])
idle_watch(visit, watch_slot)
