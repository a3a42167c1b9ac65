"""Three-way sentiment for short feedback comments.

Base: TextBlob's PatternAnalyzer lexicon (polarity.py), read word by word with rules for how
children and young people write (tables in sentiment_words.py):
- spelling first: negation without apostrophes ("dont", "wasnt", "aint"), text-speak ("u",
  "luv", "h8"), stretched letters ("sooo", "funnn": shrunk, and the word counts more);
- a negation ("not", "never", "nobody", "nothing", "no one", "without") turns the next
  sentiment word within a few words the other way ("dont let us do anything fun");
- "too" + a word is a complaint ("too loud", "way too strict") unless the word is praise;
- children's words of praise and complaint TextBlob does not know or reads wrongly ("lush",
  "cringe", "boring", "more" is a request, "game" is not negative), emoji, and phrases:
  feedback idioms ("can't fault", "took ages"), complaints as questions ("why do we have
  to..."), requests ("more snacks please": negative, as the NHS labellers count them);
- ordinary verbs of what staff do (tell, explain, ring, knock, ask, answer, come, visit...:
  sentiment_words.SILENT_VERBS) carry no opinion, but under a negation they are a complaint
  ("nobody rings me back", "they dont knock"), unless the negation is for a word of feeling
  after them ("nobody says anything mean"); wishes and wants ("i wish it was nearer", "i want
  a lady not a man", "i want the same worker") and bare requests ("wifi please") are requests;
- a comment whose clauses pull both ways ("staff are nice but the food is bad") is mixed,
  which is neutral (the NHS labelling convention: 3 = neutral, including mixed); but the
  child's own worry, or one "at first", followed by praise ("i get nervous but they make it
  easier") is praise;
- the respondent's own rating when there is one.

Where the rules find no word of feeling at all (a quarter of the comments children wrote for
the third round of the set: "packed out, nowhere to sit", "had to remind him my name lol"), a
learned model decides when it is confident (sentiment_model.py, trained by train_sentiment.py
on the children's sets' train sides). It was first tried on the rules' own development set,
where the rules were already tuned and it could only lower them (0.98 to 0.89); on comments
written by others that the rules had never seen (the third round), out-of-fold by family, it
lifts the rules from 0.755 to about 0.79. Workers' corrections reach sentiment through
TextModel (model.py), as themes do.

Ratings here use the voice_app convention: 1 = worst ... 5 = best (e.g. very unhappy ...
very happy). The NHS FFT scale runs the other way; convert with fft_to_rating().
"""
from __future__ import annotations

import bisect
import re

from . import sentiment_words as W
from .polarity import emoticons, lexicon, tokens
from .prefilter import TOKEN, PrefixIndex
from .sentiment_model import shipped_model

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"

# Phrases and emoji (sentiment_words.PHRASES, .EMOJI): each hit counts like one scored word.
_DOMAIN = list(W.PHRASES[:W.FIRST_ROUND_PHRASES]) + list(W.EMOJI)
# One alternation, one pass: group number -> polarity (the patterns use no capturing groups).
# A single leading \b lets the engine skip mid-word positions at once (3x faster);
# patterns without it (emoji, "^more ...") get their own branches.
_WORDY = [(p, v) for p, v in _DOMAIN if p.startswith(r"\b") and "|^" not in p and not p.startswith("^")]
_OTHER = [(p, v) for p, v in _DOMAIN if (p, v) not in _WORDY]
_DOMAIN = _WORDY + _OTHER
_DOMAIN_RE = re.compile(r"\b(?:" + "|".join(f"({p})" for p, _v in _WORDY) + ")|"
                        + "|".join(f"({p})" for p, _v in _OTHER))
_DOMAIN_VALUES = [v for _p, v in _DOMAIN]
# Which _DOMAIN patterns can match a text (exact prefilter, see prefilter.py). A comment
# is scanned with an alternation of only those, which finds exactly the same matches.
_DOMAIN_INDEX = PrefixIndex([re.compile(p) for p, _v in _DOMAIN])
_DOMAIN_SUBSETS: dict[int, tuple[re.Pattern, list[float]]] = {}
# The later phrases are keyed on common words: in the prefiltered alternation they would
# multiply the distinct masks (one regex compiled per mask), so they run as one regex of their own.
_LATE_RE = re.compile("|".join(f"({p})" for p, _v in W.PHRASES[W.FIRST_ROUND_PHRASES:]))
_LATE_VALUES = [v for _p, v in W.PHRASES[W.FIRST_ROUND_PHRASES:]]


