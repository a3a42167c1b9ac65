"""Screen free text for a possible disclosure of harm.

Recall comes first: missing a disclosure is far worse than a false alarm, so the rules
lean towards flagging. They are written against how children and teenagers actually
write (no apostrophes, "wanna", "kms", "mums bf", misspellings), and carry explicit
exceptions for everyday hyperbole ("killing it at football", "this waiting room is sick",
"I'd die for a better snack machine", "my brother beats me at FIFA").

The rules are half of the screen. The other half is a learned model (screen_model.py,
trained by train_screen.py on the team's development set and everyday NHS comments) that
catches new wordings of kinds the rules never saw; a comment is flagged when either fires.
A rule match is a `concern` (to the lead at once); the model flags a `concern` when it is
confident and a `check` (the lead's queue, lower priority) when it is less so.

A flag is a prompt for a safeguarding lead to read the comment, never a judgement. The rules
themselves are in safeguarding_rules.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .language import codebook_can_read
from .prefilter import PrefixIndex
from .safeguarding_rules import (BULLYING, EDUCATION, EDUCATION_WINDOW, NEGATED, PEER_CONTEXT, PHYSICAL, RULES,
                                 TOPIC_AFTER)
from .screen_model import ScreenModel, shipped_model

# One union of all patterns: most comments match nothing, so they cost a single search.
# Every pattern starts at a word edge, so one leading \b skips mid-word positions quickly.
_ANY = re.compile(r"\b(?:" + "|".join(f"(?:{rule.pattern.pattern})" for rule in RULES) + ")")
_APOSTROPHES = re.compile(r"['’‘`]")
_NON_WORD = re.compile(r"[^a-z0-9😂🤣]+")
_SPELLING = (
    (re.compile(r"\bwanna\b|\bwana\b|\bwant ta\b"), "want to"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\b(?:cuz|coz|cos|bc)\b"), "because"),
    (re.compile(r"\b(?:ppl)\b"), "people"),
    (re.compile(r"\bmy (?:mums|mams|moms)\b"), "my mums"),
    (re.compile(r"\bany more\b"), "anymore"),  # "i dont see the point any more"
)


# Which rules (and spelling fixes) can match a text: an exact prefilter, see prefilter.py.
# Every rule pattern starts at a word edge (tests check this), so "no rule can match" is
# the same answer _ANY gives, without its one slow pass over the whole union.
_RULE_INDEX = PrefixIndex([rule.pattern for rule in RULES])
_SPELLING_INDEX = PrefixIndex([pattern for pattern, _repl in _SPELLING])


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped (don't -> dont), punctuation to single spaces, slang
    spelled out; padded with spaces so patterns can rely on word edges."""
    low = _APOSTROPHES.sub("", text.lower())
    low = _NON_WORD.sub(" ", low)
    mask = _SPELLING_INDEX.mask(low)
    if mask:
        for pos, (pattern, repl) in enumerate(_SPELLING):
            if mask >> pos & 1:  # otherwise the pattern cannot match: sub would change nothing
                new = pattern.sub(repl, low)
                if new != low:
                    low = new
                    mask = _SPELLING_INDEX.mask(low)  # the text changed: look again
    return " " + low.strip() + " "


CONCERN, CHECK = "concern", "check"  # to the lead at once; the lead's queue, lower priority
# The rules and the model read English: words mostly in another script (Arabic, Cyrillic,
# Bengali…) could hold a disclosure that nothing here would notice, so a person reads them.
UNREAD = "not in English: a person needs to read it"


@dataclass(frozen=True)
class ScreenResult:
    flagged: bool
    level: str | None  # CONCERN or CHECK when flagged, else None
    reason: str | None  # one of CATEGORIES when flagged, else None
    source: str | None = None  # "rules" or "model": which half of the screen fired
    probability: float | None = None  # the model's probability, when the model was asked


NOT_FLAGGED = ScreenResult(False, None, None)


def screen(text: str) -> tuple[bool, str | None]:
    """(flagged, reason category) for one free-text answer: the rules or the model fired."""
    result = screen_result(text)
    return result.flagged, result.reason


def screen_result(text: str) -> ScreenResult:
    """Flagged, level and reason for one free-text answer."""
    return screen_many([text])[0]


def screen_many(texts, model: "ScreenModel | None" = None, readable: dict[str, bool] | None = None) -> list[ScreenResult]:
    """Screen many answers. A rule match is a concern; a text the screen cannot read (another
    script) is a check, for a person to read; otherwise the model (one batch, for the
    texts no rule flagged, each distinct text once) flags a concern or a check by its
    probability, with the category its second classifier finds most likely. `readable` gives
    each text's codebook_can_read when the caller has worked it out already."""
    model = model or shipped_model()
    results: dict[str, ScreenResult] = {}
    ask: dict[str, str] = {}  # text -> normalised, for texts the model must read
    for text in texts:
        if text in results or text in ask:
            continue
        if not isinstance(text, str) or not text.strip():
            results[text] = NOT_FLAGGED
            continue
        norm = normalise(text)
        reason = _rules_on(norm)
        if reason is None and not (readable[text] if readable is not None else codebook_can_read(text)):
            results[text] = ScreenResult(True, CHECK, UNREAD, "language")
        elif reason is not None:
            results[text] = ScreenResult(True, CONCERN, reason, "rules")
        elif norm.strip():
            ask[text] = norm
        else:
            results[text] = NOT_FLAGGED
    if ask:
        norms = list(ask.values())
        probabilities = model.probabilities(norms)
        levels = [model.level(p) for p in probabilities]
        flagged = [i for i, level in enumerate(levels) if level]
        reasons = dict(zip(flagged, model.categories_of([norms[i] for i in flagged])))
        for i, (text, p) in enumerate(zip(ask, probabilities)):
            level = levels[i]
            results[text] = (ScreenResult(True, level, _refine(reasons[i], norms[i]), "model", float(p)) if level
                             else ScreenResult(False, None, None, None, float(p)))
    return [results[text] if isinstance(text, str) else NOT_FLAGGED for text in texts]


def rules(text: str) -> tuple[bool, str | None]:
    """(flagged, reason category) from the hand-written rules alone."""
    if not isinstance(text, str) or not text.strip():
        return False, None
    reason = _rules_on(normalise(text))
    return reason is not None, reason


def _rules_on(norm: str) -> str | None:
    """The category of the first rule that fires on a normalised text, else None."""
    mask = _RULE_INDEX.mask(norm)
    if not mask:
        return None
    for pos, rule in enumerate(RULES):
        if not mask >> pos & 1:
            continue  # this rule's pattern cannot match anywhere in the text
        for match in rule.pattern.finditer(norm):
            before = norm[max(0, match.start() - 40): match.start()]
            if rule.negatable and NEGATED.search(before):
                continue
            if rule.educational and _about_a_topic(norm, match):
                continue
            if rule.unless is not None and rule.unless.search(norm):
                continue
            return _refine(rule.category, norm)
    return None


def _about_a_topic(norm: str, match: re.Match) -> bool:
    """The match names the subject of a lesson, talk or campaign, not something that happened."""
    before = norm[max(0, match.start() - EDUCATION_WINDOW): match.start()]
    return bool(EDUCATION.search(before) or TOPIC_AFTER.match(norm, match.end()))


def _refine(category: str, norm: str) -> str:
    """Physical harm from peers or at school is reported as bullying/threats."""
    if category == PHYSICAL and PEER_CONTEXT.search(norm):
        return BULLYING
    return category
