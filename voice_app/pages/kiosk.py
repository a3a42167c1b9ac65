"""The survey on a tablet: one question per screen, big buttons, saved as it goes, then reset."""
from __future__ import annotations

import time
import uuid

import streamlit as st

from surveys.schema import pick
from voice_app.config import get_settings
from voice_app.kiosk_look import friend
from voice_app.kiosk_words import LANGUAGE_NAMES, direction, word
from voice_app.page_styles import KIOSK_AGES_CSS, KIOSK_CSS, KIOSK_DRAFT_JS, KIOSK_RTL_CSS
from voice_app.read_aloud import speaker
from voice_app.services import kiosk as service
from voice_app.services.answers import AnswerError
from voice_app.ui import plain

st.html(KIOSK_CSS)
settings = get_settings()
params = st.query_params
link_age = params.get("age")
state = st.session_state
# The child's choice (reset clears it for the next child), else the link's; checked against the
# survey's languages once the survey is known.
lang = state.get("kiosk_language") or params.get("lang", "en")


def text(value) -> str:
    return pick(value, lang, service.wording_age(link_age, state.get("kiosk_answers", {})))


def say(name: str) -> str:
    """One of the kiosk's own words (voice_app/kiosk_words.py), in the child's language."""
    return word(name, lang)


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
    state["kiosk_active"] = time.time()


def reset() -> None:
    """Ready for the next child: a new response, nothing of the last one on screen."""
    for key in [k for k in state.keys() if str(k).startswith("kiosk")]:
        del state[key]
    params.pop("r", None)


state.pop("kiosk_waited", None)
link = (params.get("survey", ""), params.get("site", ""))
if state.get("kiosk_link") != link:
    # Looked up once per child (reset clears it), not on every tap.
    try:
        state["kiosk_open"] = service.open_kiosk(*link)
        state["kiosk_link"] = link
    except service.KioskError as err:
        st.title("Oops!")
        st.text(str(err))
        st.stop()
    except service.KioskBusy:
        please_wait(say("JUST_A_MOMENT"))
kiosk = state["kiosk_open"]

survey = kiosk.survey
key = params.get("r")
if key and not service.usable_key(key):
    # A mangled or made-up address: start afresh rather than fail.
    params.pop("r", None)
    key = None

if key and "kiosk_progress" not in state:
    # A reload or a tablet waking up: carry on where this child was.
    try:
        progress = service.progress(key)
    except service.KioskBusy:
        please_wait(say("JUST_A_MOMENT"))
    state["kiosk_progress"] = progress
    state["kiosk_language"] = progress.lang  # carry on in the language the child chose
    state["kiosk_answers"] = dict(progress.answers)
    state["kiosk_position"] = progress.position
    state["kiosk_done"] = progress.submitted
    touch()


# The questions for this child's version: an under-11 (by their answer or the link) is asked fewer.
questions = service.question_order(survey, link_age, state.get("kiosk_answers", {}))

# A link's &lang= fixes the language (like &age=): no choice on the first screen.
fixed_lang = params.get("lang") if params.get("lang") in survey.languages else None
lang = state.get("kiosk_language") or fixed_lang or "en"
if lang not in survey.languages:
    lang = "en"
if direction(lang) == "rtl":
    st.html(KIOSK_RTL_CSS)


@st.fragment(run_every=10)
def idle_watch() -> None:
    """A child who walks away mid-survey: keep their answers, start fresh for the next one."""
    # A child who has just told us gets time to read what happens next, and to ask for someone.
    if state.get("kiosk_done") and not state.get("kiosk_concern"):
        return  # the thank-you and its help stay until the next child taps "Next person"
    limit = settings.kiosk_idle_seconds
    if params.get("r") and time.time() - state.get("kiosk_active", time.time()) > limit:
        if not state.get("kiosk_done"):
            try:
                save_unsaved()
                service.abandon(params["r"])
            except service.KioskBusy:
                pass  # kept as far as it was saved; the sweep closes it later
        reset()
        st.rerun(scope="app")


def read_to_me(screen: str, *parts: str | None, auto: bool = True) -> None:
    """The speaker button (voice_app/read_aloud.py): this screen's words in the child's language,
    read without a tap when they switched "Read everything to me" on."""
    reading_on = auto and bool(state.get("kiosk_read_all"))
    speaker(list(parts), lang, say("READ_ALOUD"), f"{params.get('r', '')}:{screen}:{lang}:{int(reading_on)}",
            reading_on)


