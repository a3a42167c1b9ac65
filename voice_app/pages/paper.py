"""Paper surveys: print any survey on paper, then type the answers in, one row per paper form,
keyboard only (Tab across a row, Enter down to the next form)."""
import pandas as pd
import streamlit as st

from voice_app.services import audit, organisations, paper, paper_entry, paper_pdf, surveys
from voice_app.services.access import Can
from voice_app.services.versions import language_label
from voice_app.ui import plain, require_user, survey_picker

ROWS = 10  # empty rows ready to type in; more can be added at the bottom of the table
AGES = {"": "All ages", "under_11": "Under 11", "11_to_15": "11 to 15", "16_plus": "16 or older"}
user = require_user(Can.ENTER_PAPER)
st.title("📝 Paper surveys")
st.caption("Print a survey for a youth group or a class, then type the answers in here: they count "
           "in the results with the tablet's, shown as mode Paper.")

survey_key = survey_picker(key="paper_survey")
sites = dict(paper_entry.entry_sites(user))
ages = ["", *paper.age_versions(survey_key)]
print_tab, type_tab = st.tabs(["🖨️ Print", "⌨️ Type in"])

with print_tab:
    a, b, c = st.columns(3)
    langs = paper.languages(survey_key)
    lang = a.selectbox("Language", langs, format_func=language_label, key="paper_print_lang")
    age = b.selectbox("Age version", ages, format_func=AGES.get, key="paper_print_age") or None
    site = c.selectbox("Site (its name, and a QR code to its kiosk, on the paper)", ["", *sites],
                       format_func=lambda s: sites.get(s, "No site"), key="paper_print_site") or None
    name = "-".join(p for p in (survey_key, lang, age, site) if p)
    st.download_button("Download the paper version (PDF)", data=lambda: paper_pdf.paper_pdf(survey_key, lang, age, site),
                       file_name=f"paper-{name}.pdf", mime="application/pdf", key="paper_download",
                       on_click=audit.record, args=(user, "paper.download", name))
    st.caption("A4, large type, faces beside the boxes, a QR code to the same survey online.")

with type_tab:
    rounds = [r.name for r in organisations.list_rounds(survey_key)]
    if not rounds or not sites:
        st.info("Paper answers go into a round at a site: a kiosk link starts a round, and an "
                "administrator adds sites.")
        st.stop()
    a, b, c, d = st.columns(4)
    round_name = a.selectbox("Round", rounds, index=len(rounds) - 1, key="paper_round")
    site_slug = b.selectbox("Site", list(sites), format_func=sites.get, key="paper_site")
    entry_lang = c.selectbox("Language of the forms", surveys.get_definition(survey_key).languages,
                             format_func=language_label, key="paper_lang")
    entry_age = d.selectbox("Age version", ages, format_func=AGES.get, key="paper_age") or None
    sheet = paper_entry.entry_sheet(user, survey_key, round_name, site_slug, entry_lang, entry_age)
    batch = (survey_key, round_name, site_slug, entry_lang, entry_age)
    state = st.session_state
    if state.get("paper_batch") != batch:
        state.paper_batch, state.paper_rows = batch, paper_entry.blank_rows(sheet, ROWS)
        state.paper_editor = state.get("paper_editor", 0) + 1
        state.paper_result = None
    st.caption("One row per paper form. Write the form number on the sheet. For a tick box type "
               "its number (several: 1;3), or leave it empty; type written answers as they are. "
               "Tab moves along a row, Enter down to the next form.")
    columns = {paper_entry.FORM: st.column_config.TextColumn("Form no.", max_chars=paper_entry.MAX_FORM_CHARS)}
    for col in sheet.columns:
        columns[col.question_id] = st.column_config.TextColumn(col.header, help=col.help)
    columns[paper_entry.DATE] = st.column_config.TextColumn("Date on the form", help="14/03/2026; empty: today")
    # In a form: typing sends nothing and reruns nothing until Save, so no keystroke waits for
    # the page and no edit can cross a rerun.
    with st.form("paper_entry", border=False):
        edited = st.data_editor(pd.DataFrame(state.paper_rows, dtype=str), column_config=columns, hide_index=True,
                                num_rows="dynamic", width="stretch", key=f"paper_rows_{state.paper_editor}")
        save = st.form_submit_button("Save these forms", type="primary", key="paper_save")
    if save:
        rows = edited.fillna("").to_dict("records")
        result = paper_entry.save_forms(user, survey_key, round_name, site_slug, rows, entry_lang, entry_age)
        kept = [rows[p.row - 1] for p in result.problems]
        fresh = paper_entry.entry_sheet(user, survey_key, round_name, site_slug, entry_lang, entry_age)
        typed = [int(f) + 1 for f in result.saved + [p.form for p in result.problems] if f.isdigit()]
        state.paper_rows = kept + paper_entry.blank_rows(fresh, max(ROWS - len(kept), 1),
                                                         start=max([fresh.next_form, *typed]))
        state.paper_editor += 1
        state.paper_result = result
        st.rerun()
    result = state.get("paper_result")  # shown until the next save or another batch
    if result is not None:
        if not (result.saved or result.already_saved or result.problems):
            st.info("Nothing to save: every row is empty.")
        if result.saved:
            st.success(f"Saved {len(result.saved)} paper form(s): {', '.join(map(plain, result.saved))}.")
        if result.already_saved:
            st.info(f"Already saved before, not stored again: form(s) {', '.join(map(plain, result.already_saved))}.")
        if result.flagged:
            st.warning(f"{result.flagged} form(s) had words that went to the safeguarding lead.")
        for p in result.problems:
            st.error(f"Row {p.row}" + (f" (form {plain(p.form)})" if p.form else "") + ": "
                     + "; ".join(plain(x) for x in p.problems) + ". Kept in the table to correct.")