def _domain_regex(mask: int) -> tuple[re.Pattern, list[float]]:
    """_DOMAIN_RE restricted to the patterns in mask, same order and layout."""
    found = _DOMAIN_SUBSETS.get(mask)
    if found is None:
        keep = [i for i in range(len(_DOMAIN)) if mask >> i & 1]
        wordy = [_DOMAIN[i][0] for i in keep if i < len(_WORDY)]
        other = [_DOMAIN[i][0] for i in keep if i >= len(_WORDY)]
        parts = []
        if wordy:
            parts.append(r"\b(?:" + "|".join(f"({p})" for p in wordy) + ")")
        parts.extend(f"({p})" for p in other)
        found = (re.compile("|".join(parts)), [_DOMAIN_VALUES[i] for i in keep])
        if len(_DOMAIN_SUBSETS) < 5000:
            _DOMAIN_SUBSETS[mask] = found
    return found


# Slang TextBlob reads the wrong way round, rewritten before it scores the text.
_REWRITES = [
    (re.compile(r"\b(is|was|looks|look|so|proper|well|bare|really|its|it's|it is) (sick|lit|fire|peng|class)\b(?! of)"),
     r"\1 great"),
    (re.compile(r"\b(?:dead|well|bare|proper) (good|nice|friendly|helpful|kind|fun|funny|lovely)\b"), r"very \1"),
    (re.compile(r"\bkilling it\b|\bkilled it\b"), "did great"),
    (re.compile(r"^(sick|class|lit|fire)\W*$"), "great"),  # the whole answer to "what was good?"
]
_REWRITES_INDEX = PrefixIndex([regex for regex, _repl in _REWRITES])
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|nobody|nothing|no one|without)(?: \w+)? $")
_OPENINGS = re.compile("|".join(f"({p})" for p, _v in W.OPENINGS))
_OPENING_VALUES = [v for _p, v in W.OPENINGS]
_NOTHING = re.compile(W.NOTHING)
_MIXED = re.compile(W.MIXED)
_CLAUSE_BREAK = re.compile(r"\b(?:" + "|".join(sorted(W.CLAUSE_BREAKS)) + r")\b")
_SPELL_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STRETCH = re.compile(r"([a-z])\1{2,}")
_SELF_OPENING = re.compile(W.SELF_OPENING)
_EARLIER_ONLY = re.compile(W.EARLIER_ONLY)
_NOW = re.compile(r"^\W*(?:now|these days|recently|since)\b")
_JOINS = re.compile(r"\b(?:" + "|".join(map(re.escape, W.JOINS)) + r")\b")
_PUNCTUATION_STOP = re.compile(r"(?<=\w)[.,;:?]+(?=\s|$)")


def _merged_lexicon() -> dict:
    """TextBlob's lexicon with the children's WORDS on top (None there removes a word)."""
    merged = dict(lexicon())
    for word, value in W.WORDS.items():
        if value is None:
            merged.pop(word, None)
        else:
            merged[word] = (value, 1.0, False)
    for word in W.NEGATORS:
        merged.pop(word, None)  # a negation turns the next word; it is not itself scored
    return merged


_LEX: dict = {}
_KNOWN: set = set()
_SPELLED: dict[str, tuple[str, bool]] = {}  # word -> (spelled-out form, was stretched) (memo)


def _lex() -> dict:
    if not _LEX:
        _LEX.update(_merged_lexicon())
        _KNOWN.update(_LEX, W.SPELLING, W.INTENSIFIERS, W.NEGATORS, W.FILLERS, W.CLAUSE_BREAKS, ("too", "like"))
    return _LEX


def _spell_word(word: str) -> tuple[str, bool]:
    """One word's standard form, and whether its letters were stretched ("sooo", "funnn")."""
    found = _SPELLED.get(word)
    if found is None:
        shrunk, stretched = word, False
        if _STRETCH.search(word):
            _lex()
            two = _STRETCH.sub(r"\1\1", word)
            shrunk = two if two in _KNOWN else _STRETCH.sub(r"\1", word)
            stretched = True
        found = (W.SPELLING.get(shrunk, shrunk), stretched)
        if len(_SPELLED) < 200_000:
            _SPELLED[word] = found
    return found