def read_everything() -> None:
    state["kiosk_read_all"] = state.get("kiosk_read_switch", False)  # kept for this child's session
    touch()


def choose_language(code: str) -> None:
    state["kiosk_language"] = code
    touch()


def welcome() -> None:
    # Every word from a survey file or an admin is plain text: a markdown picture would load on a child's screen.
    friend()
    st.title(plain(text(survey.title)))
    if survey.intro:
        st.subheader(plain(text(survey.intro)))
    st.markdown(f"📍 {plain(kiosk.site_name)}")
    read_to_me("welcome", text(survey.title), text(survey.intro), say("START"))
    st.toggle(say("READ_ALL"), value=bool(state.get("kiosk_read_all")), key="kiosk_read_switch",
              on_change=read_everything)
    if st.button(say("START"), key="kiosk_start", type="primary", width="stretch"):
        params["r"] = uuid.uuid4().hex
        state.update(kiosk_answers={}, kiosk_position=0, kiosk_done=False, kiosk_progress=True)
        touch()
        st.rerun()
    if len(survey.languages) > 1 and not fixed_lang:
        # Each language by its own name, as big as Start: every later screen is in the one chosen.
        box = st.container(key="kiosk_languages")
        for n, code in enumerate(survey.languages):
            if n % 3 == 0:
                columns = box.columns(3)  # rows of three, read in order
            columns[n % 3].button(LANGUAGE_NAMES.get(code) or plain(code), key=f"kiosk_lang_{code}", width="stretch",
                                  type="primary" if code == lang else "secondary",
                                  on_click=choose_language, args=(code,))


def go(position: int) -> None:
    state["kiosk_position"] = max(0, position)
    state["kiosk_moved"] = service.clock()
    touch()
    try:
        service.move_to(kiosk, params["r"], state["kiosk_position"])
    except service.KioskBusy:
        pass  # where the child is lives here too; the next save records it


def settled() -> bool:
    """Whether the screen has stood still long enough for a tap to be meant for it."""
    return service.clock() - state.get("kiosk_moved", 0.0) >= service.MOVE_SETTLE_SECONDS


def current(question) -> bool:
    position = state.get("kiosk_position", 0)
    return position < len(questions) and questions[position].id == question.id


def on_screen(question) -> bool:
    """Whether a tap belongs to the question on screen. The second tap of a double tap arrives
    after the first has moved on, on the old button or on the new screen's: either way it was
    meant for the question before, so it is dropped."""
    return current(question) and settled()


def go_back(position: int) -> None:
    if settled():
        go(position)


def keep(question, value, position: int) -> bool:
    """Save one answer; when the database is not answering, hold it here for Send. False if invalid."""
    try:
        service.save_answer(kiosk, params["r"], question.id, value, position, lang, link_age)
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


def save_unsaved() -> None:
    """Answers held while the database was not answering, saved now (raises KioskBusy if still not)."""
    for question_id, value in list(state.get("kiosk_unsaved", {}).items()):
        service.save_answer(kiosk, params["r"], question_id, value, state["kiosk_position"], lang, link_age)
        del state["kiosk_unsaved"][question_id]


def answer(question, value) -> None:
    """Save at once, then move on: a tablet that sleeps after this keeps the answer."""
    if not on_screen(question):
        return
    if keep(question, value, state["kiosk_position"] + 1):
        go(state["kiosk_position"] + 1)


def answer_from_state(question, key: str) -> None:
    # Read at tap time: text typed just before tapping Next arrives with the tap itself.
    value = state.get(key)
    if question.type == "text":
        value, _ = service.fit_text(question, value)
    answer(question, value)


def option_label(option) -> str:
    label = plain(text(option.label))
    return f"{plain(option.emoji)}  {label}" if option.emoji else label


def picture(option) -> None:
    """A picture above an option, for younger children; survey files name it beside themselves."""
    path = service.option_picture(option)
    if path is not None:
        st.image(str(path), width="stretch", alt="")  # decorative: the button under it says the words


def choice_buttons(question, chosen) -> None:
    if question.type == "scale":
        cols = st.container(key="kiosk_scale").columns(5)
        for col, option in zip(cols, question.options):
            with col:
                picture(option)
                st.button(f"{plain(option.emoji)}  \n{plain(text(option.label))}", key=f"kiosk_opt_{question.id}_{option.id}",
                          type="primary" if chosen == option.id else "secondary", width="stretch",
                          on_click=answer, args=(question, option.id))
        return
    for option in question.options:
        picture(option)
        st.button(option_label(option), key=f"kiosk_opt_{question.id}_{option.id}", width="stretch",
                  type="primary" if chosen == option.id else "secondary",
                  on_click=answer, args=(question, option.id))


