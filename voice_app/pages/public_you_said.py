"""You said… We did… for children and families: no login, only published items and approved quotes.
Opened as /you-said?org=SLUG or /you-said?site=SLUG."""
import streamlit as st

from voice_app.services import poster
from voice_app.services.you_said import items, notices
from voice_app.ui import plain

params = st.query_params
notice = notices.public_notice(org_slug=params.get("org"), site_slug=params.get("site"))
if notice is None:
    st.title("You said… We did…")
    st.info("We couldn't find that place. Please check the link on the poster.")
    st.stop()

st.title("You said… We did…")
st.header(plain(notice.title))  # a place's name: plain text, never markdown
st.write("You told us what you think. Here is what we did about it.")
if not notice.items:
    st.info("Nothing here yet: watch this space!")
for item in notice.items:
    with st.container(border=True):
        st.subheader("💬 You said")
        st.text(item.you_said)
        for quote in item.quotes[:2]:
            st.text(f"“{quote}”")
        st.subheader(plain(poster.heading(item)))
        st.text(poster.did_text(item))
        if poster.who_when(item):
            st.text(poster.who_when(item))  # the role is a worker's words: never markdown
        if item.has_photo:
            st.image(items.photo(None, item.id), width=320, alt="A photo of what we did")
        if item.evidence_text:
            st.caption("How you can see it")
            st.text(item.evidence_text)
        if item.evidence_link:
            st.link_button("Find out more", item.evidence_link)
st.divider()
st.write("Want to tell us something? Ask at reception for the tablet, or scan the code on our notice board.")
st.write("If you need help now, you can call Childline free on 0800 1111.")