# A comment with none of SPELLING's plain words, no apostrophe or hyphen (for "don't",
# "no-one") and no stretched letters is already spelled out.
_SPELLING_WORDS = frozenset(w for w in W.SPELLING if TOKEN.fullmatch(w))
_MIXED_WORDS = frozenset(("some", "sometimes", "half", "depends"))  # every _MIXED match has one
_JOINED_LAST = frozenset(phrase.split()[-1] for phrase in W.JOINS)


def _spell_out(low: str, words: set) -> tuple[str, frozenset]:
    """spell_out(low), quickly when there is nothing to change; words = set(TOKEN.findall(low))."""
    if words.isdisjoint(_SPELLING_WORDS) and "'" not in low and "-" not in low and not _STRETCH.search(low):
        return low, frozenset()
    return spell_out(low)


def spell_out(low: str) -> tuple[str, frozenset]:
    """low (lower-cased, ’ straightened) with SPELLING applied word by word and stretched
    letters shrunk, and the set of spelled-out words that were stretched."""
    stretched = []

    def one(match: re.Match) -> str:
        word, was_stretched = _spell_word(match.group())
        if was_stretched:
            stretched.append(word)
        return word

    return _SPELL_WORD.sub(one, low), frozenset(stretched)


def _word_values(toks: list[str], stretched: frozenset) -> list[float]:
    """The sentiment of each scored word of one clause, with negation, "too" and intensifiers."""
    lex, emo = _lex(), emoticons()
    special, fillers, negators = _special(), W.FILLERS, W.NEGATORS
    out: list[float] = []
    reach = 0  # words a negation still reaches
    silent = 0  # nonzero while the negation can make a silent verb a complaint
    boost = 1.0  # from an intensifier or modifier just before
    n = len(toks)
    i = 0
    while i < n:
        w = toks[i]
        entry = lex.get(w)
        if entry is None and w not in special:  # most words: not scored, not a rule word
            if w not in fillers:
                boost = 1.0
                if reach:
                    reach -= 1
            i += 1
            continue
        if w == "like":  # praise after a subject, but "treat you like a number" compares
            entry = (0.5, 1.0, False) if i and toks[i - 1] in W.LIKE_AFTER and (
                i + 1 == n or toks[i + 1] not in ("a", "an")) else None
        if w == "too" or (w == "to" and i + 1 < n and toks[i + 1] in W.TO_FOR_TOO):
            after = toks[i + 1: i + 3]
            if after and after[0] in ("much", "many") and len(after) > 1 and _praise(lex, after[1]):
                after = after[1:]
            if after and _praise(lex, after[0]):
                boost = W.INTENSIFIERS["too"]  # "too good", "too much fun": praise
                i += 1
                continue
            if after and after[0] not in fillers and after[0] not in negators:
                value = W.TOO_VALUE * (W.STRETCHED_BOOST if w in stretched else 1.0)
                out.append(-0.5 * value if reach else value)
                reach, boost = 0, 1.0
                i += 2  # the word after "too" is the complaint, not praise ("too hot", "too quiet")
                continue
            i += 1
            continue
        if entry is not None:
            p, intensity, is_modifier = entry
            if is_modifier and i + 1 < n and lex.get(toks[i + 1]) is not None:
                boost *= intensity  # "very good": the modifier scales the word after it
                i += 1
                continue
            if w in stretched:
                p *= W.STRETCHED_BOOST
            p = max(-1.0, min(1.0, p * boost))
            if reach:
                p, reach = -0.5 * p, 0
            out.append(p)
            boost = 1.0
        elif w in negators:
            reach = W.NEGATION_REACH
            silent = reach if w in W.SILENT_NEGATORS else 0
        elif w in W.SILENT_VERBS:
            if reach and silent:
                # "nobody rings me back", "they dont knock": a complaint, unless the negation
                # is for a word of feeling after the verb ("nobody says anything mean")
                if not _scored_within(lex, toks, i + 1, reach):
                    out.append(W.SILENT_NEGATED)
                    reach = 0
            elif w in W.SILENT_AFFIRMED:
                out.append(W.SILENT_AFFIRMED[w])
            boost = 1.0
        elif w in W.NEGATION_STOPS:
            reach = 0
        elif w in W.INTENSIFIERS:
            boost = W.INTENSIFIERS[w] * (W.STRETCHED_BOOST if w in stretched else 1.0)
        elif w == "!":
            if out:
                out[-1] = max(-1.0, min(1.0, out[-1] * 1.25))
        elif w in emo:
            out.append(emo[w])
        elif w not in fillers:
            boost = 1.0
            if reach:
                reach -= 1
        i += 1
    return out


