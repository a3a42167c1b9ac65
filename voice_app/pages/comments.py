"""Theme explorer: what children wrote, coded into themes; correct codes, approve quotes."""
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

import streamlit as st

from analysis.emerging import emerging_terms
from analysis.text.wordcloud import word_cloud
from voice_app.page_progress import progress_bar
from voice_app.services import comments, organisations, records, surveys
from voice_app.services.access import Can
from voice_app.ui import plain, require_user, worry_form, worry_sent_notice

# the stages of learning from corrections, as the progress bar names them
LEARNING = {"loading": "Reading corrected comments", "fitting": "Learning themes and feelings",
            "storing": "Keeping what was learned"}
user = require_user(Can.READ_COMMENTS)
st.title("💬 What children wrote")
worry_sent_notice()
names = comments.theme_names()

choices = dict(surveys.survey_choices(include_records=True))  # voice records too
with st.container(border=True):
    a, b, c, d = st.columns(4)
    survey_key = a.selectbox("Survey", list(choices), format_func=choices.get,
                             index=list(choices).index("camhs-wellbeing") if "camhs-wellbeing" in choices else 0)
    rounds = organisations.list_rounds(survey_key)
    round_pick = b.multiselect("Round", [r.name for r in rounds], placeholder="All rounds")
    sites = {s.slug: s for s in organisations.list_sites()}
    site_pick = c.multiselect("Site", list(sites), format_func=lambda s: sites[s].name, placeholder="All sites")
    age = d.selectbox("Age", ["", "under_11", "11_to_15", "16_plus"],
                      format_func=lambda a: {"": "All ages", "under_11": "Under 11", "11_to_15": "11 to 15",
                                             "16_plus": "16 or older"}[a])
    e, f, g, h = st.columns(4)
    theme = e.selectbox("Theme", [""] + list(names), format_func=lambda t: names.get(t, "All themes"),
                        index=([""] + list(names)).index(st.query_params.get("theme", "")) if
                        st.query_params.get("theme", "") in names else 0)
    feeling = f.selectbox("Feeling", ["", "positive", "neutral", "negative"],
                          format_func=lambda s: s.capitalize() or "All")
    period = g.date_input("Between", value=(), format="DD/MM/YYYY")
    words = h.text_input("Words", placeholder="e.g. waiting", max_chars=comments.MAX_SEARCH_CHARS)

since = until = None
if len(period) == 2:
    since = datetime.combine(period[0], dtime.min, UTC)
    until = datetime.combine(period[1] + timedelta(days=1), dtime.min, UTC)
round_ids = [r.id for r in rounds if r.name in round_pick] or None
df = comments.explore(user, survey_key=survey_key, round_ids=round_ids, site_slugs=site_pick,
                      age_band=age or None, theme=theme or None, sentiment=feeling or None,
                      words=words or None, since=since, until=until)

one, many = ("record", "records") if survey_key == records.RECORDS_SURVEY else ("comment", "comments")
st.write(f"**{len(df)}** {one if len(df) == 1 else many}")
if theme:
    st.page_link("voice_app/pages/you_said.py", icon="🔁",
                 label=f"Make a \"You said… We did…\" item from the theme {plain(names[theme])}",
                 query_params={"survey": survey_key, "theme": theme,
                               **({"round": round_pick[0]} if len(round_pick) == 1 else {})})
if df.empty:
    st.info("No comments match. Try fewer filters.")
    st.stop()

# The table has the page's whole width: in a narrow column at 1024 px the comment column ran
# past the table's edge, and a right-to-left comment (Arabic), drawn from the cell's right edge,
# showed as a blank row.
table = df.assign(themes=[comments.themes_shown(t, c, names, text)
                          for t, c, text in zip(df["themes"], df["coded_by"], df["text"])],
                  site=[records.where_heard(k, s, site) for k, s, site in
                        zip(df["record_kind"], df["setting"], df["site"])])[
    ["text", "themes", "sentiment", "site", "round", "quote_status"]]
