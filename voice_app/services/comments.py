"""Free text: coded when it is stored (themes, sentiment, safeguarding screen, redaction), then
reviewed by workers, who correct codes, approve quotes and hide what should not be used."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.text import redact
from analysis.text.codebook import default_codebook
from analysis.text.language import language_name, other_language
from surveys.schema import pick
from voice_app.services import access, audit
from voice_app.services.accounts import StaffUser
from voice_app.services.coding import NEEDS_PERSON, Progress, no_progress
from voice_app.services.report_models import Quote
from voice_app.services.text import clean_text
from voice_app.store import coding as coding_store
from voice_app.store import comments as store
from voice_app.store import queries
from voice_app.store import records as record_store
from voice_app.store.db import session_or_scope, session_scope
from voice_app.store.models import utcnow

SENTIMENTS = ("positive", "neutral", "negative")
MAX_QUOTE_CHARS = 1000  # a quote is read on a poster and in a report, not an essay
MIN_TRAINING_EXAMPLES = 30
MAX_SEARCH_CHARS = 200


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    name: str
    description: str


def themes() -> list[ThemeInfo]:
    return [ThemeInfo(t.id, t.name, t.description) for t in default_codebook().themes]


def theme_names() -> dict[str, str]:
    return {t.id: t.name for t in default_codebook().themes}


def not_coded_words(text: str) -> str:
    """Why a comment has no themes, naming its language: "Not coded: Polish. …"."""
    return f"Not coded: {language_name(other_language(text))}. The tool reads English only: please choose its themes."


def themes_shown(themes: str, coded_by: str, names: dict[str, str] | None = None, text: str = "") -> str:
    """The themes column as a worker reads it: names, or why there are none."""
    if coded_by == NEEDS_PERSON:
        return not_coded_words(text)
    names = names or theme_names()
    return ", ".join(names.get(t, t) for t in themes.split(";") if t)


# --- the theme explorer ---------------------------------------------------------------------

def explore(user: StaffUser, site_slugs: Sequence[str] | None = None, **filters) -> pd.DataFrame:
    """Comments a worker may read: their organisations', never flagged ones. Audited."""
    access.require(user, access.Can.READ_COMMENTS)
    if filters.get("words"):
        filters["words"] = clean_text(filters["words"], "search", MAX_SEARCH_CHARS) or None
    with session_scope() as session:
        if site_slugs:
            filters["site_ids"] = [s.id for s in map(lambda x: queries.site_by_slug(session, x), site_slugs) if s]
        df = store.comment_rows(session, organisation_ids=access.organisation_ids(user), **filters)
    df["quote_wording"] = [quote_wording(q, r) for q, r in zip(df["quote_text"], df["redacted"])]
    audit.record(user, "viewed raw comments", filters.get("survey_key") or "",
                 count=len(df), filters={k: v for k, v in filters.items() if v})
    return df


def quote_wording(quote_text: str | None, redacted: str | None) -> str:
    """What the quote box starts from: the approved wording, else the redacted comment."""
    return quote_text if quote_text and quote_text.strip() else (redacted or "")


def _check_comment(session, user: StaffUser, answer_id: int) -> None:
    org = store.comment_organisation(session, answer_id)
    allowed = access.organisation_ids(user)
    if allowed is not None and org not in allowed:
        raise PermissionError("that comment belongs to another organisation")


def correct(user: StaffUser, answer_id: int, theme_ids: Sequence[str], sentiment: str) -> None:
    """A worker's coding replaces the machine's, and is kept as training data."""
    access.require(user, access.Can.READ_COMMENTS)
    known = theme_names()
    unknown = [t for t in theme_ids if t not in known]
    if unknown or sentiment not in SENTIMENTS:
        raise ValueError(f"unknown theme(s) {unknown}" if unknown else f"sentiment must be one of {SENTIMENTS}")
    themes_text = ";".join(theme_ids)
    with session_scope() as session:
        _check_comment(session, user, answer_id)
        store.save_code(session, answer_id, themes=theme_ids, sentiment=sentiment,
                        coded_by="worker", coded_at=utcnow())
        store.add_correction(session, answer_id, user.id, themes_text, sentiment)
        audit.record_in(session, user, "changed a code", f"answer {answer_id}", themes=themes_text, sentiment=sentiment)


