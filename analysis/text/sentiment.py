"""Three-way sentiment for short feedback comments.

Base: TextBlob's PatternAnalyzer polarity (re-implemented fast in polarity.py). On top:
children's words and emoji TextBlob does not know or gets wrong ("sick", "rubbish",
"boring", "😊"), feedback phrases ("can't fault", "no complaints", "took ages"), and the
respondent's own rating when there is one.

Ratings here use the voice_app convention: 1 = worst ... 5 = best (e.g. very unhappy ...
very happy). The NHS FFT scale runs the other way; convert with fft_to_rating().
"""
from __future__ import annotations

import re

from .polarity import polarity_and_count
from .prefilter import TOKEN, PrefixIndex

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"

# Words and phrases in children's and patients' feedback with their polarity. Each hit
# counts like one TextBlob-scored word. Patterns see lower-cased text.
_DOMAIN = [
    (r"\b(?:lush|wicked|brill|fab|ace|mint|banging|buzzing|chuffed|peng|sound|safe bro)\b", 0.7),
    (r"\bdead (?:good|nice|friendly|helpful|kind)\b", 0.8),
    (r"\b(?:can'?t|cannot|could ?n'?t|could not) (?:fault|complain)|\bno complaints\b|\bnothing (?:to (?:improve|change)|"
     r"could be (?:better|improved))|\b(?:wouldn'?t|would not|don'?t|dont) change (?:a thing|anything)|"
     r"\bkeep (?:it )?up\b|\b10/10\b|\bcouldn'?t (?:have )?(?:asked for|be) (?:more|better)", 0.8),
    (r"\bthank(?:s| you|ful)?\b|\bthx\b|\bgrateful\b|\bappreciat\w*|\blifesaver\b|\bsaved my life\b", 0.6),
    (r"\b(?:helped|helps|helping) me\b|\bfeel(?:ing)? better\b|\blistened\b|\bmade me feel (?:safe|welcome|comfortable)", 0.5),
    (r"\b(?:rubbish|rubish|crap|shit|shite|naff|pants|dire|useless|pointless|disgraceful|appalling|shocking)\b", -0.8),
    (r"\b(?:boring|borin|bored|dull)\b", -0.5),
    (r"\b(?:took|takes|take|taking|waited|waiting|wait) (?:ages|forever|too long|so long|hours|months|weeks)\b|"
     r"\btoo long\b|\bwaste of time\b|\blet (?:me |us )?down\b|\bfobbed off\b", -0.6),
    (r"\b(?:rude|ignored|unhelpful|uncaring|dismissive|patronising|cancel+ed|never (?:rang|called|phoned)|"
     r"no one (?:rang|called|answered)|didn'?t (?:listen|care|help|explain)|not listen\w*|nobody listened)\b", -0.6),
    (r"\b(?:could|should|would) (?:be|have been) better\b|\bmore (?:staff|information|communication)\b|"
     r"\bneeds? (?:to )?improv\w*|\bimprove\b", -0.3),
    (r"😊|😀|😁|😃|😄|😍|🥰|👍|❤️|❤|♥|💕|🙂|☺|😎|🔥|💯", 0.8),
    (r"😡|😠|😢|😭|👎|😞|😔|🙁|☹|😤|🤬|💩", -0.8),
    (r"\bnot (?:bad|too bad)\b", 0.3),
]
# One alternation, one pass: group number -> polarity (the patterns use no capturing groups).
# A single leading \b lets the engine skip mid-word positions at once (3x faster);
# emoji have no word boundary, so they get their own pattern.
_WORDY = [(p, v) for p, v in _DOMAIN if p.startswith(r"\b")]
_EMOJI = [(p, v) for p, v in _DOMAIN if not p.startswith(r"\b")]
_DOMAIN = _WORDY + _EMOJI
_DOMAIN_RE = re.compile(r"\b(?:" + "|".join(f"({p})" for p, _v in _WORDY) + ")|"
                        + "|".join(f"({p})" for p, _v in _EMOJI))
_DOMAIN_VALUES = [v for _p, v in _DOMAIN]
# Which _DOMAIN patterns can match a text (exact prefilter, see prefilter.py). A comment
# is scanned with an alternation of only those, which finds exactly the same matches.
_DOMAIN_INDEX = PrefixIndex([re.compile(p) for p, _v in _DOMAIN])
_DOMAIN_SUBSETS: dict[int, tuple[re.Pattern, list[float]]] = {}


