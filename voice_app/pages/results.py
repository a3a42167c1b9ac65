"""Results for staff: per survey and round, responses, response rate, and each question's figures."""
import streamlit as st

from analysis import charts
from voice_app.services import organisations, results, surveys
from voice_app.ui import require_user

require_user()
st.title("📊 Results")

choices = dict(surveys.survey_choices())
if not choices:
    st.info("No surveys yet.")
    st.stop()
left, middle, right = st.columns(3)
survey_key = left.selectbox("Survey", list(choices), format_func=lambda k: f"{choices[k]} ({k})")
rounds = [r.name for r in organisations.list_rounds(survey_key)]
if not rounds:
    st.info("This survey has no rounds yet: responses from a kiosk link start one.")
    st.stop()
round_name = middle.selectbox("Round", rounds, index=len(rounds) - 1)
sites = {s.slug: s.name for s in organisations.list_sites()}
picked = right.multiselect("Sites", list(sites), format_func=sites.get, placeholder="All sites")

report = results.round_report(survey_key, round_name, site_slugs=picked or None)
definition = surveys.get_definition(survey_key)
labels = surveys.labels(definition)
questions = [q.meta() for q in definition.questions]

a, b, c = st.columns(3)
a.metric("Responses", report["responses"])
b.metric("Invited", report["invited"] if report["invited"] else "not recorded")
c.metric("Response rate", f"{report['response_rate_pct']}%" if report["response_rate_pct"] is not None else "–")

figs = report["questions"]
if not charts.has_data(figs):
    st.info("Not enough responses to show yet.")
else:
    for heading, chart in [
        ("How positive were answers? (top two options, with 95% confidence interval)",
         charts.positive_chart(figs, labels)),
        ("All answers to the rating questions", charts.diverging_scale_chart(figs, questions, labels)),
    ]:
        if chart is not None:
            st.subheader(heading)
            st.altair_chart(chart, width="stretch")

st.subheader("Figures table")
st.caption("Percentages are of those who answered each question (blanks left out); n is that base.")
table = charts.figures_table(figs, questions, labels)
st.dataframe(table.drop(columns=["question_id", "option_id"]), hide_index=True, width="stretch")
