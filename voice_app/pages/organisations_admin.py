"""Organisations, their sites, and survey rounds, for admins."""
import streamlit as st

from voice_app.services import organisations as orgs_service
from voice_app.services import organisations_admin
from voice_app.services import site_settings, surveys
from voice_app.services.organisations import AdminError
from voice_app.services.access import Can
from voice_app.ui import plain, require_user

user = require_user(Can.ADMINISTER)
st.title("🏢 Organisations, sites and rounds")
NEW = "➕ New"


def saved(message: str) -> None:
    st.session_state["orgs_saved"] = plain(message)
    st.rerun()


if st.session_state.get("orgs_saved"):
    st.success(st.session_state.pop("orgs_saved"))

orgs_tab, sites_tab, rounds_tab = st.tabs(["Organisations", "Sites", "Rounds"])

with orgs_tab:
    organisations = organisations_admin.list_organisations(user)
    st.dataframe([{"name": o.name, "slug": o.slug, "sites": o.sites, "names removed from quotes": len(o.redact_names),
                   "words kept (months)": o.retention_months}
                  for o in organisations], hide_index=True, width="stretch")
    by_slug = {o.slug: o for o in organisations}
    pick = st.selectbox("Add or change", [NEW, *by_slug], key="orgs_pick",
                        format_func=lambda s: s if s == NEW else by_slug[s].name)
    org = by_slug.get(pick)
    with st.form(f"orgs_form_{pick}"):
        name = st.text_input("Name", value=org.name if org else "")
        slug = st.text_input("Slug (short id; blank to make one from the name)", value=org.slug if org else "")
        names = st.text_area("Names to remove from quotes, one per line (schools, clinics, staff)",
                             value="\n".join(org.redact_names) if org else "")
        second = st.text_input("Second contact's email: told when no lead has acknowledged a concern in time",
                               value=org.escalation_email if org else "", max_chars=254)
        months = st.number_input("Months children's own words are kept after their round closes (then only "
                                 "the copy with personal details removed; figures and themes stay)",
                                 min_value=1, max_value=240, step=1,
                                 value=org.retention_months if org else organisations_admin.RETENTION_MONTHS_DEFAULT)
        if st.form_submit_button("Save organisation", type="primary"):
            try:
                done = organisations_admin.save_organisation(user, name, slug, names, org.id if org else None, second,
                                                             int(months))
            except AdminError as err:
                st.error(plain(err))
            else:
                saved(f"Saved {done.name}.")

with sites_tab:
    sites = organisations_admin.list_site_details(user)
    org_names = {o.slug: o.name for o in organisations}
    st.dataframe([{"name": s.name, "slug": s.slug, "organisation": org_names.get(s.organisation_slug, ""),
                   "setting": s.setting_name} for s in sites], hide_index=True, width="stretch")
    if not org_names:
        st.info("Add an organisation first.")
    else:
        by_site = {s.slug: s for s in sites}
        pick = st.selectbox("Add or change", [NEW, *by_site], key="sites_pick",
                            format_func=lambda s: s if s == NEW else by_site[s].name)
        site = by_site.get(pick)
        with st.form(f"sites_form_{pick}"):
            slugs = list(org_names)
            org_slug = st.selectbox("Organisation", slugs, format_func=org_names.get,
                                    index=slugs.index(site.organisation_slug) if site else 0)
            name = st.text_input("Name, e.g. Riverside clinic waiting room", value=site.name if site else "")
            slug = st.text_input("Slug (blank to make one from the name)", value=site.slug if site else "")
            contact = st.text_input("Staff contact's email: told when a child here asks for someone to talk to",
                                    value=site.contact_email if site else "", max_chars=254)
            settings = [None, *site_settings.setting_choices()]
            setting = st.selectbox("Setting: where children are heard here (for the board's views by topic "
                                   "and setting)", settings, format_func=site_settings.setting_name,
                                   index=settings.index(site.setting) if site and site.setting in settings else 0)
            if site:
                st.caption("⚠️ Changing the slug changes the kiosk links: printed QR codes would stop working.")
            if st.form_submit_button("Save site", type="primary"):
                try:
                    done = organisations_admin.save_site(user, org_slug, name, slug, site.id if site else None, contact,
                                                         setting)
                except AdminError as err:
                    st.error(plain(err))
                else:
                    saved(f"Saved {done.name}.")

with rounds_tab:
    choices = dict(surveys.survey_choices())
    survey_key = st.selectbox("Survey", list(choices), key="rounds_survey",
                              format_func=lambda k: f"{choices[k]} ({k})")
    rounds = orgs_service.list_rounds(survey_key) if survey_key else []
    st.dataframe([{"name": r.name, "opens": r.opens_on, "closes": r.closes_on, "invited": r.invited}
                  for r in rounds], hide_index=True, width="stretch")
    by_id = {r.id: r for r in rounds}
    pick = st.selectbox("Add or change", [NEW, *by_id], key="rounds_pick",
                        format_func=lambda i: i if i == NEW else by_id[i].name)
    round_ = by_id.get(pick)
    with st.form(f"rounds_form_{survey_key}_{pick}"):
        name = st.text_input("Name, e.g. Spring 2026", value=round_.name if round_ else "")
        left, middle, right = st.columns(3)
        opens = left.date_input("Opens", value=round_.opens_on if round_ else None)
        closes = middle.date_input("Closes", value=round_.closes_on if round_ else None)
        invited = right.number_input("People invited (blank if not known)", step=1,
                                     value=round_.invited if round_ else None)
        if st.form_submit_button("Save round", type="primary"):
            try:
                done = organisations_admin.save_round(user, survey_key, name, None if invited is None else int(invited),
                                                      opens, closes, round_.id if round_ else None)
            except (AdminError, LookupError) as err:
                st.error(plain(err))
            else:
                saved(f"Saved round {done.name}.")

    if round_:
        st.subheader(f"Invited at each site: {plain(round_.name)}")
        st.caption("A site's response rate needs the number invited there, and an organisation's needs "
                   "one for each of its sites that had responses; without them no rate is shown.")
        known = orgs_service.invited_at_sites(survey_key, round_.name)
        with st.form(f"invited_form_{survey_key}_{pick}"):
            numbers = {s.slug: st.number_input(plain(f"{s.name} ({s.organisation})"), min_value=0, step=1,
                                               value=known.get(s.slug), key=f"invited_{pick}_{s.slug}")
                       for s in orgs_service.list_sites()}
            if st.form_submit_button("Save invited numbers"):
                try:
                    for slug, number in numbers.items():
                        if number != known.get(slug):
                            orgs_service.set_site_invited(user, survey_key, round_.name, slug,
                                                          None if number is None else int(number))
                except (AdminError, LookupError) as err:
                    st.error(plain(err))
                else:
                    saved(f"Saved the numbers invited at each site for {round_.name}.")
