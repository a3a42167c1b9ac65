"""Practice reviews: the child's and family's views heard at a review's start and end meetings
(voice records), and the changes agreed because of them, for the annual report."""
import streamlit as st

from voice_app.services import practice_reviews, records
from voice_app.services.access import Can
from voice_app.services.you_said import item_views
from voice_app.ui import plain, require_user

user = require_user(Can.READ_COMMENTS)
st.title("📚 Practice reviews")
st.caption("A review (for example a Child Safeguarding Practice Review) hears the child and family at "
           "its start and end meetings. Log what they said on the Voice records page, attach it here, "
           "and record what changed. The annual report says how views were sought and what changed, "
           "naming no one.")
if note := st.session_state.pop("reviews_note", None):
    st.success(note)

orgs = item_views.organisation_choices(user)
if not orgs:
    st.info("Your account is not linked to an organisation yet.")
    st.stop()

with st.expander("Create a review", expanded=not practice_reviews.list_reviews(user)):
    with st.form("new_review", clear_on_submit=True):
        a, b = st.columns(2)
        org_id = a.selectbox("Organisation", list(orgs), format_func=orgs.get)
        kind = b.selectbox("Kind", practice_reviews.KINDS_OF_REVIEW)
        name = st.text_input("Name or reference", max_chars=120, help="Never a child's or family's name.")
        c, d = st.columns(2)
        starts_on = c.date_input("Starts", value=None, format="DD/MM/YYYY")
        ends_on = d.date_input("Ends", value=None, format="DD/MM/YYYY")
        if st.form_submit_button("Create review", type="primary"):
            try:
                practice_reviews.create_review(user, org_id, name, kind, starts_on, ends_on)
            except (records.RecordError, PermissionError) as err:
                st.error(plain(f"Not created: {err}."))
            else:
                st.session_state["reviews_note"] = "Review created."
                st.rerun()

everything = records.list_records(user)
for review in practice_reviews.list_reviews(user):
    with st.container(border=True):
        st.subheader(plain(f"{review.kind}: {review.name}"))
        held = [r for r in everything if r.review_id == review.id and r.state == "Consent given"]
        for meeting, words in records.MEETINGS.items():
            kinds = [r.kind for r in held if r.meeting == words]
            st.write(plain(f"{words}: " + (", ".join(kinds) if kinds else "nothing recorded yet")))
        free = {r.id: r for r in everything if r.review_id is None and r.state == "Consent given"}
        if free:
            a, b, c = st.columns([3, 2, 1], vertical_alignment="bottom")
            pick = a.selectbox("Record to attach", list(free), key=f"pick_{review.id}",
                               format_func=lambda i: f"{free[i].kind.capitalize()} of {free[i].heard_on:%d/%m/%Y}")
            meeting = b.radio("Meeting", list(records.MEETINGS), format_func=records.MEETINGS.get,
                              key=f"meeting_{review.id}", horizontal=True)
            if c.button("Attach", key=f"attach_{review.id}"):
                practice_reviews.attach(user, pick, review.id, meeting)
                st.session_state["reviews_note"] = "Record attached."
                st.rerun()
        with st.form(f"changes_{review.id}"):
            changes = st.text_area("Changes agreed because of what the child and family said",
                                   value=review.changes_agreed, max_chars=records.MAX_SUMMARY_CHARS)
            if st.form_submit_button("Save changes"):
                practice_reviews.set_changes(user, review.id, changes)
                st.session_state["reviews_note"] = "Changes saved."
                st.rerun()
