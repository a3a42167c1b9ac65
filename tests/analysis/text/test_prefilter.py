"""The keyword prefilter must never change a result.

Each fast path (codebook themes, sentiment rules, safeguarding screen, code_many) is
checked against a straightforward reference that runs every pattern on every comment,
the way the code worked before the prefilter, on the safeguarding set and on synthetic
comments built from the codebook's own phrases and the rules' own words.
"""
from __future__ import annotations

import bisect
import csv
import random
import re
from pathlib import Path

import pytest
import yaml

import importlib

from analysis.text import prefilter
from analysis.text.codebook import _NEGATED_BEFORE, _NEGATION_WINDOW, DEFAULT_PATH, Codebook, default_codebook, normalise
from analysis.text.coder import code_many
from analysis.text.polarity import tokens

# analysis.text exports functions named like these modules, so import the modules by name
sg = importlib.import_module("analysis.text.safeguarding")
sg_rules = importlib.import_module("analysis.text.safeguarding_rules")
st = importlib.import_module("analysis.text.sentiment")
phrases = importlib.import_module("analysis.text.sentiment_phrases")
lexicon = importlib.import_module("analysis.text.sentiment_lexicon")
SAFEGUARDING_SET = Path(__file__).resolve().parents[2] / "data" / "safeguarding_set.csv"


def _safeguarding_texts() -> list[str]:
    with SAFEGUARDING_SET.open(newline="", encoding="utf-8") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def _phrase_texts() -> list[str]:
    """Texts made from the codebook phrases: as written, starred words completed."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    out = []
    for theme in data["themes"]:
        for phrase in theme["phrases"]:
            phrase = str(phrase)
            if phrase.startswith("re:"):
                continue
            out.append(phrase.replace("*", ""))
            out.append(phrase.replace("*", "ly"))
            out.append(phrase.replace("*", "s").upper() + "!")
    return out


_FILLERS = [
    "the staff were", "not", "never", "wasn't very", "i", "my mum", "at home", "school", "", "it was",
    "😊", "👍", "😡", "thank you", "no complaints", "took ages", "dead good", "is sick", "killing it",
    "don’t", "couldn't fault", "nothing", "n/a", "wanna", "gonna", "cuz", "ppl", "my mums", "he", "they",
    "said", "older boys", "hurt", "me", "safe", "feel", "unsafe", "not bad", "10/10", "re-referred",
    "face-to-face", "wi-fi", "a&e", "_", "kind_staff", "ÉCOLE", "naïve", "straße", "‘quoted’", "!!", "(!)",
]


def synthetic_comments(n: int = 4000, seed: int = 7) -> list[str]:
    """Comments mixing codebook phrases, safeguarding texts, fillers and punctuation."""
    rnd = random.Random(seed)
    pool = _phrase_texts() + _safeguarding_texts()
    out = []
    for i in range(n):
        parts = [rnd.choice(pool) if rnd.random() < 0.6 else rnd.choice(_FILLERS) for _ in range(rnd.randint(1, 5))]
        glue = rnd.choice([" ", ", ", ". ", "-", "_", "", " not ", "\n"])
        text = glue.join(parts)
        if i % 7 == 0:
            text = text.upper()
        out.append(text)
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _safeguarding_texts() + _phrase_texts() + synthetic_comments() + [
        "", " ", "N/A", "nothing", "Nothing.", "😊😊", "I don’t feel safe", "İstanbul", "ǅ kms", "kms😂"]


# --- references: every pattern, every comment (how the code worked before) ----------------

def reference_code(codebook: Codebook, text: str) -> list[str]:
    if not text:
        return []
    low = normalise(text)
    found = set()
    for theme_id, regex, negated in codebook._rules:
        if negated == "keep":
            if regex.search(low):
                found.add(theme_id)
            continue
        for match in regex.finditer(low):
            start = match.start()
            if _NEGATED_BEFORE.search(low, max(0, start - _NEGATION_WINDOW), start):
                if negated != "drop":
                    found.add(negated)
            else:
                found.add(theme_id)
    return [t.id for t in codebook.themes if t.id in found]


def reference_text_score(text: str) -> tuple[float, int]:
    """sentiment's text score with every rewrite and every phrase pattern run (no prefilter)."""
    norm, stretched = lexicon.spell_out(text.lower().replace("’", "'"))
    rewritten = norm
    for regex, repl in phrases._REWRITES:
        rewritten = regex.sub(repl, rewritten)
    pieces = st._CLAUSE_BREAK.split(rewritten)
    clauses = [lexicon.word_values(tokens(st._clause_text(piece)), stretched) for piece in pieces]
    starts = [m.start() for m in st._CLAUSE_BREAK.finditer(norm)]
    hits = [(m, phrases._DOMAIN_VALUES) for m in phrases._DOMAIN_RE.finditer(norm)]
    hits += [(m, phrases._LATE_VALUES) for m in phrases._LATE_RE.finditer(norm)]
    matches = sorted((m for m, _values in hits), key=lambda m: m.start())
    for match, values in sorted(hits, key=lambda hit: hit[0].start()):
        value = values[match.lastindex - 1]
        before = norm[max(0, match.start() - 20): match.start()]
        clauses[bisect.bisect_right(starts, match.start())].append(
            -0.5 * value if phrases._NEGATED_BEFORE.search(before) else value)
    opening = phrases._OPENINGS.match(norm)
    if opening and not (matches and matches[0].start() == 0):
        clauses[0].append(phrases._OPENING_VALUES[opening.lastindex - 1])
    values = [v for clause in clauses for v in clause]
    if not values:
        return 0.0, 0
    score = sum(values) / len(values)
    if len(clauses) > 1:
        score = st._weigh_clauses(pieces, clauses, score)
    if st._MIXED.search(norm):
        score = 0.0
    return max(-1.0, min(1.0, score)), len(values)


