"""One child's visit to the kiosk: the survey the link opens, their language and age, where they
are, and each answer saved as it is given. The screens (voice_app/kiosk_screens.py,
voice_app/kiosk_questions.py, voice_app/kiosk_thanks.py) draw from it; the rules live in
voice_app/services/kiosk.py."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import streamlit as st

from surveys import Question, SurveyDefinition
from surveys.schema import pick
from voice_app.kiosk_words import direction, word
from voice_app.read_aloud import speaker
from voice_app.services import kiosk as service
from voice_app.services.answers import AnswerError
from voice_app.services.coding import warm_up
from voice_app.page_styles import KIOSK_RTL_CSS


@dataclass(frozen=True)
class Visit:
    """What this run of the page knows about the child on the tablet."""
    kiosk: service.Kiosk
    lang: str  # the language every screen is in
    link_age: str | None  # the link's &age=, if any
    fixed_lang: str | None  # the link's &lang=, when the survey has it: no choice on the first screen
    questions: list[Question]  # this child's version: an under-11 is asked fewer

    @property
    def survey(self) -> SurveyDefinition:
        return self.kiosk.survey

    def text(self, value) -> str:
        """Words from the survey file, in the child's language and for their age."""
        return pick(value, self.lang, service.wording_age(self.link_age, st.session_state.get("kiosk_answers", {})))

    def say(self, name: str) -> str:
        """One of the kiosk's own words (voice_app/kiosk_words.py), in the child's language."""
        return word(name, self.lang)


def please_wait(message: str) -> None:
    """The database is down or busy: the child waits, nothing is lost, and it tries again."""
    st.header(message)

    @st.fragment(run_every=3)
    def retry() -> None:
        if st.session_state.get("kiosk_waited"):
            st.rerun(scope="app")
        st.session_state["kiosk_waited"] = True

    retry()
    st.stop()


def touch() -> None:
    st.session_state["kiosk_active"] = time.time()


def reset() -> None:
    """Ready for the next child: a new response, nothing of the last one on screen."""
    state = st.session_state
    for key in [k for k in state.keys() if str(k).startswith("kiosk")]:
        del state[key]
    st.query_params.pop("r", None)


def _open(first_lang: str) -> service.Kiosk:
    """The kiosk the link names, looked up once per child (reset clears it), not on every tap."""
    state, params = st.session_state, st.query_params
    state.pop("kiosk_waited", None)
    link = (params.get("survey", ""), params.get("site", ""))
    if state.get("kiosk_link") != link:
        try:
            state["kiosk_open"] = service.open_kiosk(*link)
            state["kiosk_link"] = link
        except service.KioskError as err:
            st.title("Oops!")
            st.text(str(err))
            st.stop()
        except service.KioskBusy:
            please_wait(word("JUST_A_MOMENT", first_lang))
    return state["kiosk_open"]


def _carry_on(first_lang: str) -> str | None:
    """This child's response key from the address; after a reload or a tablet waking up, carry on
    where they were."""
    state, params = st.session_state, st.query_params
    key = params.get("r")
    if key and not service.usable_key(key):
        # A mangled or made-up address: start afresh rather than fail.
        params.pop("r", None)
        key = None
    if key and "kiosk_progress" not in state:
        try:
            progress = service.progress(key)
        except service.KioskBusy:
            please_wait(word("JUST_A_MOMENT", first_lang))
        state["kiosk_progress"] = progress
        state["kiosk_language"] = progress.lang  # carry on in the language the child chose
        state["kiosk_answers"] = dict(progress.answers)
        state["kiosk_position"] = progress.position
        state["kiosk_done"] = progress.submitted
        touch()
    return key


@st.cache_resource(show_spinner=False)
def warm_text_models() -> threading.Thread:
    """Once per server process, beside the first tablet's welcome: the text models loaded before
    any child writes (not inside the first child's tap)."""
    thread = threading.Thread(target=warm_up, name="kiosk-warm-up", daemon=True)
    thread.start()
    return thread


