"""The safeguarding queue for leads: read, acknowledge, record what was done, close."""
import pandas as pd
import streamlit as st

from voice_app.services import safeguarding
from voice_app.services.access import Can
from voice_app.ui import plain, require_user

user = require_user(Can.HANDLE_SAFEGUARDING)
st.title("🛡️ Safeguarding queue")
st.caption("Comments the screen, or a worker, thinks may be a child disclosing harm. They are never "
           "published or shown on boards. Each stays open until you record a decision. Concerns come "
           "first; within each level, the one waiting longest.")

show = st.segmented_control("Show", ["Open", "Closed", "All"], default="Open")
status = {"Open": None, "Closed": "closed", "All": None}[show or "Open"]
flags = safeguarding.queue(user, status)
if show == "Open" or show is None:
    flags = flags[flags["status"] != "closed"]
st.metric("Open flags", safeguarding.open_count(user))
if flags.empty:
    st.success("Nothing waiting. 🎉")

LEVELS = {"concern": "Concern: look at this now", "check": "Check: lower priority"}


def known(value) -> bool:
    """A value a person can read: not None, not NaN, not blank."""
    return isinstance(value, str) and bool(value.strip())


def verdict_controls(row) -> None:
    """On a closed flag: was the screen wrong? Kept as an example for its next training."""
    if known(row.screen_verdict):
        st.caption(plain(f"The screen: {safeguarding.VERDICTS.get(row.screen_verdict, row.screen_verdict)}"))
        return
    st.caption("Was the screen wrong? What you say here helps it learn.")
    category = st.selectbox("Kind of concern (optional)", safeguarding.CATEGORIES, index=None,
                            key=f"category_{row.id}", placeholder="Choose if the screen missed it")
    missed, wrong = st.columns(2)
    for column, verdict, args in ((missed, "screen_missed", (category,)), (wrong, "false_alarm", (None,))):
        if column.button(safeguarding.VERDICTS[verdict], key=f"verdict_{verdict}_{row.id}"):
            try:
                safeguarding.record_verdict(user, row.id, verdict, *args)
                st.rerun()
            except ValueError as err:
                st.error(plain(str(err).capitalize() + "."))


for row in flags.itertuples():
    # A comment screened as it was saved has no submission time yet: show when it was flagged.
    when = (row.submitted_at if pd.notna(row.submitted_at) else row.created_at).strftime("%d %b %Y %H:%M")
    with st.container(border=True, key=f"flag_{row.id}"):
        # Level, reason and status are our own words, never a person's.
        st.markdown(f"**{plain(LEVELS.get(row.level, row.level))}** · {plain(row.reason.capitalize())} · *{plain(row.status)}*")
        st.text(f"{row.site if known(row.site) else 'No site'} · {row.survey} · {when}")  # names shown as plain text
        if row.source == "worker":
            sender = row.raised_by if known(row.raised_by) else "a worker"
            st.text(f"Sent by {sender}. Why: {row.raised_reason if known(row.raised_reason) else ''}")
        st.text(row.text)  # shown as plain text, never as markdown or HTML
        if row.changed_by_child:
            st.caption("The child later changed or removed these words on the tablet: this is what they wrote first.")
        if row.status != "closed":
            st.text(safeguarding.waiting_words(row.created_at))
        for line in safeguarding.handled_words(row):  # who and when: names and notes as plain text
            st.text(line)
        if row.status == "closed":
            st.text(f"Closed: {row.action} — {safeguarding.OUTCOMES.get(row.outcome, row.outcome)}")
            verdict_controls(row)
            continue
        if row.status == "open":
            st.button("Acknowledge: I'm looking at this", key=f"ack_{row.id}",
                      on_click=safeguarding.acknowledge, args=(user, row.id))
        with st.form(f"close_{row.id}"):
            # Nothing is preselected: a decision is always a choice someone made.
            action = st.selectbox("What was done", safeguarding.ACTIONS, key=f"action_{row.id}",
                                  index=None, placeholder="Choose what was done", accept_new_options=True)
            outcome = st.radio("Decision", list(safeguarding.OUTCOMES), key=f"outcome_{row.id}", index=None,
                               format_func=safeguarding.OUTCOMES.get, horizontal=True)
            notes = st.text_area("Notes", key=f"notes_{row.id}")
            if st.form_submit_button("Record decision and close"):
                try:
                    safeguarding.close(user, row.id, action or "", outcome or "", notes)
                    st.rerun()
                except ValueError as err:
                    st.error(plain(err))
