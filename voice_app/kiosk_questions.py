"""A question's screen on the kiosk: the question, its big buttons (choices, ages, tick boxes) or
a box to write in, Back and "I'd rather not say". Each tap is saved at once (voice_app/kiosk_visit.py)."""
from __future__ import annotations

import streamlit as st

from surveys import Option, Question
from voice_app.kiosk_visit import Visit, answer, answer_from_state, current, go_back, keep, on_screen, read_to_me, touch
from voice_app.services import kiosk as service
from voice_app.page_styles import KIOSK_AGES_CSS, KIOSK_DRAFT_JS
from voice_app.ui import plain


def option_label(visit: Visit, option: Option) -> str:
    label = plain(visit.text(option.label))
    return f"{plain(option.emoji)}  {label}" if option.emoji else label


def picture(option: Option) -> None:
    """A picture above an option, for younger children; survey files name it beside themselves."""
    path = service.option_picture(option)
    if path is not None:
        st.image(str(path), width="stretch", alt="")  # decorative: the button under it says the words


def choice_buttons(visit: Visit, question: Question, chosen) -> None:
    if question.type == "scale":
        cols = st.container(key="kiosk_scale").columns(5)
        for col, option in zip(cols, question.options):
            with col:
                picture(option)
                st.button(f"{plain(option.emoji)}  \n{plain(visit.text(option.label))}",
                          key=f"kiosk_opt_{question.id}_{option.id}",
                          type="primary" if chosen == option.id else "secondary", width="stretch",
                          on_click=answer, args=(visit, question, option.id))
        return
    for option in question.options:
        picture(option)
        st.button(option_label(visit, option), key=f"kiosk_opt_{question.id}_{option.id}", width="stretch",
                  type="primary" if chosen == option.id else "secondary",
                  on_click=answer, args=(visit, question, option.id))


def toggle(visit: Visit, question: Question, option: Option) -> None:
    if not on_screen(visit, question):
        return
    picked = list(st.session_state.get(f"kiosk_multi_{question.id}", []))
    if option.id in picked:
        picked.remove(option.id)
    elif option.exclusive:
        picked = [option.id]
    else:
        picked = [p for p in picked if not question.option(p).exclusive] + [option.id]
    st.session_state[f"kiosk_multi_{question.id}"] = picked
    touch()


def age_buttons(visit: Visit, question: Question, chosen) -> None:
    """"How old are you?" as big picture buttons, two to a row: the picture above the words."""
    st.html(KIOSK_AGES_CSS)
    box = st.container(key="kiosk_ages")
    for n, option in enumerate(question.options):
        if n % 2 == 0:
            columns = box.columns(2)
        with columns[n % 2]:
            picture(option)
            label = plain(visit.text(option.label))
            st.button(f"{plain(option.emoji)}  \n{label}" if option.emoji else label,
                      key=f"kiosk_opt_{question.id}_{option.id}", width="stretch",
                      type="primary" if chosen == option.id else "secondary",
                      on_click=answer, args=(visit, question, option.id))


def multi_buttons(visit: Visit, question: Question, chosen) -> None:
    state = st.session_state
    picked_key = f"kiosk_multi_{question.id}"
    if picked_key not in state:
        state[picked_key] = list(chosen or [])
    for option in question.options:
        ticked = option.id in state[picked_key]
        st.button(("✅  " if ticked else "⬜  ") + option_label(visit, option),
                  key=f"kiosk_opt_{question.id}_{option.id}",
                  width="stretch", type="primary" if ticked else "secondary",
                  on_click=toggle, args=(visit, question, option))
    st.button(visit.say("NEXT"), key=f"kiosk_next_{question.id}", type="primary", width="stretch",
              on_click=answer_from_state, args=(visit, question, picked_key))


def keep_draft(visit: Visit, question: Question, key: str) -> None:
    """Words saved as they are typed (each time the box sends them), so a child who walks away
    keeps them, and what they wrote is screened at once. A paste over the limit is kept up to it."""
    if not current(visit, question):
        return
    state = st.session_state
    value, cut = service.fit_text(question, state.get(key))
    state[key] = value
    state["kiosk_text_cut"] = cut
    touch()
    keep(visit, question, value, state["kiosk_position"])


def free_text(visit: Visit, question: Question, chosen) -> None:
    state = st.session_state
    st.info(visit.say("BEFORE_WRITING"))
    key = f"kiosk_text_{question.id}"
    if key not in state:
        state[key] = chosen or ""
    # No max_chars: Streamlit would show a "60/1000" counter. The limit is kept in keep_draft.
    st.text_area(visit.say("TEXT_LABEL"), key=key, placeholder=visit.say("TYPE_HERE"),
                 on_change=keep_draft, args=(visit, question, key))
    st.html(KIOSK_DRAFT_JS, unsafe_allow_javascript=True)
    if state.get("kiosk_text_cut") or len(state.get(key) or "") >= question.max_length:
        st.warning(visit.say("TOO_LONG"), icon="✋")
    st.button(visit.say("NEXT"), key=f"kiosk_next_{question.id}", type="primary", width="stretch",
              on_click=answer_from_state, args=(visit, question, key))


def screen_words(visit: Visit, question: Question) -> list[str | None]:
    """What a question's screen says, in the order it shows it."""
    text, say = visit.text, visit.say
    words = [text(question.text), text(question.help), say("CAN_SKIP") if question.optional else None]
    if question.type == "text":
        words += [say("BEFORE_WRITING"), say("TEXT_LABEL")]
    words += [text(option.label) for option in question.options]
    if not service.has_own_prefer_not_to_say(question):
        words.append(say("RATHER_NOT_SAY"))
    return words


def question_screen(visit: Visit, position: int) -> None:
    state, say = st.session_state, visit.say
    questions = visit.questions
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
    st.header(plain(visit.text(question.text)))
    read_to_me(visit, f"q{position}", *screen_words(visit, question))
    with st.container(key="kiosk_help"):
        if question.help:
            st.text(visit.text(question.help))
        if question.optional:
            st.text(say("CAN_SKIP"))
    if state.get("kiosk_error"):
        st.error(plain(state["kiosk_error"]))
    draw = age_buttons if question.id == service.AGE_QUESTION and question.type == "single" else {
        "scale": choice_buttons, "single": choice_buttons, "multi": multi_buttons, "text": free_text}[question.type]
    draw(visit, question, chosen)
    st.write("")
    back, skip = st.columns(2)
    back.button(say("BACK"), key="kiosk_back", width="stretch", disabled=position == 0,
                on_click=go_back, args=(visit, position - 1))
    if not service.has_own_prefer_not_to_say(question):  # one "I'd rather not say", not two
        skip.button(say("RATHER_NOT_SAY"), key=f"kiosk_skip_{question.id}", width="stretch",
                    on_click=answer, args=(visit, question, None))