def start_visit() -> tuple[Visit, str | None]:
    """The visit for this run, and the child's response key (None before they tap Start)."""
    warm_text_models()
    state, params = st.session_state, st.query_params
    link_age = params.get("age")
    # The child's choice (reset clears it for the next child), else the link's; checked against the
    # survey's languages once the survey is known.
    first_lang = state.get("kiosk_language") or params.get("lang", "en")
    kiosk = _open(first_lang)
    key = _carry_on(first_lang)
    survey = kiosk.survey
    questions = service.question_order(survey, link_age, state.get("kiosk_answers", {}))
    # A link's &lang= fixes the language (like &age=): no choice on the first screen.
    fixed_lang = params.get("lang") if params.get("lang") in survey.languages else None
    lang = state.get("kiosk_language") or fixed_lang or "en"
    if lang not in survey.languages:
        lang = "en"
    if direction(lang) == "rtl":
        st.html(KIOSK_RTL_CSS)
    return Visit(kiosk, lang, link_age, fixed_lang, questions), key


def read_to_me(visit: Visit, screen: str, *parts: str | None, auto: bool = True) -> None:
    """The speaker button (voice_app/read_aloud.py): this screen's words in the child's language,
    read without a tap when they switched "Read everything to me" on."""
    reading_on = auto and bool(st.session_state.get("kiosk_read_all"))
    speaker(list(parts), visit.lang, visit.say("READ_ALOUD"),
            f"{st.query_params.get('r', '')}:{screen}:{visit.lang}:{int(reading_on)}", reading_on)


def move_on(position: int) -> None:
    """The screen moves to `position` (already saved with the answer that moved it)."""
    state = st.session_state
    state["kiosk_position"] = max(0, position)
    state["kiosk_moved"] = service.clock()
    touch()


def go(visit: Visit, position: int) -> None:
    state = st.session_state
    move_on(position)
    try:
        service.move_to(visit.kiosk, st.query_params["r"], state["kiosk_position"])
    except service.KioskBusy:
        pass  # where the child is lives here too; the next save records it


def settled() -> bool:
    """Whether the screen has stood still long enough for a tap to be meant for it."""
    return service.clock() - st.session_state.get("kiosk_moved", 0.0) >= service.MOVE_SETTLE_SECONDS


def current(visit: Visit, question: Question) -> bool:
    position = st.session_state.get("kiosk_position", 0)
    return position < len(visit.questions) and visit.questions[position].id == question.id


def on_screen(visit: Visit, question: Question) -> bool:
    """Whether a tap belongs to the question on screen. The second tap of a double tap arrives
    after the first has moved on, on the old button or on the new screen's: either way it was
    meant for the question before, so it is dropped."""
    return current(visit, question) and settled()


def go_back(visit: Visit, position: int) -> None:
    if settled():
        go(visit, position)


def keep(visit: Visit, question: Question, value, position: int) -> bool:
    """Save one answer; when the database is not answering, hold it here for Send. False if invalid."""
    state = st.session_state
    try:
        service.save_answer(visit.kiosk, st.query_params["r"], question.id, value, position, visit.lang,
                            visit.link_age)
    except AnswerError as err:
        state["kiosk_error"] = str(err)
        return False
    except service.KioskBusy:
        state.setdefault("kiosk_unsaved", {})[question.id] = value
    else:
        state.get("kiosk_unsaved", {}).pop(question.id, None)
    state["kiosk_answers"][question.id] = value
    state.pop("kiosk_error", None)
    return True


def save_unsaved(visit: Visit) -> None:
    """Answers held while the database was not answering, saved now (raises KioskBusy if still not)."""
    state = st.session_state
    for question_id, value in list(state.get("kiosk_unsaved", {}).items()):
        service.save_answer(visit.kiosk, st.query_params["r"], question_id, value, state["kiosk_position"],
                            visit.lang, visit.link_age)
        del state["kiosk_unsaved"][question_id]


def answer(visit: Visit, question: Question, value) -> None:
    """Save at once, then move on: a tablet that sleeps after this keeps the answer."""
    if not on_screen(visit, question):
        return
    position = st.session_state["kiosk_position"]
    if keep(visit, question, value, position + 1):
        move_on(position + 1)  # saved with the answer: one commit per tap


def answer_from_state(visit: Visit, question: Question, key: str) -> None:
    # Read at tap time: text typed just before tapping Next arrives with the tap itself.
    value = st.session_state.get(key)
    if question.type == "text":
        value, _ = service.fit_text(question, value)
    answer(visit, question, value)
