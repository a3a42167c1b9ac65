"""Board summary: the partnership's figures, suppressed, with how many loops were closed."""
from datetime import date

import pandas as pd
import streamlit as st

from voice_app.services import board
from voice_app.ui import require_user

user = require_user(*board.BOARD_ROLES)
st.title("🏛️ Partnership board summary")
st.caption("Counts from 1 to 4 are shown as <5; no percentage is shown for fewer than 10 answers. "
           "Quotes are only those a worker has approved.")

options = board.choices()
a, b, c, d = st.columns(4)
org_ids = a.multiselect("Organisations", list(options["organisations"]),
                        format_func=options["organisations"].get, placeholder="The whole partnership")
survey_keys = b.multiselect("Surveys", list(options["surveys"]), format_func=options["surveys"].get,
                            placeholder="All surveys")
start = c.date_input("From", date(date.today().year, 1, 1), format="DD/MM/YYYY")
end = d.date_input("To", date(date.today().year, 12, 31), format="DD/MM/YYYY")

data = board.summary(user, board.Filters(org_ids or None, survey_keys or None, start, end))
loops = data["loops"]
m = st.columns(4)
m[0].metric("“You said” items", loops["items"])
m[1].metric("Reached “we did”", loops["we_did"])
m[2].metric("Loops closed", f"{loops['closed_pct']}%" if loops["closed_pct"] is not None else "–",
            help="“We did”, or an honest “we can't, because…”")
m[3].metric("Median days to close", loops["median_days_to_close"] if loops["median_days_to_close"] is not None else "–")
s = st.columns(2)
s[0].metric("Comments screened for safeguarding", data["safeguarding"]["screened"])
s[1].metric("Passed to a safeguarding lead", data["safeguarding"]["flagged"])

if not data["rounds"]:
    st.info("No survey rounds in this period.")
for r in data["rounds"]:
    st.subheader(f"{r['title']}: {r['round']}")
    st.write(f"Responses: {r['responses']}"
             + (f" · response rate {r['response_rate_pct']}%" if r["response_rate_pct"] is not None else "")
             + (f" · compared with {r['compared_with']}" if r["compared_with"] else ""))
    if r["headlines"]:
        table = pd.DataFrame([{"Question": h["question"], "n": str(h["n"]),
                               "% positive": h["positive_pct"],
                               "95% interval": f"{h['ci95'][0]}–{h['ci95'][1]}" if h["ci95"] and h["positive_pct"] is not None else "",
                               "Change (points)": "–" if h["change_points"] is None else f"{h['change_points']:+d}",
                               "More than chance?": {True: "yes", False: "no"}.get(h["significant"], "")}
                              for h in r["headlines"]])
        st.dataframe(table, hide_index=True, width="stretch")
    if r["themes"]:
        st.dataframe(pd.DataFrame([{"Theme": t["theme"], "Comments": str(t["comments"]),
                                    "% positive": t["positive_pct"], "% negative": t["negative_pct"]}
                                   for t in r["themes"]]), hide_index=True, width="stretch")
    for q in r["quotes"]:
        st.text(f"“{q['text']}”")
