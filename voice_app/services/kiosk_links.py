"""Kiosk links for a survey at a site, their QR codes and a printable sign; links can be switched off.

A survey at a site with no KioskLink row is on: links printed before this table existed keep
working. Switching one off stores a row with active False, which open_kiosk refuses.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from PIL import Image, ImageDraw, ImageFont

from voice_app.config import get_settings
from voice_app.services import audit
from voice_app.services.access import Can, require
from voice_app.services.accounts import StaffUser
from voice_app.store import admin, queries
from voice_app.store.db import session_scope
from voice_app.store.models import KioskLink

SIGN_HEADING = "Tell us what you think"
A4_AT_150_DPI = (1240, 1754)


@dataclass(frozen=True)
class LinkInfo:
    survey_key: str
    survey_title: str
    site_slug: str
    site_name: str
    url: str
    active: bool


def kiosk_url(survey_key: str, site_slug: str) -> str:
    return f"{get_settings().public_url}/kiosk?{urlencode({'survey': survey_key, 'site': site_slug})}"


def link_for(survey_key: str, site_slug: str) -> LinkInfo:
    """The link for a survey and site that exist (for the command line; LookupError otherwise)."""
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        site = queries.site_by_slug(session, site_slug)
        if survey is None:
            raise LookupError(f"no survey called '{survey_key}'")
        if site is None:
            raise LookupError(f"no site '{site_slug}'")
        row = admin.kiosk_link(session, survey.id, site.id)
        return LinkInfo(survey.key, survey.title, site.slug, site.name, kiosk_url(survey.key, site.slug),
                        row is None or row.active)


def list_links(user: StaffUser) -> list[LinkInfo]:
    """Every survey at every site, switched on unless an admin switched it off."""
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        off = admin.switched_off_links(session)
        sites = queries.all_sites(session)
        return [LinkInfo(s.key, s.title, site.slug, site.name, kiosk_url(s.key, site.slug),
                         (s.id, site.id) not in off)
                for s in queries.all_surveys(session) for site in sites]


def set_active(user: StaffUser, survey_key: str, site_slug: str, active: bool) -> None:
    require(user, Can.ADMINISTER)
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        site = queries.site_by_slug(session, site_slug)
        if survey is None or site is None:
            raise LookupError(f"no survey '{survey_key}' at a site '{site_slug}'")
        row = admin.kiosk_link(session, survey.id, site.id) or KioskLink(survey_id=survey.id, site_id=site.id)
        row.active = active
        session.add(row)
        audit.record_in(session, user, "kiosk_link.on" if active else "kiosk_link.off", f"{survey_key}@{site_slug}")


def record_download(user: StaffUser, link: LinkInfo, kind: str) -> None:
    audit.record(user, "kiosk_link.download", f"{link.survey_key}@{link.site_slug}", kind=kind)


# --- QR codes and the printable sign ---------------------------------------------------------

def qr_png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    # Error correction H keeps a poster readable when it is scuffed or partly covered.
    segno.make(url, error="h").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="h").save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()


def sign_image(link: LinkInfo) -> Image.Image:
    """An A4 sign for a waiting room: heading, the QR code, the survey and site names."""
    width, height = A4_AT_150_DPI
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    _centred(draw, SIGN_HEADING, 150, 96, width)
    qr = Image.open(io.BytesIO(qr_png(link.url, scale=1))).convert("RGB")
    size = 900
    page.paste(qr.resize((size, size), Image.NEAREST), ((width - size) // 2, 330))
    _centred(draw, "Scan with a phone camera, or ask for the tablet", 1290, 44, width)
    _centred(draw, link.survey_title, 1420, 56, width)
    _centred(draw, link.site_name, 1510, 48, width)
    _centred(draw, "Need to talk to someone now? Childline 0800 1111", 1640, 40, width)
    return page


def sign_png(link: LinkInfo) -> bytes:
    out = io.BytesIO()
    sign_image(link).save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def sign_pdf(link: LinkInfo) -> bytes:
    out = io.BytesIO()
    sign_image(link).save(out, format="PDF", resolution=150)
    return out.getvalue()


def _centred(draw: ImageDraw.ImageDraw, text: str, top: int, size: int, width: int) -> None:
    font = ImageFont.load_default(size=size)
    while size > 20 and draw.textlength(text, font=font) > width - 120:
        size -= 4  # long survey or site names shrink to fit the page
        font = ImageFont.load_default(size=size)
    left = (width - draw.textlength(text, font=font)) / 2
    draw.text((left, top), text, fill="black", font=font)