def _domain_regex(mask: int) -> tuple[re.Pattern, list[float]]:
    """_DOMAIN_RE restricted to the patterns in mask, same order and layout."""
    found = _DOMAIN_SUBSETS.get(mask)
    if found is None:
        keep = [i for i in range(len(_DOMAIN)) if mask >> i & 1]
        wordy = [_DOMAIN[i][0] for i in keep if i < len(_WORDY)]
        emoji = [_DOMAIN[i][0] for i in keep if i >= len(_WORDY)]
        parts = []
        if wordy:
            parts.append(r"\b(?:" + "|".join(f"({p})" for p in wordy) + ")")
        parts.extend(f"({p})" for p in emoji)
        found = (re.compile("|".join(parts)), [_DOMAIN_VALUES[i] for i in keep])
        if len(_DOMAIN_SUBSETS) < 5000:
            _DOMAIN_SUBSETS[mask] = found
    return found


# Slang TextBlob reads the wrong way round, rewritten before it scores the text.
_REWRITES = [
    (re.compile(r"\b(is|was|looks|look|so|proper|well|bare|really|its|it's) (sick|lit|fire|peng)\b"), r"\1 great"),
    (re.compile(r"\b(?:dead|well|bare|proper) (good|nice|friendly|helpful|kind|fun|funny|lovely)\b"), r"very \1"),
    (re.compile(r"\bkilling it\b|\bkilled it\b"), "did great"),
]
_REWRITES_INDEX = PrefixIndex([regex for regex, _repl in _REWRITES])
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|isn'?t|wasn'?t|weren'?t|aren'?t|don'?t|didn'?t)(?: \w+)? $")
_NOTHING = re.compile(r"^\W*(?:nothing|none|no|n/?a|nope|nil|not applicable|did not answer|no comment\w*|"
                      r"no comment|idk|dunno|don'?t know|-+|\.+)\W*$")

POSITIVE_ABOVE = 0.1  # chosen on the eval train split only
NEGATIVE_BELOW = -0.05


def fft_to_rating(fft: int | float | None) -> int | None:
    """NHS FFT answer (1 = very good ... 5 = very poor, 6/7 = don't know) -> 1 worst ... 5 best."""
    try:
        value = int(fft)
    except (TypeError, ValueError):
        return None
    return 6 - value if 1 <= value <= 5 else None


def text_score(text: str) -> tuple[float, int]:
    """(score in [-1, 1], evidence count) from the words alone."""
    low = text.lower().replace("’", "'")
    return _text_score(low, set(TOKEN.findall(low)))


def _text_score(low: str, words: set) -> tuple[float, int]:
    """text_score on low = text.lower() with ’ straightened; words = set(TOKEN.findall(low))."""
    rewritten = low
    mask = _REWRITES_INDEX.mask(low, words)
    if mask:
        for pos, (regex, repl) in enumerate(_REWRITES):
            if mask >> pos & 1:  # otherwise the pattern cannot match: sub would change nothing
                new = regex.sub(repl, rewritten)
                if new != rewritten:
                    rewritten = new
                    mask = _REWRITES_INDEX.mask(rewritten)  # the text changed: look again
    base, n_base = polarity_and_count(rewritten)
    total, count = base * n_base, n_base
    mask = _DOMAIN_INDEX.mask(low, words)
    if mask:
        regex, values = _domain_regex(mask)
        for match in regex.finditer(low):
            value = values[match.lastindex - 1]
            before = low[max(0, match.start() - 20): match.start()]
            # "not boring" is mildly positive, as TextBlob treats "not good"
            total += -0.5 * value if _NEGATED_BEFORE.search(before) else value
            count += 1
    if count == 0:
        return 0.0, 0
    return max(-1.0, min(1.0, total / count)), count


def sentiment(text: str, rating: int | None = None) -> tuple[str, float]:
    """(label, score): label in positive/neutral/negative, score in [-1, 1].

    rating (optional) is the respondent's own rating, 1 = worst ... 5 = best; when given it
    is blended with the text score, because children often write little but rate honestly.
    """
    text = text or ""
    low = text.lower().replace("’", "'")
    return _sentiment(text, rating, low, set(TOKEN.findall(low)))


def _sentiment(text: str, rating, low: str, words: set) -> tuple[str, float]:
    """sentiment() with the lower-cased text and its words already worked out."""
    score, evidence = _text_score(low, words)
    if rating is not None and 1 <= int(rating) <= 5:
        rating_score = (int(rating) - 3) / 2
        # Weak text evidence defers to the rating; strong text evidence shares the say.
        weight = 0.5 if evidence >= 2 else 0.7
        score = weight * rating_score + (1 - weight) * score
    elif _NOTHING.match(text.lower()):
        return NEUTRAL, 0.0
    return label_for(score), round(score, 4)


def label_for(score: float) -> str:
    if score > POSITIVE_ABOVE:
        return POSITIVE
    if score < NEGATIVE_BELOW:
        return NEGATIVE
    return NEUTRAL
