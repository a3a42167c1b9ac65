"""The annual report section "What children and young people have told us", ready to download."""
from datetime import date

import streamlit as st

from voice_app.page_progress import progress_bar
from voice_app.services.access import Can
from voice_app.services.annual_report import compose, documents
from voice_app.ui import plain, require_user

# the stages of writing the report, as the progress bar names them
STAGES = {"composing": "Writing sections", "rendering": "Laying out sections"}
user = require_user(Can.SEE_BOARD_VIEWS)
st.title("📄 Annual report section")
st.write(f"“{compose.TITLE}”, for the partnership and each organisation: narrative, charts, "
         "themes, approved quotes and the “You said… We did…” table. All figures are suppressed for publication.")
a, b = st.columns(2)
start = a.date_input("From", date(date.today().year - 1, 4, 1), format="DD/MM/YYYY")
end = b.date_input("To", date(date.today().year, 3, 31), format="DD/MM/YYYY")
fmt = st.radio("Format", documents.FORMATS, horizontal=True,
               format_func=lambda f: {"csv": "figures (CSV)", "xlsx": "figures (XLSX)"}.get(f, f.upper()))
if st.button("Generate", type="primary"):
    try:
        with progress_bar(STAGES) as progress:
            st.session_state["annual_report"] = (fmt, documents.export(user, start, end, fmt, progress=progress))
    except ValueError as err:
        st.error(plain(err))
made = st.session_state.get("annual_report")
if made:
    kind, data = made
    mime = {"html": "text/html", "pdf": "application/pdf", "csv": "text/csv",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[kind]
    st.download_button(f"Download ({kind.upper()})", data, f"children-told-us.{kind}", mime, on_click="ignore")