def toggle(question, option) -> None:
    if not on_screen(question):
        return
    picked = list(state.get(f"kiosk_multi_{question.id}", []))
    if option.id in picked:
        picked.remove(option.id)
    elif option.exclusive:
        picked = [option.id]
    else:
        picked = [p for p in picked if not question.option(p).exclusive] + [option.id]
    state[f"kiosk_multi_{question.id}"] = picked
    touch()


def age_buttons(question, chosen) -> None:
    """"How old are you?" as big picture buttons, two to a row: the picture above the words."""
    st.html(KIOSK_AGES_CSS)
    box = st.container(key="kiosk_ages")
    for n, option in enumerate(question.options):
        if n % 2 == 0:
            columns = box.columns(2)
        with columns[n % 2]:
            picture(option)
            label = plain(text(option.label))
            st.button(f"{plain(option.emoji)}  \n{label}" if option.emoji else label,
                      key=f"kiosk_opt_{question.id}_{option.id}", width="stretch",
                      type="primary" if chosen == option.id else "secondary",
                      on_click=answer, args=(question, option.id))


def multi_buttons(question, chosen) -> None:
    picked_key = f"kiosk_multi_{question.id}"
    if picked_key not in state:
        state[picked_key] = list(chosen or [])
    for option in question.options:
        ticked = option.id in state[picked_key]
        st.button(("✅  " if ticked else "⬜  ") + option_label(option), key=f"kiosk_opt_{question.id}_{option.id}",
                  width="stretch", type="primary" if ticked else "secondary",
                  on_click=toggle, args=(question, option))
    st.button(say("NEXT"), key=f"kiosk_next_{question.id}", type="primary", width="stretch",
              on_click=answer_from_state, args=(question, picked_key))


def keep_draft(question, key: str) -> None:
    """Words saved as they are typed (each time the box sends them), so a child who walks away
    keeps them, and what they wrote is screened at once. A paste over the limit is kept up to it."""
    if not current(question):
        return
    value, cut = service.fit_text(question, state.get(key))
    state[key] = value
    state["kiosk_text_cut"] = cut
    touch()
    keep(question, value, state["kiosk_position"])


def free_text(question, chosen) -> None:
    st.info(say("BEFORE_WRITING"))
    key = f"kiosk_text_{question.id}"
    if key not in state:
        state[key] = chosen or ""
    # No max_chars: Streamlit would show a "60/1000" counter. The limit is kept in keep_draft.
    st.text_area(say("TEXT_LABEL"), key=key, placeholder=say("TYPE_HERE"),
                 on_change=keep_draft, args=(question, key))
    st.html(KIOSK_DRAFT_JS, unsafe_allow_javascript=True)
    if state.get("kiosk_text_cut") or len(state.get(key) or "") >= question.max_length:
        st.warning(say("TOO_LONG"), icon="✋")
    st.button(say("NEXT"), key=f"kiosk_next_{question.id}", type="primary", width="stretch",
              on_click=answer_from_state, args=(question, key))


def screen_words(question) -> list[str | None]:
    """What a question's screen says, in the order it shows it."""
    words = [text(question.text), text(question.help), say("CAN_SKIP") if question.optional else None]
    if question.type == "text":
        words += [say("BEFORE_WRITING"), say("TEXT_LABEL")]
    words += [text(option.label) for option in question.options]
    if not service.has_own_prefer_not_to_say(question):
        words.append(say("RATHER_NOT_SAY"))
    return words


