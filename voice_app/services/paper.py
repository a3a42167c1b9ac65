"""A survey on paper, for youth groups and schools: an A4 PDF in large type, one question per
block, numbered tick boxes with the kiosk's faces drawn beside them, lined boxes to write in, a
box for the site and the date, and a QR code to the same survey online.

The wording is the kiosk's: the same language and age version (an under-11 paper shows only
that band's questions, in that band's words). The numbers beside the boxes are what a worker
types in afterwards (services/paper_entry.py); services/paper_pdf.py draws it."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from pydantic import BaseModel

from surveys import Question, SurveyDefinition
from surveys.schema import AGE_BANDS, pick
from voice_app.config import get_settings
from voice_app.kiosk_words import direction, word
from voice_app.services import kiosk, rtl_text
from voice_app.services.kiosk_links import kiosk_url
from voice_app.services.surveys import UnknownSurvey, children_survey, latest_definition
from voice_app.services.text import printable
from voice_app.store import queries
from voice_app.store.db import session_scope

# How much a face smiles (-2 very sad … 2 very happy), for the kiosk's face emoji. A scale's
# options without one get a face by their place on the scale.
SMILES = {"😞": -2, "😟": -1.5, "🙁": -1, "😐": 0, "🤔": 0, "🙂": 1, "😀": 2, "😄": 2}
SCALE_SMILES = (-2, -1, 0, 1, 2)
# Pictographs and their joiners: no font here draws colour emoji, so the faces are drawn instead.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


class PaperError(ValueError):
    """A paper version that cannot be made, with what is wrong."""


class PaperOption(BaseModel):
    number: int  # printed beside the box; what a worker types in
    id: str
    label: str
    smile: float | None = None  # a face to draw, or None
    picture: str | None = None  # the option's picture file (surveys folder), if any


class PaperQuestion(BaseModel):
    number: int
    id: str
    type: str
    text: str
    help: str = ""
    options: list[PaperOption] = []


class PaperForm(BaseModel):
    """What the paper says, in the order it says it."""
    survey_key: str
    title: str
    intro: str
    lang: str
    age_band: str | None
    site_name: str | None
    link: str | None = None  # the QR code's payload: the site's kiosk link (no site: no QR code)
    questions: list[PaperQuestion]
    before_writing: str
    text_label: str
    help_now: str
    tick_one: str
    tick_any: str
    place: str
    date: str
    scan: str


def plain_words(text: str | None) -> str:
    """Words as paper can print them: no emoji (drawn as faces instead), no markdown bold."""
    return _BOLD.sub(r"\1", _EMOJI.sub("", printable(text))).strip()


def paper_link(survey_key: str, site_slug: str, lang: str, age_band: str | None) -> str:
    """The site's kiosk link, with the paper's language and age, so the tablet opens in the same
    version. (A kiosk opens only at a site: a paper without one has no link.)"""
    base = kiosk_url(survey_key, site_slug)
    extra = {k: v for k, v in (("lang", lang if lang != "en" else None), ("age", age_band)) if v}
    return f"{base}&{urlencode(extra)}" if extra else base


def paper_questions(definition: SurveyDefinition, lang: str, age_band: str | None) -> list[PaperQuestion]:
    """The questions in the kiosk's order and words for this language and age band."""
    out = []
    for number, q in enumerate(kiosk.question_order(definition, age_band), start=1):
        options = [PaperOption(number=i, id=o.id, label=plain_words(pick(o.label, lang, age_band)),
                               smile=_smile(q, i - 1, o.emoji), picture=_picture(o))
                   for i, o in enumerate(q.options, start=1)]
        out.append(PaperQuestion(number=number, id=q.id, type=q.type, text=plain_words(pick(q.text, lang, age_band)),
                                 help=plain_words(pick(q.help, lang, age_band)), options=options))
    return out


def _smile(question: Question, index: int, emoji: str | None) -> float | None:
    if emoji:
        return SMILES.get(_EMOJI.sub("", emoji) or emoji.replace("\ufe0f", ""))
    return SCALE_SMILES[index] if question.type == "scale" else None


def _picture(option) -> str | None:
    path = kiosk.option_picture(option)
    return str(path) if path else None


def paper_form(survey_key: str, lang: str = "en", age_band: str | None = None,
               site_slug: str | None = None) -> PaperForm:
    """The paper version of a survey; PaperError names an unknown survey, language, age or site."""
    if age_band is not None and age_band not in AGE_BANDS:
        raise PaperError(f"no age band '{age_band}' (age bands: {', '.join(AGE_BANDS)})")
    with session_scope() as session:
        try:
            _, _, definition = children_survey(session, survey_key)
        except UnknownSurvey:
            known = ", ".join(s.key for s in queries.all_surveys(session))
            raise PaperError(f"no survey called '{survey_key}' (surveys: {known or 'none yet'})") from None
        site = queries.site_by_slug(session, site_slug) if site_slug else None
        if site_slug and site is None:
            raise PaperError(f"no site '{site_slug}' (use its short name, e.g. riverside-waiting-room)")
        site_name = site.name if site else None
    if lang not in definition.languages:
        raise PaperError(f"survey '{survey_key}' is not written in '{lang}' "
                         f"(languages: {', '.join(definition.languages)})")
    if direction(lang) == "rtl" and not rtl_text.available():
        raise PaperError(f"a paper version in '{lang}' cannot be printed here: right-to-left writing needs "
                         "Pillow with Raqm, which this install lacks; the tablet shows it")
    return PaperForm(
        survey_key=survey_key, title=plain_words(pick(definition.title, lang, age_band)),
        intro=plain_words(pick(definition.intro, lang, age_band)), lang=lang, age_band=age_band,
        site_name=site_name, link=paper_link(survey_key, site_slug, lang, age_band) if site_slug else None,
        questions=paper_questions(definition, lang, age_band),
        before_writing=plain_words(word("BEFORE_WRITING", lang)),
        text_label=plain_words(word("TEXT_LABEL", lang)), help_now=plain_words(word("HELP_NOW", lang)),
        tick_one=word("TICK_ONE", lang), tick_any=word("TICK_ANY", lang), place=word("PAPER_PLACE", lang),
        date=word("PAPER_DATE", lang), scan=word("PAPER_SCAN", lang))


def age_versions(survey_key: str) -> list[str]:
    """The age bands a survey has its own version for (its own words or questions)."""
    with session_scope() as session:
        _, _, definition = latest_definition(session, survey_key)
    return [band for band in AGE_BANDS if definition.worded_for(band)]


def languages(survey_key: str) -> list[str]:
    """The languages a paper version can be printed in (right-to-left ones where Pillow can draw them)."""
    with session_scope() as session:
        _, _, definition = latest_definition(session, survey_key)
    return [lang for lang in definition.languages if direction(lang) != "rtl" or rtl_text.available()]
