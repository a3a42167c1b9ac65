"""Results: per survey and round, responses, response rate and each question's figures,
with breakdowns, change since another round, trends and downloads. Board members see only
suppressed figures: the service decides that, not this page."""
import streamlit as st

from analysis import chart_tables, charts
from voice_app.services import access, exports, organisations, results, surveys
from voice_app.services.report_models import as_data
from voice_app.ui import plain, require_user, survey_picker

BREAKDOWNS = {"": "No breakdown", "site": "Site", "organisation": "Organisation", "age_band": "Age band",
              "language": "Language", "version": "Version", "mode": "Mode"}
user = require_user()
board = access.audience(user) != "staff"
st.title("📊 Results")
if board:
    st.caption("Board view: counts under 5 are shown as <5 and no percentage is given for fewer "
               "than 10 answers, so no child can be identified. [c] marks a number held back so "
               "that a small one cannot be worked out from the others.")

with st.container(border=True):
    a, b, c, d = st.columns(4)
    survey_key = survey_picker(a)
    rounds = [r.name for r in organisations.list_rounds(survey_key)]
    if not rounds:
        st.info("This survey has no rounds yet: responses from a kiosk link start one.")
        st.stop()
    round_name = b.selectbox("Round", rounds, index=len(rounds) - 1)
    picked, age, view, lang, version, mode = None, None, None, None, None, None
    if board:
        # A board sees the partnership's fixed groupings only: one organisation, one site or one
        # age band, never a set of sites ("all" minus "all but one" would be one site).
        views = dict(results.board_views())
        view = c.selectbox("Show", list(views), format_func=views.get)
    else:
        sites = {s.slug: s.name for s in organisations.list_sites()}
        picked = c.multiselect("Sites", list(sites), format_func=sites.get, placeholder="All sites") or None
        age = d.selectbox("Age", ["", "under_11", "11_to_15", "16_plus"],
                          format_func=lambda v: {"": "All ages", "under_11": "Under 11", "11_to_15": "11 to 15",
                                                 "16_plus": "16 or older"}[v]) or None
        languages = dict(results.language_choices())
        g, h, i = st.columns(3)
        lang = g.selectbox("Language", [""] + list(languages), format_func=lambda v: languages.get(v, "All languages")) or None
        version = h.selectbox("Version", ["", *results.VERSIONS],
                              format_func=lambda v: results.VERSIONS.get(v, "All versions")) or None
        mode = i.selectbox("Mode", ["", *results.MODES], format_func=lambda v: results.MODES.get(v, "All modes"),
                           help="How the answers were given: on a tablet, on paper typed in by a worker, or imported.") or None
    e, f = st.columns(2)
    earlier = [r for r in rounds if r != round_name]
    compare = e.selectbox("Compare with round", [""] + earlier, format_func=lambda r: r or "No comparison")
    # A board sees tablet and paper answers together: its groupings are the disclosure plan's.
    by = f.selectbox("Break down by", [b for b in BREAKDOWNS if not (board and b == "mode")], format_func=BREAKDOWNS.get)

scope = ({"view": view} if board else
         {"site_slugs": picked, "age_band": age, "lang": lang, "version": version, "mode": mode})
report = results.report_for(user, survey_key, round_name, compare_round=compare or None, by=by or None, **scope)
definition = surveys.get_definition(survey_key)
labels = surveys.labels(definition)
questions = [q.meta() for q in definition.questions]
scales = [q for q in definition.questions if q.type == "scale"]

m1, m2, m3 = st.columns(3)
m1.metric("Responses", report.responses)
m2.metric("Invited", report.invited if report.invited else "not recorded for this view",
          help="A rate needs the number invited at exactly these sites, so both sides count the same children.")
m3.metric("Response rate", f"{report.response_rate_pct}%" if report.response_rate_pct is not None else "–")

figs = as_data(report.questions)  # analysis/ draws and tabulates plain figures
if not charts.has_data(figs):
    st.info("Not enough responses to show yet.")
for heading, chart in [
    ("How positive were answers? (top two options, with 95% confidence interval)", charts.positive_chart(figs, labels)),
    ("All answers to the rating questions", charts.diverging_scale_chart(figs, questions, labels)),
]:
    if chart is not None:
        st.subheader(heading)
        st.altair_chart(chart, width="stretch")

if scales and access.can(user, access.Can.READ_COMMENTS):
    with st.popover("🔁 Make a \"You said… We did…\" item from a figure"):
        qid = st.selectbox("Figure", [q.id for q in scales], format_func=labels.get, key="ys_question")
        st.page_link("voice_app/pages/you_said.py", label="Start the item, prefilled",
                     query_params={"survey": survey_key, "round": round_name, "question": qid})

if report.changes:
    st.subheader(f"Change since {plain(report.compare_round)}")
    st.dataframe(chart_tables.changes_display(as_data(report.changes), labels), hide_index=True, width="stretch")
    st.caption("A change is called more than chance when a two-proportion test (Fisher's exact test "
               "for small numbers) gives p < 0.05.")

if report.breakdown and scales:
    st.subheader("By " + BREAKDOWNS[by].lower())
    qid = st.selectbox("Question", [q.id for q in scales], format_func=labels.get, key="bd_question")
    breakdown = {group: as_data(f) for group, f in report.breakdown.items()}
    chart = charts.small_multiples_chart(breakdown, qid, labels)
    if chart is None:
        st.info("Not enough responses to show a breakdown.")
    else:
        st.altair_chart(chart, width="stretch")
    st.dataframe(chart_tables.breakdown_display(breakdown, qid, BREAKDOWNS[by]), hide_index=True, width="stretch")

if scales and len(rounds) > 1:
    st.subheader("Trend across rounds")
    tq = st.selectbox("Question", [q.id for q in scales], format_func=labels.get, key="trend_question")
    trend = results.trend_for(user, survey_key, tq, **scope)
    chart = charts.trend_chart(trend)
    if chart is None:
        st.info("Not enough responses to show a trend.")
    else:
        st.altair_chart(chart, width="stretch")
    st.dataframe(chart_tables.trend_display(trend), hide_index=True, width="stretch")

st.subheader("Figures table")
st.caption("Percentages are of those who answered each question (blanks left out); n is that base.")
table = chart_tables.figures_table(figs, questions, labels)
st.dataframe(chart_tables.figures_display(figs, questions, labels), hide_index=True, width="stretch")
name = f"{survey_key}-{round_name}".replace(" ", "-").lower()
d1, d2 = st.columns(2)
d1.download_button("Download CSV", data=lambda: exports.export(user, table, "csv", name), file_name=f"{name}.csv",
                   mime="text/csv", on_click="ignore")
d2.download_button("Download Excel", data=lambda: exports.export(user, table, "xlsx", name),
                   file_name=f"{name}.xlsx", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