def question_screen(position: int) -> None:
    question = questions[position]
    if state.get("kiosk_shown") != position:
        # The screen moves on when it is drawn, not when the tap that moved it was handled: on a
        # busy server the first tap's rerun can take longer than the settle time, and a second
        # tap landing on the new buttons must still count as the double tap it is.
        state["kiosk_shown"] = position
        state["kiosk_moved"] = service.clock()
    chosen = state["kiosk_answers"].get(question.id)
    left = len(questions) - position  # this one too: "Last one!" on the last
    st.progress(position / len(questions), text=say("LAST_ONE") if left == 1 else say("MORE_TO_GO").format(n=left))
    st.header(plain(text(question.text)))
    read_to_me(f"q{position}", *screen_words(question))
    with st.container(key="kiosk_help"):
        if question.help:
            st.text(text(question.help))
        if question.optional:
            st.text(say("CAN_SKIP"))
    if state.get("kiosk_error"):
        st.error(plain(state["kiosk_error"]))
    draw = age_buttons if question.id == service.AGE_QUESTION and question.type == "single" else {
        "scale": choice_buttons, "single": choice_buttons, "multi": multi_buttons, "text": free_text}[question.type]
    draw(question, chosen)
    st.write("")
    back, skip = st.columns(2)
    back.button(say("BACK"), key="kiosk_back", width="stretch", disabled=position == 0,
                on_click=go_back, args=(position - 1,))
    if not service.has_own_prefer_not_to_say(question):  # one "I'd rather not say", not two
        skip.button(say("RATHER_NOT_SAY"), key=f"kiosk_skip_{question.id}", width="stretch",
                    on_click=answer, args=(question, None))


def send() -> None:
    state["kiosk_sending"] = True
    touch()


def try_send() -> bool:
    """Send, and keep trying while the database is not answering; every answer is kept meanwhile."""
    try:
        save_unsaved()
        service.submit(kiosk, params["r"], lang, link_age)
        # Asked once, at Send, in this browser only: a link reopened from the history later shows
        # the ordinary thank-you, so nobody else learns that this child told us something.
        state["kiosk_concern"] = service.concern_raised(params["r"])
    except service.KioskBusy:
        return False
    state["kiosk_done"] = True
    state.pop("kiosk_sending", None)
    touch()
    return True


def finish_screen() -> None:
    st.progress(1.0, text=say("ALL_DONE"))
    friend()
    st.header(say("READY_TO_SEND"))
    read_to_me("send", say("ALL_DONE"), say("READY_TO_SEND"), say("SEND"))
    st.button(say("SEND"), key="kiosk_send", type="primary", width="stretch", on_click=send)
    st.button(say("BACK"), key="kiosk_back", width="stretch", on_click=go_back, args=(len(questions) - 1,))


def ask_to_talk() -> None:
    try:
        state["kiosk_talk_asked"] = service.ask_to_talk(kiosk, params["r"])
    except service.KioskBusy:
        pass  # the button stays, to be tapped again
    touch()


def concern_screen() -> None:
    """Calm words from the survey file (plain text, never markdown): who will read it, that the
    survey has no name on it, help now, and someone here to talk to. Never a word of "flagged"."""
    wording = survey.concern_wording
    st.title(say("THANK_YOU_AFTER_CONCERN"))
    # Read only when the child taps: never aloud unasked in a waiting room, whoever is near.
    read_to_me("concern", say("THANK_YOU_AFTER_CONCERN"), text(wording.message), text(wording.help),
               text(wording.talk_done if state.get("kiosk_talk_asked") else wording.talk_button), auto=False)
    with st.container(key="kiosk_concern"):
        st.text(text(wording.message))
        st.text(text(wording.help))
        if state.get("kiosk_talk_asked"):
            st.text(text(wording.talk_done))
    if not state.get("kiosk_talk_asked"):
        st.button(plain(text(wording.talk_button)), key="kiosk_talk", type="primary", width="stretch",
                  on_click=ask_to_talk)
    st.button(say("NEXT_PERSON"), key="kiosk_next_person", width="stretch", on_click=reset)


def thanks_screen() -> None:
    if state.get("kiosk_concern"):
        concern_screen()
        return
    friend("kiosk_friend_thanks")
    st.title(say("THANK_YOU"))
    if survey.thanks:
        st.subheader(plain(text(survey.thanks)))
    read_to_me("thanks", say("THANK_YOU"), text(survey.thanks), say("HELP_NOW"))
    with st.container(key="kiosk_help"):
        st.markdown(say("HELP_NOW"))
    st.button(say("NEXT_PERSON"), key="kiosk_next_person", type="primary", width="stretch", on_click=reset)


if not key:
    welcome()
elif state.get("kiosk_sending") and not try_send():
    please_wait(say("SAVING"))
elif state.get("kiosk_done"):
    thanks_screen()
    idle_watch()
elif state["kiosk_position"] >= len(questions):
    finish_screen()
    idle_watch()
else:
    question_screen(state["kiosk_position"])
    idle_watch()