def reference_normalise(text: str) -> str:
    low = sg._APOSTROPHES.sub("", text.lower())
    low = sg._NON_WORD.sub(" ", low)
    for pattern, repl in sg._SPELLING:
        low = pattern.sub(repl, low)
    return " " + low.strip() + " "


def reference_screen(text: str):
    if not isinstance(text, str) or not text.strip():
        return False, None
    norm = reference_normalise(text)
    if not sg._ANY.search(norm):
        return False, None
    for rule in sg_rules.RULES:
        for match in rule.pattern.finditer(norm):
            before = norm[max(0, match.start() - 40): match.start()]
            if rule.negatable and sg_rules.NEGATED.search(before):
                continue
            if rule.educational and sg._about_a_topic(norm, match):
                continue
            if rule.unless is not None and rule.unless.search(norm):
                continue
            return True, sg._refine(rule.category, norm)
    return False, None


# --- the prefilter itself ---------------------------------------------------------------

def _families():
    codebook = default_codebook()
    return {
        "codebook": (codebook._index, [p for p in _index_patterns(codebook)], normalise),
        "domain": (phrases._DOMAIN_INDEX, [re.compile(p) for p, _v in phrases._DOMAIN], _spelled),
        "rewrites": (phrases._REWRITES_INDEX, [r for r, _ in phrases._REWRITES], _spelled),
        "spelling": (sg._SPELLING_INDEX, [p for p, _ in sg._SPELLING],
                     lambda t: sg._NON_WORD.sub(" ", sg._APOSTROPHES.sub("", t.lower()))),
        "screen": (sg._RULE_INDEX, [r.pattern for r in sg_rules.RULES], sg.normalise),
    }


def _spelled(text: str) -> str:
    return lexicon.spell_out(text.lower().replace("’", "'"))[0]


def _index_patterns(codebook: Codebook) -> list[re.Pattern]:
    out = []
    for (_tid, regex, _neg), (_start, _full, singles) in zip(codebook._rules, codebook._spans):
        out.extend(singles if singles is not None else [regex])
    return out


@pytest.mark.parametrize("family", ["codebook", "domain", "rewrites", "spelling", "screen"])
def test_prefilter_never_skips_a_pattern_that_matches(family, corpus):
    index, patterns, norm = _families()[family]
    assert index.n == len(patterns)
    checked = 0
    for text in corpus:
        x = norm(text)
        mask = index.mask(x)
        for pos, pattern in enumerate(patterns):
            if pattern.search(x):
                checked += 1
                assert mask >> pos & 1, (family, pattern.pattern[:80], x)
    assert checked > 100  # the corpus really exercises the patterns


@pytest.mark.parametrize("pattern,texts,expected", [
    (r"\bfriendl\w*", ["so friendly", "friendlier"], [True, True]),
    (r"\bnot (?:bad|too bad)\b", ["not bad at all", "not_bad", "notbad"], [True, False, False]),
    (r"(?<!\w)(?:a&e)(?!\w)", ["went to a&e", "ba&e"], [True, False]),
    (r"😡|😠", ["so 😡", "fine"], [True, False]),
    (r"\b(?:\w+ ){0,2}unsafe\b", ["i felt unsafe", "safe"], [True, False]),
])
def test_keys_are_necessary_and_useful(pattern, texts, expected):
    compiled = re.compile(pattern)
    index = prefilter.PrefixIndex([compiled])
    for text, want in zip(texts, expected):
        assert bool(compiled.search(text)) == want
        if want:
            assert index.mask(text) == 1
    assert prefilter.starts(compiled) is not None


def test_patterns_without_a_literal_are_always_run():
    index = prefilter.PrefixIndex([re.compile(r"\w+\d"), re.compile(r"(?i)kind"), re.compile(r"kind"),
                                   re.compile(r"\w+ing\b")])
    assert index.always == 0b0011
    assert index.mask("so nice") == 0b0011
    assert index.mask("so caring") == 0b1011  # "ing" is a substring key


