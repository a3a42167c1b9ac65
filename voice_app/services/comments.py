"""Free text: coded when it is stored (themes, sentiment, safeguarding screen, redaction), then
reviewed by workers, who correct codes, approve quotes and hide what should not be used."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.text import code_many, redact
from analysis.text.codebook import default_codebook
from analysis.text.language import codebook_can_read, language_name, other_language
from surveys.schema import pick
from voice_app.services import access, audit
from voice_app.services.accounts import StaffUser
from voice_app.services.text import clean_text
from voice_app.store import comments as store
from voice_app.store import queries
from voice_app.store import records as record_store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

SENTIMENTS = ("positive", "neutral", "negative")
MAX_QUOTE_CHARS = 1000  # a quote is read on a poster and in a report, not an essay
MIN_TRAINING_EXAMPLES = 30
MAX_SEARCH_CHARS = 200
# coded_by for a comment the tool cannot read (not in English): a worker chooses its themes.
NEEDS_PERSON = "needs_person"


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    name: str
    description: str


def themes() -> list[ThemeInfo]:
    return [ThemeInfo(t.id, t.name, t.description) for t in default_codebook().themes]


def theme_names() -> dict[str, str]:
    return {t.id: t.name for t in default_codebook().themes}


def code_pending(session, response_ids: Sequence[int] | None = None,
                 round_ids: Sequence[int] | None = None, recode: bool = False) -> int:
    """Code every free-text answer not yet coded (or, with recode, coded by an older codebook),
    raise safeguarding flags, and store the redacted form. Returns how many were coded."""
    codebook = default_codebook()
    rows = store.uncoded_text_answers(session, response_ids, round_ids,
                                      stale_version=codebook.version if recode else None)
    by_org: dict[int | None, list] = {}
    for row in rows:
        by_org.setdefault(row[3], []).append(row)
    for org_id, org_rows in by_org.items():
        _code_rows(session, org_rows, org_id, codebook)
    return len(rows)


def _load_model(blob: bytes):
    from analysis.text.model import TextModel  # scikit-learn loads only when a model exists

    return TextModel.from_bytes(blob)


# A stored model never changes, so each is read and unpickled once per process, not per tap.
_models: dict[tuple, object] = {}
_MODELS_KEPT = 16


def _organisation_model(session, org_id: int | None):
    """The newest model learned from this organisation's workers, if any."""
    ref = store.latest_model_ref(session, org_id) if org_id else None
    if ref is None:
        return None
    key = (str(session.get_bind().url), *ref)  # (database, id, created_at): ids repeat across databases
    if key not in _models:
        if len(_models) >= _MODELS_KEPT:
            _models.pop(next(iter(_models)))
        _models[key] = _load_model(store.model_data(session, ref[0]))
    return _models[key]


FLAG_RANK = {"check": 1, "concern": 2}


def _held(coding, open_flag: tuple[str, str] | None, cleared: bool = False) -> tuple[bool, str | None, str | None]:
    """(flagged, level, reason) to store: a flag that no lead has closed is never lowered by
    coding again, or the comment would reach workers' views and quotes while in the queue; a
    comment a lead has read and found no concern in is not hidden again by the same screen."""
    if open_flag is None:
        if cleared:
            return False, None, None
        return coding.flagged, coding.flag_level, coding.flag_reason
    level, reason = open_flag
    if coding.flagged and FLAG_RANK.get(coding.flag_level or "concern", 0) > FLAG_RANK.get(level, 0):
        level = coding.flag_level
    return True, level, coding.flag_reason or reason


def _code_rows(session, rows, org_id: int | None, codebook) -> None:
    model = _organisation_model(session, org_id)
    # No rating is passed: a child's overall rating is about the service, not about this comment
    # ("very satisfied" children still write "the waiting room is boring" under "what could be
    # better"), unlike the NHS Friends and Family Test, where the comment explains the rating.
    codings = code_many([r[1] for r in rows], codebook=codebook, model=model)
    names = store.organisation_names(session, [org_id]) if org_id else []
    held = store.open_flags(session, [r[0] for r in rows])
    cleared = store.cleared_answers(session, [r[0] for r in rows])
    for (answer_id, text, _, _), c in zip(rows, codings):
        flagged, level, reason = _held(c, held.get(answer_id), answer_id in cleared)
        store.save_code(session, answer_id, themes=";".join(c.themes), sentiment=c.sentiment,
                        sentiment_score=float(c.sentiment_score), flagged=flagged,
                        flag_reason=reason, flag_level=level,
                        codebook_version=c.codebook_version,
                        coded_by=_coded_by(text, model), coded_at=utcnow(),
                        redacted=redact(text, names))
        if flagged and c.flagged:
            store.raise_flag(session, answer_id, org_id, c.flag_reason or "possible disclosure",
                             level=c.flag_level or "concern")


