"""A staff member's home: what needs doing now."""
import streamlit as st

from voice_app.services import safeguarding
from voice_app.services.access import ROLE_NAMES, Can, can, role_of
from voice_app.ui import plain, require_user

user = require_user()
st.title(f"Hello, {plain(user.username)}")
role = role_of(user.role)
st.caption(f"Signed in as {ROLE_NAMES[role] if role else 'a person with no role'}.")

if can(user, Can.HANDLE_SAFEGUARDING):
    waiting = safeguarding.open_count(user)
    if waiting:
        st.error(f"🛡️ {waiting} flagged comment(s) waiting for a decision.")
        st.page_link("voice_app/pages/safeguarding.py", label="Open the safeguarding queue", icon="🛡️")
    else:
        st.success("No flagged comments waiting.")
if can(user, Can.READ_COMMENTS):
    st.page_link("voice_app/pages/comments.py", label="Read what children wrote, by theme", icon="💬")
st.page_link("voice_app/pages/results.py", label="See the figures", icon="📊")
