"""Coding free text as it is stored: themes, sentiment, the safeguarding screen and redaction,
a batch at a time. Called by the kiosk, the importer, paper entry, the demo, the sweep and
recode-text. The codebook is loaded once per process, and each organisation's model once per
process until it is retrained."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from analysis.text import code_many, redact
from analysis.text.codebook import default_codebook
from voice_app.store import coding as store
from voice_app.store import comments as comment_store
from voice_app.store.db import session_scope
from voice_app.store.models import utcnow

# coded_by for a comment the tool cannot read (not in English): a worker chooses its themes.
NEEDS_PERSON = "needs_person"
FLAG_RANK = {"check": 1, "concern": 2}
BATCH = 2000  # comments coded and stored together

# progress(stage, done, total): how far long work has gone, for a bar on a page or a terminal.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """Progress that nobody watches (a caller that gave none)."""


def _load_model(blob: bytes):
    from analysis.text.model import TextModel  # scikit-learn loads only when a model exists

    return TextModel.from_bytes(blob)


# A stored model never changes, so each is read and unpickled once per process, not per tap;
# a retrained one has a new id, so the next comment is coded by it.
_models: dict[tuple, object] = {}
_MODELS_KEPT = 16


def organisation_model(session, org_id: int | None):
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


def warm_up() -> None:
    """Load the codebook and the shipped text models now (about a second of CPU on a small server),
    so that the first child to write words after a server starts does not wait for them."""
    code_many(["The waiting room is boring"], codebook=default_codebook())


def code_ahead(texts: Iterable[str]) -> Future:
    """Start coding these texts on a thread of their own, as code_pending codes them for an
    organisation without a model of its own, while the caller stores them: the computer codes
    while the database writes. Give the result to code_pending as `ahead`."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="code-ahead")
    distinct = list(dict.fromkeys(t for t in texts if t))
    future = pool.submit(lambda: dict(zip(distinct, code_many(distinct, codebook=default_codebook()))))
    pool.shutdown(wait=False)
    return future


def code_pending(session, response_ids: Sequence[int] | None = None, round_ids: Sequence[int] | None = None,
                 recode: bool = False, progress: Progress | None = None, ahead: Future | None = None) -> int:
    """Code every free-text answer not yet coded (or, with recode, coded by an older codebook),
    raise safeguarding flags, and store the redacted form. Returns how many were coded.
    `ahead` (from code_ahead) holds codes of texts worked out already."""
    codebook = default_codebook()
    rows = store.uncoded_text_answers(session, response_ids, round_ids,
                                      stale_version=codebook.version if recode else None)
    by_org: dict[int | None, list] = {}
    for row in rows:
        by_org.setdefault(row[3], []).append(row)
    done = 0
    for org_id, org_rows in by_org.items():
        model = organisation_model(session, org_id)
        names = store.organisation_names(session, [org_id]) if org_id else []
        known = ahead.result() if ahead is not None and model is None else {}
        for i in range(0, len(org_rows), BATCH):
            batch = org_rows[i:i + BATCH]
            _code_batch(session, batch, org_id, codebook, model, names, known)
            done += len(batch)
            if progress:
                progress("coding", done, len(rows))
    return len(rows)


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


def _code_batch(session, rows, org_id: int | None, codebook, model, names: list[str], known: dict) -> None:
    # No rating is passed: a child's overall rating is about the service, not about this comment
    # ("very satisfied" children still write "the waiting room is boring" under "what could be
    # better"), unlike the NHS Friends and Family Test, where the comment explains the rating.
    missing = [r[1] for r in rows if r[1] not in known]
    coded = dict(zip(missing, code_many(missing, codebook=codebook, model=model))) if missing else {}
    codings = [known.get(r[1]) or coded[r[1]] for r in rows]
    ids = [r[0] for r in rows]
    held, cleared = comment_store.open_flags(session, ids), comment_store.cleared_answers(session, ids)
    now = utcnow()
    codes, themes, raise_ = [], [], []
    for (answer_id, text, _, _), c in zip(rows, codings):
        flagged, level, reason = _held(c, held.get(answer_id), answer_id in cleared)
        coded_by = _coded_by(c.readable, model)
        codes.append({"answer_id": answer_id, "sentiment": c.sentiment, "sentiment_score": float(c.sentiment_score),
                      "flagged": flagged, "flag_reason": reason, "flag_level": level,
                      "codebook_version": c.codebook_version, "coded_by": coded_by, "coded_at": now,
                      "redacted": redact(text, names)})
        themes.append((answer_id, c.themes, "model" if coded_by == "model" else "codebook"))
        if flagged and c.flagged:
            raise_.append((answer_id, c.flag_reason or "possible disclosure", c.flag_level or "concern"))
    store.save_codes(session, codes, themes)
    for answer_id, reason, level in raise_:
        comment_store.raise_flag(session, answer_id, org_id, reason, level=level)


def _coded_by(readable: bool, model) -> str:
    if not readable:
        return NEEDS_PERSON  # "neutral, no themes" would hide it from every theme and count
    return "model" if model else "codebook"


def recode_round(round_ids: Sequence[int], progress: Progress | None = None) -> int:
    """Rerun coding after the codebook changed; a worker's corrections are kept."""
    with session_scope() as session:
        return code_pending(session, round_ids=round_ids, recode=True, progress=progress)