def decide_quote(user: StaffUser, answer_id: int, approve: bool, text: str | None = None) -> None:
    """Approve (with the redacted, possibly edited wording) or reject a comment as a quote."""
    access.require(user, access.Can.READ_COMMENTS)
    text = clean_text(text, "quote", MAX_QUOTE_CHARS) if approve else None
    with session_scope() as session:
        _check_comment(session, user, answer_id)
        if approve:
            refusal = record_store.quote_refusal(session, answer_id)  # a voice record's consent
            if refusal:
                raise ValueError(refusal)
            if not text:
                raise ValueError("an approved quote needs its wording")
            # Whatever the worker typed is redacted again: a name added by hand is still removed.
            text = redact(text, coding_store.organisation_names(
                session, [o for o in [store.comment_organisation(session, answer_id)] if o]))
        store.set_quote(session, answer_id, "approved" if approve else "rejected",
                        text if approve else None, user.id)
        audit.record_in(session, user, "approved a quote" if approve else "rejected a quote", f"answer {answer_id}")


def hide(user: StaffUser, answer_id: int, hidden: bool = True) -> None:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        _check_comment(session, user, answer_id)
        store.set_hidden(session, answer_id, hidden)
        audit.record_in(session, user, "hid a comment" if hidden else "unhid a comment", f"answer {answer_id}")


def approved_quotes(organisation_ids: Sequence[int] | None = None, survey_key: str | None = None,
                    round_ids: Sequence[int] | None = None, limit: int = 50, session=None) -> list[Quote]:
    """Quotes safe to publish: approved by a worker, redacted, never flagged, never hidden."""
    with session_or_scope(session) as session:
        df = store.comment_rows(session, organisation_ids=organisation_ids, survey_key=survey_key,
                                round_ids=round_ids, quotes_only=True, limit=limit)
    return [Quote(text=r.quote_text, themes=r.themes, site=r.site, round=r.round)
            for r in df.itertuples() if r.quote_text]


def train_model(user: StaffUser | None, organisation_id: int | None, progress: Progress | None = None) -> int:
    """Learn from the organisation's own corrected comments; the codebook still works without.
    `user` None is the command line. progress(stage, done, total) hears loading, fitting, storing."""
    tell = progress or no_progress
    if user is not None:
        access.require(user, access.Can.READ_COMMENTS)
        allowed = access.organisation_ids(user)
        if allowed is not None and organisation_id not in allowed:
            raise PermissionError("you can only teach the tool for your own organisations")
    with session_scope() as session:
        examples = coding_store.corrections_for_training(session, organisation_id)
        tell("loading", len(examples), len(examples))
        if len(examples) < MIN_TRAINING_EXAMPLES:
            raise ValueError(f"{len(examples)} corrected comments so far; "
                             f"at least {MIN_TRAINING_EXAMPLES} are needed to learn from")
        from analysis.text.model import TextModel

        texts, theme_lists, sentiments = (list(column) for column in zip(*examples))
        model = TextModel.train(texts, theme_lists, sentiments,
                                progress=lambda done, total: tell("fitting", done, total))
        tell("storing", 0, 1)
        coding_store.save_model(session, organisation_id, len(examples), model.to_bytes())
    audit.record(user, "trained a text model", str(organisation_id), examples=len(examples))
    tell("storing", 1, 1)
    return len(examples)


def question_label(definition, question_id: str) -> str:
    try:
        return pick(definition.question(question_id).text)
    except KeyError:
        return question_id
