"""Voice records: a worker logs a letter, drawing, video, audio, message or conversation, with its
file; lists them; withdraws consent. Coding and quotes happen in the theme explorer, like comments."""
from datetime import UTC, datetime

import streamlit as st

from voice_app.services import comments, practice_reviews, records
from voice_app.services.access import Can
from voice_app.services.you_said import item_views
from voice_app.store.models import SETTING_NAMES
from voice_app.ui import plain, require_user

user = require_user(Can.READ_COMMENTS)
st.title("🗂️ Voice records")
st.caption("Letters, drawings, videos, recordings, messages and conversations: what children told us "
           "outside the surveys. Each is coded and screened like a comment, and appears in "
           "“What children wrote” under Voice records. It never counts in survey figures.")
if note := st.session_state.pop("records_note", None):
    (st.warning if note[0] == "warning" else st.success)(note[1])

orgs = item_views.organisation_choices(user)
if not orgs:
    st.info("Your account is not linked to an organisation yet.")
    st.stop()

with st.expander("Log a record", expanded=True):
    with st.form("log_record", clear_on_submit=True):
        a, b, c = st.columns(3)
        org_id = a.selectbox("Organisation", list(orgs), format_func=orgs.get)
        kind = b.selectbox("Kind", records.KINDS, format_func=str.capitalize)
        heard_on = c.date_input("Date", value=datetime.now(UTC).date(), format="DD/MM/YYYY")
        d, e, f = st.columns(3)
        setting = d.selectbox("Setting", [s.value for s in SETTING_NAMES], format_func=lambda s: SETTING_NAMES[s])
        age_band = e.selectbox("Age", list(records.AGE_BANDS), format_func=records.AGE_BANDS.get, index=3)
        reviews = {r.id: r for r in practice_reviews.list_reviews(user)}
        review_id = f.selectbox("Practice review", [None, *reviews],
                                format_func=lambda r: "None" if r is None else reviews[r].name)
        summary = st.text_area("Summary, in the child's words where possible", max_chars=records.MAX_SUMMARY_CHARS,
                               help="No names: the tool removes names, phone numbers and addresses it finds.")
        names = comments.theme_names()
        themes = st.multiselect("Themes", list(names), format_func=names.get,
                                placeholder="Leave empty and the tool chooses; you can change them later")
        g, h, i = st.columns(3)
        consent = g.radio("Consent", list(records.CONSENTS), format_func=records.CONSENTS.get)
        until = h.date_input("Consent until (optional)", value=None, format="DD/MM/YYYY")
        meeting = i.radio("Meeting of the review", [None, *records.MEETINGS],
                          format_func=lambda m: "Not a review meeting" if m is None else records.MEETINGS[m])
        upload = st.file_uploader("File (optional): a photo, a scan, a recording",
                                  help=f"At most {records.max_file_mb()} MB. A photo's "
                                       "location and camera details are removed.")
        if st.form_submit_button("Log record", type="primary"):
            new = records.NewRecord(kind=kind, heard_on=heard_on, setting=setting, age_band=age_band,
                                    summary=summary, consent=consent, consent_until=until, review_id=review_id,
                                    meeting=meeting if review_id else None, themes=themes or None)
            try:
                _, flagged = records.log_record(user, org_id, new, upload.getvalue() if upload else None)
            except (records.RecordError, PermissionError) as err:
                st.error(plain(f"Not logged: {err}."))
            else:
                st.session_state["records_note"] = (
                    ("warning", "Logged. It sounds like a worry, so it has gone to the safeguarding lead.")
                    if flagged else ("success", f"Logged the {kind}. It is in “What children wrote” now."))
                st.rerun()

listed = records.list_records(user)
st.subheader(f"Records ({len(listed)})")
if not listed:
    st.info("No records yet.")
for rec in listed:
    with st.container(border=True):
        where = f" · {rec.review}" + (f" ({rec.meeting})" if rec.meeting else "") if rec.review else ""
        st.markdown(plain(f"{rec.kind.capitalize()} · {rec.heard_on:%d/%m/%Y} · {rec.setting} · "
                          f"{rec.age_band}{where}"))
        st.text(rec.summary)
        st.caption(plain(f"{rec.state} · {records.CONSENTS[rec.consent]}"
                         + (f" until {rec.consent_until:%d/%m/%Y}" if rec.consent_until else "")
                         + (f" · Themes: {rec.themes}" if rec.themes else "")))
        if rec.state != "Consent given":
            continue
        left, right = st.columns(2)
        if rec.has_file and left.toggle("Show the file", key=f"file_{rec.id}"):
            found = records.record_file(user, rec.id)
            if found and found[1].startswith("image/"):
                st.image(found[0], caption=f"The {rec.kind}")
            elif found:
                st.download_button("Download the file", found[0], file_name=f"record-{rec.id}",
                                   mime=found[1], key=f"download_{rec.id}")
        if right.button("Withdraw consent", key=f"withdraw_{rec.id}",
                        help="Removes it from every list, quote, item and report at once, and deletes its file"):
            records.withdraw(user, rec.id)
            st.session_state["records_note"] = ("success", f"Consent withdrawn: the {rec.kind} is no longer "
                                                "used anywhere, and its file is deleted.")
            st.rerun()
