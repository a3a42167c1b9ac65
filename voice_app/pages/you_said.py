"""You said… We did…: workers turn a theme or a figure into an item, say what changed, publish it."""
import streamlit as st

from voice_app.services import comments, organisations, poster, records, surveys
from voice_app.services.access import Can
from voice_app.services.you_said import drafts, item_views, items, notices
from voice_app.ui import plain, require_user, worry_form, worry_sent_notice

user = require_user(Can.READ_COMMENTS)
st.title("🔁 You said… We did…")
worry_sent_notice()

orgs = item_views.organisation_choices(user)
if not orgs:
    st.info("Your account is not linked to an organisation yet.")
    st.stop()
org_id = st.selectbox("Organisation", list(orgs), format_func=orgs.get)


def start_from(draft: drafts.Draft) -> None:
    """One click: the item is created from the prefilled draft, then opened for editing."""
    item_id = items.create(user, org_id, draft.you_said, survey_key=draft.survey_key,
                           round_name=draft.round_name, theme_id=draft.theme_id,
                           source_count=draft.source_count, source_figure=draft.source_figure,
                           quote_answer_ids=draft.quote_answer_ids)
    st.session_state["you_said_item"] = item_id


params = st.query_params
with st.expander("Start a new item from a theme or a figure", expanded=not item_views.list_items(user)
                 or "theme" in params or "question" in params):
    choices = dict(surveys.survey_choices(include_records=True))  # voice records give items too
    keys = list(choices)
    top = st.container()
    left, right = st.columns(2)
    theme_names = comments.theme_names()
    theme_ids = list(theme_names)
    # The theme is picked first, so the survey can follow it: an item from a theme is about the
    # survey whose children talked about it, not whichever survey happens to be listed first.
    theme = left.selectbox("Theme", theme_ids, format_func=theme_names.get,
                           index=theme_ids.index(params["theme"]) if params.get("theme") in theme_ids else 0)
    own = params.get("survey") if params.get("survey") in keys else drafts.theme_survey(user, theme, org_id)
    survey_key = top.selectbox("Survey", keys, format_func=choices.get, key=f"ys_survey_{theme}",
                               index=keys.index(own) if own in keys else 0)
    rounds = [r.name for r in organisations.list_rounds(survey_key)] if survey_key else []
    round_name = top.selectbox("Round", rounds, index=rounds.index(params["round"])
                               if params.get("round") in rounds else max(len(rounds) - 1, 0))
    if round_name:
        if left.button("Create from this theme", key="from_theme", type="primary"):
            start_from(drafts.draft_from_theme(user, survey_key, round_name, theme, org_id))
    if round_name and survey_key != records.RECORDS_SURVEY:  # voice records have no figures
        definition = surveys.get_definition(survey_key)
        questions = {q.id: comments.question_label(definition, q.id) for q in definition.questions
                     if q.type in ("scale", "single")}
        qids = list(questions)
        question = right.selectbox("Figure", qids, format_func=questions.get,
                                   index=qids.index(params["question"]) if params.get("question") in qids else 0)
        if right.button("Create from this figure", key="from_figure"):
            start_from(drafts.draft_from_figure(user, survey_key, round_name, question, org_id))
    if st.button("Create a blank item", key="blank"):
        start_from(drafts.Draft(org_id, None, None, you_said="You said…"))

org_items = [i for i in item_views.list_items(user) if i.organisation_id == org_id]
if not org_items:
    st.info("No items yet for this organisation.")
    st.stop()
ids = [i.id for i in org_items]
picked = st.session_state.get("you_said_item")
item_id = st.selectbox("Item", ids, index=ids.index(picked) if picked in ids else 0,
                       format_func=lambda i: f"#{i} {next(x for x in org_items if x.id == i).you_said[:70]}")
item = item_views.get_item(user, item_id)
st.caption(plain(f"{'Published' if item.published else 'Not published'} · {item.status_words} · "
                 f"from: {item.theme or item.source_figure or 'written by hand'}"
                 + (f" ({item.source_count} comments)" if item.theme and item.source_count is not None else "")))