_SPECIAL: set = set()


def _special() -> set:
    """Words (and marks) with a rule of their own in _word_values, besides scored words."""
    if not _SPECIAL:
        _SPECIAL.update(W.NEGATORS, W.NEGATION_STOPS, W.INTENSIFIERS, W.SILENT_VERBS, emoticons(),
                        ("!", "too", "to", "like"))
    return _SPECIAL


def _scored_within(lex: dict, toks: list[str], start: int, reach: int) -> bool:
    """A word of clear sentiment (or "too") among the next reach words."""
    for w in toks[start: start + reach]:
        if w == "too":
            return True
        entry = lex.get(w)
        if entry is not None and abs(entry[0]) >= 0.1:
            return True
    return False


def _praise(lex: dict, word: str) -> bool:
    entry = lex.get(word)
    return entry is not None and entry[0] >= 0.5


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
    norm, stretched = _spell_out(low, words)
    return _score_spelled(norm, set(TOKEN.findall(norm)) if norm != low else words, stretched)


def _score_spelled(norm: str, words: set, stretched: frozenset) -> tuple[float, int]:
    """The score of a spelled-out comment: the mean of its scored words and phrase hits,
    or 0.0 (neutral) when its clauses pull both ways."""
    rewritten = _rewrite(norm, words)
    # rewrites never touch the clause-break words
    pieces = [rewritten] if words.isdisjoint(W.CLAUSE_BREAKS) else _CLAUSE_BREAK.split(rewritten)
    joins = not words.isdisjoint(_JOINED_LAST)
    clauses = [_word_values(tokens(_clause_text(piece, joins)), stretched) for piece in pieces]
    if len(pieces) > 1:
        starts = [m.start() for m in _CLAUSE_BREAK.finditer(norm)]
        for start, value in _phrase_hits(norm, words):
            clauses[bisect.bisect_right(starts, start)].append(value)
    else:
        clauses[0].extend(value for _start, value in _phrase_hits(norm, words))
    values = [v for clause in clauses for v in clause]
    if not values:
        return 0.0, 0
    score = sum(values) / len(values)
    if len(clauses) > 1:
        score = _weigh_clauses(pieces, clauses, score)
    if not words.isdisjoint(_MIXED_WORDS) and _MIXED.search(norm):
        score = 0.0
    return max(-1.0, min(1.0, score)), len(values)


def _clause_text(piece: str, joins: bool = True) -> str:
    """A clause as the word scorer reads it: punctuation inside it marked (a negation, "too"
    or a modifier does not reach past it), and two-word expressions joined (joins: False when
    the text has none)."""
    piece = _PUNCTUATION_STOP.sub(" zzstop", piece)
    return _JOINS.sub(lambda m: W.JOINS[m.group()], piece) if joins else piece


def _weigh_clauses(pieces: list[str], clauses: list[list[float]], score: float) -> float:
    """A later clause that says how things are now wins ("i used to be scared but now i like
    it"); clauses that pull both ways make a mixed comment, which is neutral."""
    for k in range(1, len(pieces)):
        if _NOW.match(pieces[k]) and any(clauses[k:]):
            later = [v for clause in clauses[k:] for v in clause]
            return sum(later) / len(later)
    for k in range(1, len(pieces)):
        if _relief(pieces[:k], clauses[:k], clauses[k:]):
            later = [v for clause in clauses[k:] for v in clause]
            return sum(later) / len(later)
    means = [sum(c) / len(c) for c in clauses if c]
    if any(m > POSITIVE_ABOVE for m in means) and any(m < NEGATIVE_BELOW for m in means):
        return 0.0
    return score


def _relief(before: list[str], before_values: list[list[float]], after_values: list[list[float]]) -> bool:
    """The child's own worry, then what staff did about it ("i get nervous but they make it
    easier", "i was scared at first but my worker made it ok"): praise, not a mixed comment.
    Only when every clause before is about the child and none of them is praise."""
    if not all(_SELF_OPENING.match(piece) or _EARLIER_ONLY.search(piece) for piece in before):
        return False
    worry = [v for clause in before_values for v in clause]
    later = [v for clause in after_values for v in clause]
    return bool(worry) and bool(later) and max(worry) < 0 and sum(later) / len(later) > POSITIVE_ABOVE