# A new key after a comment is sent to the lead: the old selection would pick another comment.
picked = st.dataframe(table, hide_index=True, width="stretch", height=420,
                      key=f"comments_table_{st.session_state.get('worry_count', 0)}",
                      on_select="rerun", selection_mode="single-row",
                      column_config={"text": st.column_config.TextColumn("Comment", width="large")})
left, right = st.columns(2)
with left:
    counts = (df["themes"].str.split(";").explode().loc[lambda s: s != ""].map(names)
              .value_counts().rename_axis("theme").reset_index(name="comments"))
    st.subheader("Themes")
    if counts.empty:
        st.caption("No themes in these comments.")
    else:
        st.bar_chart(counts, x="theme", y="comments", horizontal=True, sort="-comments")
    emerging = emerging_terms(df["text"], df["themes"])
    st.subheader("Emerging words (no theme yet)")
    if emerging.empty:
        st.caption("Nothing new stands out.")
    else:
        st.dataframe(emerging, hide_index=True, width="stretch")
with right:
    cloud = word_cloud(df["redacted"])
    st.subheader("Word cloud")
    if cloud is None:
        st.caption("Not enough words for a word cloud yet.")
    else:
        st.image(cloud, width="stretch", alt="Word cloud: the words used most in these comments, the biggest most often")

with st.expander("Teach the tool from our corrections"):
    st.caption("Each time you save a coding, it is kept. With enough of them, the tool learns your "
               "organisation's way of coding and suggests themes for new comments.")
    for org_id in user.organisation_ids:
        if st.button("Learn from our corrections", key=f"train_{org_id}"):
            try:
                with progress_bar(LEARNING) as progress:
                    learned = comments.train_model(user, org_id, progress=progress)
            except ValueError as err:
                st.info(plain(err))
            else:
                st.success(f"Learned from {learned} corrected comments.")

rows = picked.selection.rows if picked else []
if not rows:
    st.caption("Select a comment to read it in full, correct its themes or approve it as a quote.")
    st.stop()

row = df.iloc[rows[0]]
answer_id = int(row["answer_id"])
with st.container(border=True):
    st.subheader("Comment")
    st.text(row["text"])
    where = records.where_heard(row["record_kind"], row["setting"], row["site"])
    st.caption(plain(f"{where} · {row['round']} · coded by {row['coded_by']}")
               if row["coded_by"] != comments.NEEDS_PERSON else comments.not_coded_words(row["text"]))
    worry_form(user, answer_id, "comment")
    with st.form(f"code_{answer_id}"):
        new_themes = st.multiselect("Themes", list(names), default=[t for t in row["themes"].split(";") if t in names],
                                    format_func=names.get)
        new_feeling = st.radio("Feeling", comments.SENTIMENTS, horizontal=True,
                               index=comments.SENTIMENTS.index(row["sentiment"]))
        if st.form_submit_button("Save coding"):
            comments.correct(user, answer_id, new_themes, new_feeling)
            st.success("Saved. Your coding is kept and helps the tool learn.")
    st.subheader("Use as a quote")
    st.caption("Only this redacted wording can ever be published. Check no one could be identified.")
    # Said here, by the box: at 1024 px the table's quote column is off the screen.
    if row["quote_status"] == "approved":
        st.success("Approved as a quote: this wording can be published.")
    elif row["quote_status"] == "rejected":
        st.info("Rejected as a quote: it will not be published.")
    wording = st.text_area("Quote wording", value=row["quote_wording"], key=f"quote_{answer_id}")
    q1, q2, q3 = st.columns(3)
    if q1.button("Approve quote", type="primary", key=f"approve_{answer_id}"):
        try:
            comments.decide_quote(user, answer_id, True, wording)
        except ValueError as err:
            st.error(plain(f"Not approved: {err}."))
        else:
            st.rerun()
    if q2.button("Reject quote", key=f"reject_{answer_id}"):
        comments.decide_quote(user, answer_id, False)
        st.rerun()
    if q3.button("Hide comment", key=f"hide_{answer_id}", help="Leave it out of figures of themes, clouds and quotes"):
        comments.hide(user, answer_id)
        st.rerun()