for answer_id, quote in item_views.quote_comments(user, item.id):
    st.text(f"“{quote}”")
    worry_form(user, answer_id, "quote")

with st.form(f"edit_{item.id}"):
    said = st.text_area("You said (in children's words)", item.you_said)
    status = st.selectbox("Status", items.STATUSES, index=items.STATUSES.index(item.status),
                          format_func=items.STATUS_WORDS.get)
    did = st.text_area("We did / we are doing", item.we_did)
    a, b = st.columns(2)
    owner = a.text_input("Named role (who is doing it)", item.owner_role)
    due = b.date_input("Due by", item.due_on, format="DD/MM/YYYY")
    progress = st.text_area("Progress so far", item.progress)
    cant = st.text_area("We can't, because…", item.cant_because)
    sites = item_views.site_choices(user, org_id)
    site_ids = [None, *sites]
    site = st.selectbox("Site", site_ids, index=site_ids.index(item.site_id) if item.site_id in site_ids else 0,
                        format_func=lambda s: "The whole organisation" if s is None else sites[s])
    evidence = st.text_area("Evidence", item.evidence_text)
    link = st.text_input("Evidence link", item.evidence_link)
    if st.form_submit_button("Save", type="primary"):
        try:
            items.update(user, item.id, you_said=said, status=status, we_did=did, owner_role=owner,
                         due_on=due, progress=progress, cant_because=cant, site_id=site,
                         evidence_text=evidence, evidence_link=link)
            st.session_state["you_said_item"] = item.id
            st.rerun()
        except items.ItemError as err:
            st.error(plain(err))

left, right = st.columns(2)
if left.button("Take off the notice board" if item.published else "Publish", key="publish",
               type="secondary" if item.published else "primary"):
    try:
        items.publish(user, item.id, not item.published)
        st.session_state["you_said_item"] = item.id
        st.rerun()
    except items.ItemError as err:
        st.error(plain(err))
photo_mb = items.MAX_PHOTO_BYTES // (1024 * 1024)
photo = right.file_uploader(f"Evidence photo (up to {photo_mb} MB)", type=["jpg", "jpeg", "png"],
                            key=f"photo_{item.id}", max_upload_size=photo_mb)
if photo is not None and right.button("Save photo", key="save_photo"):
    try:
        items.set_photo(user, item.id, photo.getvalue())
        st.rerun()
    except items.ItemError as err:
        right.error(plain(err))
if item.has_photo:
    right.image(items.photo(user, item.id), width=240)

with st.expander("History"):
    for change in items.history(user, item.id):
        st.text(f"{change['at']:%d %b %Y %H:%M}  {change['change']}")

st.subheader("Notice-board poster")
sites = item_views.site_choices(user, org_id)
if not sites:
    st.info("Add a site to this organisation to print its poster: the poster's code opens that site's survey.")
    st.stop()
# A poster hangs in one place: its code must open that place's kiosk, not another clinic's.
poster_site = st.selectbox("Printed for", list(sites), format_func=sites.get, key="poster_site")
notice = notices.site_notice(user, poster_site)
if notice is not None:
    link = notices.notice_link(notice)
    size = st.radio("Paper", list(poster.SIZES_MM), horizontal=True)
    a, b = st.columns(2)
    a.download_button("Poster (PDF)", poster.poster_pdf(notice, size, link), f"you-said-{size}.pdf",
                      "application/pdf", on_click="ignore")
    b.download_button("Poster (PNG)", poster.poster_png(notice, size, link), f"you-said-{size}.png",
                      "image/png", on_click="ignore")
    # Our own addresses (slugs are lower-case letters, digits and -): left as links to follow.
    st.caption(f"{len(notice.items)} published item(s). Public page: /you-said?site={notice.site_slug}")
    st.caption(f"The code on the poster opens: {link}" if link else
               "No code on this poster: none of its items is about a survey.")