def _rewrite(norm: str, words: set) -> str:
    """norm with the slang rewrites applied (only those that can match, see prefilter.py)."""
    rewritten = norm
    mask = _REWRITES_INDEX.mask(norm, words)
    if mask:
        for pos, (regex, repl) in enumerate(_REWRITES):
            if mask >> pos & 1:  # otherwise the pattern cannot match: sub would change nothing
                new = regex.sub(repl, rewritten)
                if new != rewritten:
                    rewritten = new
                    mask = _REWRITES_INDEX.mask(rewritten)  # the text changed: look again
    return rewritten


def _phrase_hits(norm: str, words: set) -> list[tuple[int, float]]:
    """(position, polarity) of every phrase and emoji hit; a negated phrase counts the other way."""
    out = []
    mask = _DOMAIN_INDEX.mask(norm, words)
    if mask:
        regex, values = _domain_regex(mask)
        for match in regex.finditer(norm):
            value = values[match.lastindex - 1]
            before = norm[max(0, match.start() - 20): match.start()]
            # "not boring" is mildly positive, as TextBlob treats "not good"
            out.append((match.start(), -0.5 * value if _NEGATED_BEFORE.search(before) else value))
    late = [(m.start(), _LATE_VALUES[m.lastindex - 1]) for m in _LATE_RE.finditer(norm)]
    if late:
        out = sorted(out + [(start, -0.5 * value if _NEGATED_BEFORE.search(norm[max(0, start - 20): start]) else value)
                            for start, value in late], key=lambda hit: hit[0])
    if not out or out[0][0] > 0:
        opening = _OPENINGS.match(norm)
        if opening:
            # last, as the reference counts it: the mean is then the same to the last bit
            out.append((0, _OPENING_VALUES[opening.lastindex - 1]))
    return out


def sentiment(text: str, rating: int | None = None) -> tuple[str, float]:
    """(label, score): label in positive/neutral/negative, score in [-1, 1].

    rating (optional) is the respondent's own rating, 1 = worst ... 5 = best; when given it
    is blended with the text score, because children often write little but rate honestly.
    Where the rules find no word of feeling at all, the learned model (sentiment_model.py)
    decides when it is confident.
    """
    label, score, unread = read_by_rules(text, rating)
    return decide([unread])[0] if unread is not None else (label, score)


def rules_sentiment(text: str, rating: int | None = None) -> tuple[str, float]:
    """sentiment() by the rules alone: what the learned model adds is measured against it."""
    return read_by_rules(text, rating)[:2]


def read_by_rules(text: str, rating: int | None = None) -> tuple[str, float, str | None]:
    """The rules' (label, score, unread): see _sentiment."""
    text = text or ""
    low = text.lower().replace("’", "'")
    return _sentiment(text, rating, low, set(TOKEN.findall(low)))


def _sentiment(text: str, rating, low: str, words: set) -> tuple[str, float, str | None]:
    """sentiment() by the rules, with the lower-cased text and its words already worked out.
    The third value is the spelled-out comment when the rules found no evidence either way
    (no scored word or phrase, no rating, not a plain "nothing"): decide() reads those."""
    norm, stretched = _spell_out(low, words)
    score, evidence = _score_spelled(norm, set(TOKEN.findall(norm)) if norm != low else words, stretched)
    if rating is not None and 1 <= int(rating) <= 5:
        rating_score = (int(rating) - 3) / 2
        # Weak text evidence defers to the rating; strong text evidence shares the say.
        weight = 0.5 if evidence >= 2 else 0.7
        score = weight * rating_score + (1 - weight) * score
    elif _NOTHING.match(norm):
        return NEUTRAL, 0.0, None
    elif not evidence and _LETTER.search(norm):
        return NEUTRAL, 0.0, norm
    return label_for(score), round(score, 4), None


_LETTER = re.compile(r"[a-z]")  # an English word to read (emoji alone and other scripts: no)


def decide(norm_texts: list[str]) -> list[tuple[str, float]]:
    """The learned model's (label, score) for spelled-out comments the rules could not read:
    score is half the model's probability, signed; neutral 0.0 where the model is unsure."""
    out = []
    for found in shipped_model().decide(norm_texts):
        if found is None or found[0] == NEUTRAL:
            out.append((NEUTRAL, 0.0))
        else:
            label, probability = found
            out.append((label, round(probability / 2 if label == POSITIVE else -probability / 2, 4)))
    return out


def label_for(score: float) -> str:
    if score > POSITIVE_ABOVE:
        return POSITIVE
    if score < NEGATIVE_BELOW:
        return NEGATIVE
    return NEUTRAL