def test_every_screen_rule_starts_at_a_word_edge():
    """screen() drops the _ANY union for the prefilter; that is the same answer only if
    every rule can match only where _ANY's leading \\b holds."""
    from re import _parser

    def starts_at_edge(items) -> bool:
        items = list(items)
        if not items:
            return False
        op, av = items[0]
        if op is _parser.AT and av is _parser.AT_BOUNDARY:
            return True
        if op is _parser.ASSERT_NOT:  # e.g. (?<!roller )\bblades?
            return starts_at_edge(items[1:])
        if op is _parser.BRANCH:
            return all(starts_at_edge(list(alt) + items[1:]) for alt in av[1])
        if op is _parser.SUBPATTERN:
            return starts_at_edge(list(av[3]) + items[1:])
        return False

    for rule in sg_rules.RULES:
        assert starts_at_edge(_parser.parse(rule.pattern.pattern)), rule.pattern.pattern[:80]


# --- whole results unchanged -------------------------------------------------------------

def test_codebook_matches_reference(corpus):
    codebook = default_codebook()
    for text in corpus:
        assert codebook.code(text) == reference_code(codebook, text), text


def test_text_score_matches_reference(corpus):
    for text in corpus:
        assert st.text_score(text) == reference_text_score(text), text


def test_phrase_matches_are_the_alternations_matches(corpus):
    """Each phrase pattern scanned alone finds what the one alternation of them all finds: the
    same pattern, start and end, in order; where two match at one start, the earlier pattern."""
    children = Path(__file__).resolve().parents[2] / "data" / "children_sentiment.csv"
    with children.open(newline="", encoding="utf-8") as fh:
        written = [row["text"] for row in csv.DictReader(fh)]
    rnd = random.Random(3)
    mixed = [" ".join(rnd.sample(written, 3)) for _ in range(2000)]
    for text in corpus + written + mixed:
        x = _spelled(text)
        found = [(i, m.start(), m.end()) for i, m in phrases._domain_matches(x, phrases._DOMAIN_INDEX.mask(x))]
        assert found == [(m.lastindex - 1, m.start(), m.end()) for m in phrases._DOMAIN_RE.finditer(x)], text


def test_screen_matches_reference(corpus):
    for text in corpus:
        assert sg.normalise(text) == reference_normalise(text), text
        assert sg.rules(text) == reference_screen(text), text


def test_code_many_matches_reference(corpus):
    codebook = default_codebook()
    rnd = random.Random(3)
    texts = corpus + corpus[:500]  # repeats go through the per-batch reuse
    ratings = [rnd.choice([None, 1, 2, 3, 4, 5]) for _ in texts]
    for ratings_or_none in (None, ratings):
        codings = code_many(texts, ratings_or_none)
        for i, (text, coding) in enumerate(zip(texts, codings)):
            rating = None if ratings_or_none is None else ratings_or_none[i]
            label, score = reference_sentiment(text, rating)
            assert coding.themes == tuple(reference_code(codebook, text)), text
            assert (coding.sentiment, coding.sentiment_score) == (label, score), text
            flag = sg.screen_result(text)  # the batch screens as one text alone would be
            assert (coding.flagged, coding.flag_reason, coding.flag_level) == (flag.flagged, flag.reason, flag.level), text
            if reference_screen(text)[0]:  # a rule match is always the answer, as a concern
                assert (coding.flag_reason, coding.flag_level) == (reference_screen(text)[1], sg.CONCERN), text
            assert coding.codebook_version == codebook.version


def reference_sentiment(text: str, rating=None):
    text = text or ""
    score, evidence = reference_text_score(text)
    if rating is not None and 1 <= int(rating) <= 5:
        rating_score = (int(rating) - 3) / 2
        weight = 0.5 if evidence >= 2 else 0.7
        score = weight * rating_score + (1 - weight) * score
    elif st._NOTHING.match(_spelled(text)):
        return st.NEUTRAL, 0.0
    elif not evidence and re.search("[a-z]", _spelled(text)):  # no word of feeling: the model decides
        return st.decide([_spelled(text)])[0]
    return st.label_for(score), round(score, 4)


def test_safeguarding_set_recall_unchanged():
    """Every disclosure in the safeguarding set is still flagged; rule matches for the same reason."""
    with SAFEGUARDING_SET.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codings = code_many([r["text"] for r in rows])
    for row, coding in zip(rows, codings):
        if reference_screen(row["text"])[0]:
            assert (coding.flagged, coding.flag_reason) == reference_screen(row["text"])
        if row["concern"] == "1":
            assert coding.flagged, row["text"]


def test_custom_codebook_without_known_phrases_still_works(tmp_path):
    """A Codebook built by hand (no phrase list recorded) falls back to whole patterns."""
    theme = default_codebook().themes[0]
    book = Codebook([theme], [(theme.id, re.compile(r"\bkind\b"), "keep")], "x")
    assert book.code("very kind") == [theme.id]
    assert book.code("unkind") == []
