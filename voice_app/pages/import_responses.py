"""Import responses, for admins: answers gathered in Microsoft Forms, Google Forms or SurveyMonkey.

The export is mapped by wording and shown (columns to questions, dropped columns and why,
labels to options) before anything is stored; then all rows are imported, or none.
"""
import streamlit as st

from voice_app.page_progress import progress_bar
from voice_app.services import organisations_admin
from voice_app.services.access import Can
from voice_app.services.forms_files import DATE_ORDERS
from voice_app.services.forms_import import MAX_UPLOAD_MB, UPLOAD_TYPES, import_upload, preview_upload
from voice_app.services.importer import CsvImportError
from voice_app.services.surveys import survey_choices
from voice_app.ui import plain, require_user

# the stages of an import, as the progress bar names them
STAGES = {"checking": "Checking rows", "storing": "Storing responses", "coding": "Reading comments"}
user = require_user(Can.ADMINISTER)
st.title("📥 Import responses")
state = st.session_state
st.write("Answers gathered in another tool: the Excel export of Microsoft Forms, or the CSV of Google "
         "Forms or SurveyMonkey. Column headers are matched to the survey's questions by their wording "
         "(in any language or version), answers to its options. Names, emails and the tools' own columns "
         "are left out and never stored. Nothing is stored until you press Import, and then every row or none.")
if state.get("import_done"):
    st.success(state.pop("import_done"))

surveys = dict(survey_choices())
survey = st.selectbox("Survey", list(surveys), key="import_survey", format_func=lambda k: f"{surveys[k]} ({k})")
uploaded = st.file_uploader("Export file", type=list(UPLOAD_TYPES), key="import_file", max_upload_size=MAX_UPLOAD_MB)
round_name = st.text_input("Round", key="import_round", max_chars=200, placeholder="e.g. Spring 2026")
organisations = {o.slug: o.name for o in organisations_admin.list_organisations(user)}
sites = {s.slug: s.name for s in organisations_admin.list_site_details(user)}
left, right = st.columns(2)
org = left.selectbox("Organisation", [None, *organisations], key="import_org",
                     format_func=lambda s: "Choose…" if s is None else organisations[s],
                     help="Whose answers these are: its safeguarding lead sees any concern in them.")
site = right.selectbox("Site (optional)", [None, *sites], key="import_site",
                       format_func=lambda s: "No one site" if s is None else sites[s])
order = st.selectbox("Dates in the file", [None, *DATE_ORDERS], key="import_dates",
                     format_func=lambda o: "Work it out from the dates" if o is None else DATE_ORDERS[o])

if uploaded is None or not round_name.strip() or not (org or site):
    st.info("Choose the export file, name the round and choose the organisation (or site) the answers "
            "belong to, to see how the file maps.")
    st.stop()
try:
    mapping = preview_upload(user, survey, uploaded.name, uploaded.getvalue(), round_name.strip(), org, site, order)
except (CsvImportError, LookupError) as err:
    st.error(plain(err))
    st.stop()

st.subheader(plain(f"{mapping.tool} export: {mapping.rows} rows"))
st.markdown("**Columns → questions**")
st.dataframe([{"column": c.column, "header": c.header, "question": c.question_id, "option": c.option_id or "",
               "wording": c.wording} for c in mapping.columns], hide_index=True, width="stretch")
st.markdown("**Columns left out**")
st.dataframe([{"column": d.column, "header": d.header, "why": d.reason} for d in mapping.dropped],
             hide_index=True, width="stretch")
st.markdown("**Answers → options** (examples from the file)")
st.dataframe([{"question": s.question_id, "answer in the file": s.label, "option": s.option_id}
              for s in mapping.samples], hide_index=True, width="stretch")
if mapping.not_in_file:
    st.caption(plain(f"Not in the file (left unanswered): {', '.join(mapping.not_in_file)}"))
if mapping.problems:
    st.error("This file cannot be imported yet; nothing was stored. Fix these and upload it again:")
    for problem in mapping.problems:
        st.error(plain(problem))
    st.stop()

st.write(plain(f"Ready to import {mapping.would_import} responses into round '{round_name.strip()}'"
               + (f" ({mapping.already_imported} were already imported)" if mapping.already_imported else "") + "."))
if st.button(f"Import {mapping.would_import} responses", type="primary", key="import_go",
             disabled=mapping.would_import == 0):
    try:
        with progress_bar(STAGES) as progress:
            result = import_upload(user, survey, uploaded.name, uploaded.getvalue(), round_name.strip(), org, site,
                                   order, progress=progress)
    except (CsvImportError, LookupError) as err:
        st.error(plain(err))
    else:
        state["import_done"] = plain(f"Imported {result.imported} responses into round '{result.round}'.")
        st.rerun()
