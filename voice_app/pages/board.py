"""Board summary: the partnership's figures at a glance (suppressed), with the figures beside
each picture, how many loops were closed, and each round's headlines."""
from datetime import date

import streamlit as st

from analysis import board_charts, chart_tables
from voice_app.services import board, views_by_setting
from voice_app.services.access import Can
from voice_app.ui import plain, require_user

user = require_user(Can.SEE_BOARD_VIEWS)
st.title("🏛️ Partnership board summary")
st.caption("Counts from 1 to 4 are shown as <5; no percentage is shown for fewer than 10 answers. "
           "Quotes are only those a worker has approved.")

options = board.choices()
a, b, c, d = st.columns(4)
# One organisation or the whole partnership, never a set: "all" minus "all but one" is one.
org_id = a.selectbox("Organisation", [None, *options["organisations"]],
                     format_func=lambda o: "The whole partnership" if o is None else options["organisations"][o])
survey_keys = b.multiselect("Surveys", list(options["surveys"]), format_func=options["surveys"].get,
                            placeholder="All surveys")
start = c.date_input("From", date(date.today().year, 1, 1), format="DD/MM/YYYY")
end = d.date_input("To", date(date.today().year, 12, 31), format="DD/MM/YYYY")

data = board.summary(user, board.Filters(None if org_id is None else [org_id], survey_keys or None, start, end))
glance = board.chart_data(data)


def chart_with_table(chart, table, name: str, empty: str) -> None:
    """A picture with its figures right under it (side by side, at 1024 px, the table showed
    two of its five columns); the picture downloadable for board papers."""
    with st.container(border=True):
        if chart is None:
            st.info(empty)
        else:
            st.altair_chart(chart, width="stretch")
        st.dataframe(table, hide_index=True, width="stretch")
        if chart is not None:
            st.download_button("Download chart (PNG)", data=lambda: board.chart_png(user, chart, name),
                               file_name=f"{name}.png", mime="image/png", on_click="ignore", key=f"png-{name}")


loops = data.loops
m = st.columns(4)
m[0].metric("“You said” items", loops.items)
m[1].metric("Reached “we did”", loops.we_did)
m[2].metric("Loops closed", f"{loops.closed_pct}%" if loops.closed_pct is not None else "–",
            help="“We did”, or an honest “we can't, because…”")
m[3].metric("Median days to close", loops.median_days_to_close if loops.median_days_to_close is not None else "–")
s = st.columns(2)
s[0].metric("Comments screened for safeguarding", data.safeguarding.screened)
s[1].metric("Passed to a safeguarding lead", data.safeguarding.flagged)

if not data.rounds:
    st.info("No survey rounds in this period.")

for survey in glance.surveys:
    if not survey.trend:
        continue  # no rating questions: its rounds are summed up below
    st.header(plain(survey.title))
    trend = [p.model_dump() for p in survey.trend]
    st.subheader("How positive were answers, round by round?")
    st.caption("% who gave one of the top two answers, with its 95% interval (the line).")
    chart_with_table(board_charts.board_positive_chart(trend, "Round"), chart_tables.board_points_display(trend, "Round"),
                     f"{survey.survey}-by-round", "Not enough answers to show.")
    st.subheader(f"Sites side by side ({plain(survey.sites_round)})")
    sites = [p.model_dump() for p in survey.sites]
    chart_with_table(board_charts.board_positive_chart(sites, "Site"), chart_tables.board_points_display(sites, "Site"),
                     f"{survey.survey}-by-site",
                     "Sites cannot be shown side by side without giving small numbers away.")

st.header("“You said… We did…”")
loop_rows = [item.model_dump() for item in glance.loops]
chart_with_table(board_charts.loops_chart(loop_rows), chart_tables.loops_display(loop_rows), "you-said-we-did",
                 "No “You said… We did…” items yet.")

st.header(views_by_setting.TITLE)
st.caption("What children wrote about, by where they were heard: comments about each topic in this period, "
           "from every survey. A comment can be about more than one topic. <5: 1 to 4 comments; [c]: withheld "
           "so that a small number cannot be worked out from the others.")
picture = views_by_setting.views(user, org_id, start, end)
with st.container(border=True, key="views-by-setting"):
    if not picture.rows:
        st.info("No comments about any topic in this period.")
    else:
        shown, empty = views_by_setting.screen_display(picture)
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"Topic": st.column_config.TextColumn(pinned=True)}
                     | {c: st.column_config.TextColumn(views_by_setting.short_name(c), width="small", help=c)
                        for c in shown.columns if c != "Topic"})
        if empty:
            st.caption(plain(f"No comments in this period from: {', '.join(empty)}."))
        if lines := views_by_setting.quote_lines(picture):
            st.markdown("**What young people said** (approved quotes, the newest for each topic)")
            for line in lines:
                st.text(line)
        st.download_button("Download as PNG", data=lambda: views_by_setting.png(user, picture),
                           file_name="views-by-topic-and-setting.png", mime="image/png", on_click="ignore",
                           key="png-views-by-setting")

for r in data.rounds:
    st.subheader(plain(f"{r.title}: {r.round}"))
    st.markdown(plain(f"Responses: {r.responses}"
                      + (f" · response rate {r.response_rate_pct}%" if r.response_rate_pct is not None else "")
                      + (f" · compared with {r.compared_with}" if r.compared_with else "")))
    if r.headlines:
        st.dataframe(board.headlines_display(r), hide_index=True, width="stretch")
    if r.themes:
        st.dataframe(board.themes_display(r), hide_index=True, width="stretch")
    for q in r.quotes:
        st.text(f"“{q.text}”")
