"""A staff member's home: what needs doing now."""
import streamlit as st

from voice_app.services import safeguarding
from voice_app.ui import plain, require_user

user = require_user()
st.title(f"Hello, {plain(user.username)}")
ROLE_NAMES = {"admin": "administrator", "worker": "participation worker",
              "safeguarding_lead": "safeguarding lead", "board": "board member"}
st.caption(f"Signed in as {ROLE_NAMES.get(user.role, user.role)}.")

if user.role in ("safeguarding_lead", "admin"):
    waiting = safeguarding.open_count(user)
    if waiting:
        st.error(f"🛡️ {waiting} flagged comment(s) waiting for a decision.")
        st.page_link("voice_app/pages/safeguarding.py", label="Open the safeguarding queue", icon="🛡️")
    else:
        st.success("No flagged comments waiting.")
if user.role in ("worker", "admin"):
    st.page_link("voice_app/pages/comments.py", label="Read what children wrote, by theme", icon="💬")
st.page_link("voice_app/pages/results.py", label="See the figures", icon="📊")
