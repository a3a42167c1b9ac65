"""The audit log, for admins: who did what, newest first. Read-only: nothing here edits or deletes."""
import streamlit as st

from voice_app.services import audit
from voice_app.services.access import Can
from voice_app.ui import require_user

user = require_user(Can.ADMINISTER)
st.title("🧾 Audit log")
st.caption("Every view of raw comments, export, code change, approval, safeguarding action and "
           "admin change. Events are never edited or deleted.")

left, right = st.columns([2, 1])
limit = right.selectbox("Show the latest", [100, 500, 2000, 10000], index=1)
actions = sorted(audit.events(user, limit=10000)["action"].unique())
action = left.selectbox("Action", ["All actions", *actions])
log = audit.events(user, limit=limit, action=None if action == "All actions" else action)

if log.empty:
    st.info("No events yet.")
    st.stop()
st.dataframe(log, hide_index=True, width="stretch")
st.download_button("Download as CSV", audit.events_csv(user, limit, None if action == "All actions" else action),
                   file_name="audit-log.csv", mime="text/csv", key="audit_download",
                   on_click=audit.record, args=(user, "audit.download"),
                   kwargs={"target": "audit log", "rows": len(log), "filter": action})
