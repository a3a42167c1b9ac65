"""The safeguarding queue for leads: read, acknowledge, record what was done, close."""
import streamlit as st

from voice_app.services import safeguarding
from voice_app.ui import require_user

user = require_user("safeguarding_lead", "admin")
st.title("🛡️ Safeguarding queue")
st.caption("Comments the screen thinks may be a child disclosing harm. They are never published "
           "or shown on boards. Each stays open until you record a decision.")

show = st.segmented_control("Show", ["Open", "Closed", "All"], default="Open")
status = {"Open": None, "Closed": "closed", "All": None}[show or "Open"]
flags = safeguarding.queue(user, status)
if show == "Open" or show is None:
    flags = flags[flags["status"] != "closed"]
st.metric("Open flags", safeguarding.open_count(user))
if flags.empty:
    st.success("Nothing waiting. 🎉")

for row in flags.itertuples():
    when = row.submitted_at.strftime("%d %b %Y %H:%M") if row.submitted_at else ""
    with st.container(border=True, key=f"flag_{row.id}"):
        st.markdown(f"**{row.reason.capitalize()}** · *{row.status}*")  # both are our own words
        st.text(f"{row.site or 'No site'} · {row.survey} · {when}")  # names shown as plain text
        st.text(row.text)  # shown as plain text, never as markdown or HTML
        if row.status == "closed":
            st.caption(f"Closed: {row.action} — {safeguarding.OUTCOMES.get(row.outcome, row.outcome)}")
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
                    st.error(str(err))
