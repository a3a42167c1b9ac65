"""Kiosk links and QR codes, for admins: one link per survey at a site; a link can be switched off."""
import streamlit as st

from voice_app.services import kiosk_links, paper_pdf
from voice_app.services.access import Can
from voice_app.ui import require_user

user = require_user(Can.ADMINISTER)
st.title("📱 Kiosk links and QR codes")

links = kiosk_links.list_links(user)
if not links:
    st.info("Add a site under Organisations first: a kiosk link is a survey at a site.")
    st.stop()
st.dataframe([{"survey": l.survey_key, "site": l.site_name, "link": l.url, "on": l.active} for l in links],
             hide_index=True, width="stretch")

surveys = {l.survey_key: l.survey_title for l in links}
sites = {l.site_slug: l.site_name for l in links}
left, right = st.columns(2)
survey_key = left.selectbox("Survey", list(surveys), format_func=lambda k: f"{surveys[k]} ({k})")
site_slug = right.selectbox("Site", list(sites), format_func=sites.get)
link = next(l for l in links if l.survey_key == survey_key and l.site_slug == site_slug)

st.code(link.url, language=None, wrap_lines=True)  # a long link wraps: no scrolling box a keyboard cannot reach
on = st.toggle("Link switched on", value=link.active, key=f"kiosk_on_{survey_key}_{site_slug}",
               help="Switched off, the tablet or poster shows a polite message instead of the survey.")
if on != link.active:
    kiosk_links.set_active(user, survey_key, site_slug, on)
    st.rerun()
if not link.active:
    st.warning("This link is switched off: children who open it are asked to speak to a member of staff.")

st.image(kiosk_links.qr_png(link.url), caption="QR code for this link", width=240,
         alt="QR code that opens the link above")
name = f"{survey_key}-{site_slug}"
downloads = [("QR code (PNG)", kiosk_links.qr_png(link.url), f"qr-{name}.png", "image/png", "qr_png"),
             ("QR code (SVG)", kiosk_links.qr_svg(link.url), f"qr-{name}.svg", "image/svg+xml", "qr_svg"),
             ("A4 sign (PDF)", kiosk_links.sign_pdf(link), f"sign-{name}.pdf", "application/pdf", "sign_pdf"),
             ("A4 sign (PNG)", kiosk_links.sign_png(link), f"sign-{name}.png", "image/png", "sign_png")]
downloads.append(("Paper survey (PDF)", lambda: paper_pdf.paper_pdf(survey_key, site_slug=site_slug),
                  f"paper-{name}.pdf", "application/pdf", "paper_pdf"))  # made only when asked for
for col, (label, data, file_name, mime, kind) in zip(st.columns(len(downloads)), downloads):
    col.download_button(label, data, file_name=file_name, mime=mime, key=f"kiosk_dl_{kind}",
                        on_click=kiosk_links.record_download, args=(user, link, kind))