def _coded_by(text: str, model) -> str:
    if not codebook_can_read(text):
        return NEEDS_PERSON  # "neutral, no themes" would hide it from every theme and count
    return "model" if model else "codebook"


def not_coded_words(text: str) -> str:
    """Why a comment has no themes, naming its language: "Not coded: Polish. …"."""
    return f"Not coded: {language_name(other_language(text))}. The tool reads English only: please choose its themes."


def themes_shown(themes: str, coded_by: str, names: dict[str, str] | None = None, text: str = "") -> str:
    """The themes column as a worker reads it: names, or why there are none."""
    if coded_by == NEEDS_PERSON:
        return not_coded_words(text)
    names = names or theme_names()
    return ", ".join(names.get(t, t) for t in themes.split(";") if t)


def recode_round(round_ids: Sequence[int]) -> int:
    """Rerun coding after the codebook changed; a worker's corrections are kept."""
    with session_scope() as session:
        return code_pending(session, round_ids=round_ids, recode=True)


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
        store.save_code(session, answer_id, themes=themes_text, sentiment=sentiment,
                        coded_by="worker", coded_at=utcnow())
        store.add_correction(session, answer_id, user.id, themes_text, sentiment)
    audit.record(user, "changed a code", f"answer {answer_id}", themes=themes_text, sentiment=sentiment)


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
            text = redact(text, store.organisation_names(
                session, [o for o in [store.comment_organisation(session, answer_id)] if o]))
        store.set_quote(session, answer_id, "approved" if approve else "rejected",
                        text if approve else None, user.id)
    audit.record(user, "approved a quote" if approve else "rejected a quote", f"answer {answer_id}")


def hide(user: StaffUser, answer_id: int, hidden: bool = True) -> None:
    access.require(user, access.Can.READ_COMMENTS)
    with session_scope() as session:
        _check_comment(session, user, answer_id)
        store.set_hidden(session, answer_id, hidden)
    audit.record(user, "hid a comment" if hidden else "unhid a comment", f"answer {answer_id}")


def approved_quotes(organisation_ids: Sequence[int] | None = None, survey_key: str | None = None,
                    round_ids: Sequence[int] | None = None, limit: int = 50) -> list[dict]:
    """Quotes safe to publish: approved by a worker, redacted, never flagged, never hidden."""
    with session_scope() as session:
        df = store.comment_rows(session, organisation_ids=organisation_ids, survey_key=survey_key,
                                round_ids=round_ids, quotes_only=True, limit=limit)
    return [{"text": r.quote_text, "themes": r.themes, "site": r.site, "round": r.round}
            for r in df.itertuples() if r.quote_text]


def train_model(user: StaffUser, organisation_id: int | None) -> int:
    """Learn from the organisation's own corrected comments; the codebook still works without."""
    access.require(user, access.Can.READ_COMMENTS)
    allowed = access.organisation_ids(user)
    if allowed is not None and organisation_id not in allowed:
        raise PermissionError("you can only teach the tool for your own organisations")
    with session_scope() as session:
        examples = store.corrections_for_training(session, organisation_id)
        if len(examples) < MIN_TRAINING_EXAMPLES:
            raise ValueError(f"{len(examples)} corrected comments so far; "
                             f"at least {MIN_TRAINING_EXAMPLES} are needed to learn from")
        from analysis.text.model import TextModel

        model = TextModel.train([e[0] for e in examples], [e[1].split(";") if e[1] else [] for e in examples],
                                [e[2] for e in examples])
        store.save_model(session, organisation_id, len(examples), model.to_bytes())
    audit.record(user, "trained a text model", str(organisation_id), examples=len(examples))
    return len(examples)


def question_label(definition, question_id: str) -> str:
    try:
        return pick(definition.question(question_id).text)
    except KeyError:
        return question_id
