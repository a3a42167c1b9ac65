"""Prefilled drafts of "You said… We did…" items, from a theme (in children's words, with their
approved quotes) or from a board-audience figure."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from voice_app.services import access, comments, results
from voice_app.services.accounts import StaffUser
from voice_app.services.surveys import latest_definition
from voice_app.services.you_said.items import ItemError, check_org
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store.db import session_scope

@dataclass
class Draft:
    organisation_id: int | None
    survey_key: str | None
    round_name: str | None
    theme_id: str | None = None
    source_count: int | None = None
    source_figure: str | None = None
    you_said: str = ""
    quote_answer_ids: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def draft_from_theme(user: StaffUser, survey_key: str, round_name: str, theme_id: str,
                     organisation_id: int | None = None) -> Draft:
    """A starting point in children's words: how many talked about the theme, and what they said."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    name = comments.theme_names().get(theme_id)
    if name is None:
        raise ItemError(f"unknown theme '{theme_id}'")
    with session_scope() as session:
        survey = queries.survey_by_key(session, survey_key)
        round_ = queries.round_by_name(session, survey.id, round_name) if survey else None
        if round_ is None:
            raise ItemError(f"no round '{round_name}' in survey '{survey_key}'")
        rows = comment_store.comment_rows(session, organisation_ids=org_ids, survey_key=survey_key,
                                          round_ids=[round_.id], theme=theme_id, limit=100_000)
    negative = int((rows["sentiment"] == "negative").sum()) if len(rows) else 0
    quotes = rows[(rows["quote_status"] == "approved") & rows["quote_text"].notna()] if len(rows) else rows
    said = theme_words(theme_id, negative * 2 > len(rows))
    short = [q for q in quotes["quote_text"] if len(q) <= MAX_DRAFT_QUOTE] if len(quotes) else []
    if short:  # a child's own words say it better than ours
        said += f" One of you said: “{short[0]}”"
    return Draft(organisation_id=organisation_id or (org_ids[0] if org_ids else None),
                 survey_key=survey_key, round_name=round_name, theme_id=theme_id,
                 source_count=len(rows),
                 you_said=said,
                 quote_answer_ids=[int(a) for a in quotes["answer_id"][:3]] if len(quotes) else [],
                 quotes=list(quotes["quote_text"][:3]) if len(quotes) else [])


# What each theme means, as a child would say it: (when most liked it, when most wanted better).
THEME_WORDS = {
    "staff_manner": ("the staff are kind and friendly", "the staff could be kinder"),
    "staff_listening": ("the staff listen to you", "the staff could listen to you more"),
    "staff_competence": ("the staff know how to help you", "the staff could help you more"),
    "same_worker": ("you like seeing the same worker", "you want to keep the same worker"),
    "staffing": ("there are staff there when you need them", "the staff are too busy"),
    "feeling_safe": ("you feel safe here", "you do not always feel safe here"),
    "environment": ("you like the waiting room and the rooms", "the waiting room and the rooms could be nicer"),
    "cleanliness": ("it is clean and tidy here", "it could be cleaner here"),
    "location_travel": ("it is easy to get here", "it is hard to get here"),
    "waiting_times": ("you did not have to wait long", "you had to wait too long"),
    "appointments": ("your appointment times are good", "your appointment times could be better"),
    "remote_sessions": ("you like video and phone calls with us", "video and phone calls could be better"),
    "contacting": ("it is easy to get in touch with us", "it is hard to get in touch with us"),
    "information": ("we tell you what will happen", "we could tell you more about what will happen"),
    "medication": ("your medicine helps you", "we could tell you more about your medicine"),
    "family_involvement": ("you like how your family can join in", "your family could join in more, or less"),
    "school": ("we help you with school", "we could help more with school"),
    "activities": ("you like the things to do here", "there could be more things to do here"),
    "games_tech": ("you like the games and screens", "there could be more games and screens"),
    "food_drink": ("you like the snacks and drinks", "there could be better snacks and drinks"),
    "helped_me": ("coming here helps you", "coming here could help you more"),
    "privacy": ("you can talk here and no one else hears", "other people can hear what you say"),
    "positive_experience": ("you like coming here", "coming here could be better"),
    "negative_experience": ("coming here could be better", "you are not happy with us"),
}
MAX_DRAFT_QUOTE = 160


def theme_words(theme_id: str, negative: bool) -> str:
    """ "You told us the staff could be kinder.": a draft a child reads, not a theme label."""
    liked, better = THEME_WORDS.get(theme_id, (None, None))
    if liked is None:  # a theme added to the codebook later: its name, still as a sentence
        name = comments.theme_names().get(theme_id, theme_id).lower()
        liked, better = f"you like the {name}", f"the {name} could be better"
    return f"You told us {better if negative else liked}."


def theme_survey(user: StaffUser, theme_id: str, organisation_id: int | None = None) -> str | None:
    """The survey an item made from this theme is about: the one whose comments (of the
    organisation) talk most about it. None when no comment does."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    with session_scope() as session:
        return comment_store.theme_survey(session, org_ids, theme_id)


def draft_from_figure(user: StaffUser, survey_key: str, round_name: str, question_id: str,
                      organisation_id: int | None = None) -> Draft:
    """A starting point from a figure. The figure is the board-audience one, so it is safe to publish."""
    access.require(user, access.Can.READ_COMMENTS)
    org_ids = _org_scope(user, organisation_id)
    report = results.round_report(survey_key, round_name, audience="board",
                                  site_slugs=_site_slugs(org_ids))
    fig = report.questions.get(question_id)
    if fig is None:
        raise ItemError(f"no question '{question_id}' in survey '{survey_key}'")
    with session_scope() as session:
        definition = latest_definition(session, survey_key)[2]
    wording = comments.question_label(definition, question_id)
    pct = fig.positive_pct
    figure = (f"{pct}% positive: {wording} (n={fig.n})" if pct is not None
              else f"{wording} (not enough answers for a percentage)")
    said = (f"{pct}% of you gave a good answer to: {wording}" if pct is not None
            else f"You answered: {wording}")
    return Draft(organisation_id=organisation_id or (org_ids[0] if org_ids else None),
                 survey_key=survey_key, round_name=round_name, source_figure=figure[:300],
                 source_count=fig.n if isinstance(fig.n, int) else None, you_said=said)


def _org_scope(user: StaffUser, organisation_id: int | None) -> list[int] | None:
    if organisation_id is not None:
        check_org(user, organisation_id)
        return [organisation_id]
    return access.organisation_ids(user)


def _site_slugs(org_ids: list[int] | None) -> list[str] | None:
    if org_ids is None:
        return None
    with session_scope() as session:
        return [s.slug for s in queries.all_sites(session) if s.organisation_id in org_ids] or ["-none-"]
