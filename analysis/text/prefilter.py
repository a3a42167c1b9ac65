"""Exact keyword prefilter for families of regular expressions.

Most comments can match only a few of the codebook, sentiment and safeguarding patterns,
and running every pattern on every comment is what made code_many slow. So each
pattern's parsed form is walked once to find keys every match must contain: a whole word
("staff"), a word prefix ("friendl" for friendl\\w*) or, failing those, a literal
substring (an emoji). Per comment, its words are looked up in one table (a set
intersection plus a memo per word) and only patterns whose key is present are run.

The prefilter never changes a result: a pattern it skips cannot match anywhere in the
text (its keys are necessary conditions), and a pattern with no usable key is always run.
tests/analysis/text/test_prefilter.py checks every pattern, and every fast path against
the run-everything reference, on the safeguarding set and synthetic comments.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore
    import sre_parse as _p  # type: ignore

MAX_PREFIX = 6  # characters of a word prefix kept in the table
_MAX_KEYS = 4000  # more alternative starts than this: give up, always run the pattern
_MAX_PATH = 40  # literal characters followed along one path before settling for what is known
TOKEN = re.compile(r"[^\W_]+")  # words as the index sees them: letters and digits only
_SEP = 0  # one or more characters, none a letter/digit, consumed
_EDGE = 1  # zero width, and the character on the far side is not a word character
_GAP = 2  # any characters (maybe none) the walk does not follow
_STOP = ("stop", None)
_GAP_NODE = ("gap", None)
# Very common words make poor keys: prefer any other word of the path.
_COMMON = frozenset(
    "a an and are as at be been but by can could did do dont for from get got had has have he her him his "
    "i if im in is it its just me more my no not of on or so that the them they this to too very was we "
    "were when will with would you your".split())


class _TooMany(Exception):
    pass


def _alnum(ch: str) -> bool:
    return ch.isalnum() and bool(ch != '_')


def _is_word_class(sub) -> bool:
    items = list(sub)
    return len(items) == 1 and items[0][0] is _c.IN and \
        list(items[0][1]) in ([(_c.CATEGORY, _c.CATEGORY_WORD)], [(_c.CATEGORY, _c.CATEGORY_UNI_WORD)])


_NON_ALNUM_CATEGORIES = {_c.CATEGORY_NOT_WORD, _c.CATEGORY_SPACE, _c.CATEGORY_UNI_NOT_WORD, _c.CATEGORY_UNI_SPACE}


def _separator(node) -> bool:
    """node consumes exactly one character that is never a letter or digit."""
    op, av = node
    if op is _c.LITERAL:
        return not _alnum(chr(av))
    if op is _c.IN:
        members = list(av)
        return bool(members) and all(
            (kind is _c.LITERAL and not _alnum(chr(v))) or (kind is _c.CATEGORY and v in _NON_ALNUM_CATEGORIES)
            for kind, v in members)
    return False


def starts(pattern: re.Pattern) -> set[tuple[str, str]] | None:
    """Keys of which every match of pattern needs at least one, or None (always run it).

    A key is (kind, text): ("word", w) the text has the word w (a maximal run of letters
    and digits); ("prefix", p) some word starts with p; ("sub", s) s is a substring.
    Worked out by following every path through the parsed pattern: each path's consumed
    literal characters, separators and word edges say which words it must contain.
    """
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE | re.VERBOSE | re.MULTILINE):
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
        out: set[tuple[str, str]] = set()
        _walk(list(parsed), [], out)
    except (_TooMany, RecursionError, _NoKey):
        return None
    return out


class _NoKey(Exception):
    pass


def _keys(path: list) -> list[tuple[int, tuple[str, str]]]:
    """(score, key) for each key the consumed path guarantees; higher scores are rarer and
    cheaper to test (a word is one table look-up, a substring a scan of the text)."""
    found = []
    run: list[str] = []  # current run of letters/digits
    chunk: list[str] = []  # current run of literal characters (for substring keys)
    start_known = False  # the run starts a word (the character before is not a letter/digit)
    for sym in path + [None]:
        if isinstance(sym, str) and _alnum(sym):
            run.append(sym)
            chunk.append(sym)
            continue
        # sym ends the run: a non-letter literal, a separator, a word edge, a gap or the end
        if run:
            word = "".join(run)
            penalty = 5 if word in _COMMON else 0
            if start_known and (isinstance(sym, str) or sym in (_SEP, _EDGE)):
                found.append((len(word) + 2 - penalty, ("word", word)))
            elif start_known:
                found.append((min(len(word), MAX_PREFIX) - penalty, ("prefix", word[:MAX_PREFIX])))
            run = []
        if isinstance(sym, str):
            chunk.append(sym)
        elif sym is not _EDGE:  # zero width: the literal chunk goes on across an edge
            if chunk:
                text = "".join(chunk)
                found.append((min(len(text) // 4, 4), ("sub", text)))
            chunk = []
        start_known = isinstance(sym, str) or sym in (_SEP, _EDGE)
    return found


def _best(path: list):
    keys = _keys(path)
    return max(keys) if keys else None


def _emit(path: list, out: set) -> None:
    best = _best(path)
    if best is None:
        raise _NoKey  # a path with no literal: the pattern cannot be prefiltered
    out.add(best[1])
    if len(out) > _MAX_KEYS:
        raise _TooMany


def _walk(items: list, path: list, out: set) -> None:
    i = 0
    path = list(path)
    while True:
        if i >= len(items) or len(path) >= _MAX_PATH:
            return _emit(path, out)
        node = items[i]
        if node is _STOP:
            return _emit(path, out)
        op, av = node
        rest = items[i + 1:]
        if op is _c.IN and 0 < len(av) <= 40 and all(kind is _c.LITERAL for kind, _v in av):
            for _kind, code in av:  # a small set of characters: follow each
                _walk([(_c.LITERAL, code)] + rest, path, out)
            return None
        if _separator(node):
            path.append(chr(av) if op is _c.LITERAL else _SEP)
            if _good_enough(path):
                return _emit(path, out)
            i += 1
        elif op is _c.LITERAL:
            path.append(chr(av))
            i += 1
        elif op is _c.IN:
            if not path or path[-1] is not _GAP:
                path.append(_GAP)
            i += 1
        elif op is _c.AT:
            if av in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING, _c.AT_END, _c.AT_END_STRING):
                path.append(_EDGE)
                if _good_enough(path):
                    return _emit(path, out)
            i += 1
        elif op is _c.ASSERT_NOT:
            if _is_word_class(av[1]):
                path.append(_EDGE)  # (?<!\w) or (?!\w)
            i += 1
        elif op is _c.ASSERT:
            i += 1  # zero width: says nothing we use
        elif op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags:
                raise _NoKey  # inline flags (e.g. (?i:...)): do not guess
            items = list(sub) + rest
            i = 0
        elif op is _c.BRANCH:
            for alt in av[1]:
                _walk(list(alt) + rest, path, out)
            return None
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or getattr(_c, "POSSESSIVE_REPEAT", None) is op:
            lo, hi, sub = av
            sub = list(sub)
            if hi == 0:
                i += 1
                continue
            if len(sub) == 1 and _separator(sub[0]):  # one or more non-letters, e.g. [\W_]+
                if lo == 0:
                    _walk(rest, path, out)
                _walk(rest, path + [_SEP], out)
                return None
            if hi == 1:  # optional: both ways are followed
                if lo == 0:
                    _walk(rest, path, out)
                _walk(sub + rest, path, out)
                return None
            if hi <= 4:  # a few repeats: unroll, X{0,3} = (?:X(?:X(?:X)?)?)?
                if lo == 0:
                    _walk(rest, path, out)
                _walk(sub + [(op, (max(lo - 1, 0), hi - 1, sub))] + rest, path, out)
                return None
            items = (sub if lo >= 1 else []) + [_GAP_NODE] + rest  # first repeat, then unknown
            i = 0
        elif node is _GAP_NODE:
            if not path or path[-1] is not _GAP:
                path.append(_GAP)
            i += 1
        else:  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, ...: something unknown is consumed
            if not path or path[-1] is not _GAP:
                path.append(_GAP)
            i += 1


def _good_enough(path: list) -> bool:
    best = _best(path)
    return best is not None and best[0] >= 7


class PrefixIndex:
    """Which of a list of patterns could match a text, as a bit mask (bit i = pattern i)."""

    def __init__(self, patterns: list[re.Pattern]):
        self.n = len(patterns)
        self.always = 0
        words: dict[str, int] = {}
        prefixes: dict[str, int] = {}
        substrings: dict[str, int] = {}
        tables = {"word": words, "prefix": prefixes, "sub": substrings}
        for i, pattern in enumerate(patterns):
            found = starts(pattern)
            if found is None:
                self.always |= 1 << i
                continue
            for kind, text in found:
                table = tables[kind]
                table[text] = table.get(text, 0) | (1 << i)
        self._words = words
        self._prefixes = prefixes
        self._lengths = sorted({len(w) for w in prefixes})
        self._substrings = sorted(substrings.items())
        self._ascii_substrings = [(sub, m) for sub, m in self._substrings if sub.isascii()]
        self._seen: set[str] = set()  # words whose mask is known
        self._hit_words: set[str] = set()  # ... and of those, the ones with a non-zero mask
        self._hits: dict[str, int] = {}

    def __getstate__(self):  # pickled (e.g. inside a TextModel) without the word caches
        state = dict(self.__dict__)
        state.update(_seen=set(), _hit_words=set(), _hits={})
        return state

    def word_mask(self, word: str) -> int:
        """Patterns that may match because the text has this word."""
        mask = self._words.get(word, 0)
        get = self._prefixes.get
        for length in self._lengths:
            if length > len(word):
                break
            mask |= get(word[:length], 0)
        return mask

    def _learn(self, words) -> None:
        """Remember the masks of words not seen before (bounded memory)."""
        for word in words:
            mask = self.word_mask(word)
            if len(self._seen) < 500_000:
                self._seen.add(word)
                if mask:
                    self._hits[word] = mask
                    self._hit_words.add(word)

    def mask(self, text: str, words=None) -> int:
        """Bit mask of patterns that may match text; words = set(TOKEN.findall(text)) if known."""
        if words is None:
            words = set(TOKEN.findall(text))
        mask = self.always
        new = words - self._seen
        if new:
            self._learn(new)
            for word in new:
                if word not in self._seen:  # memory bound reached: work it out each time
                    mask |= self.word_mask(word)
        hits = self._hits
        for word in words & self._hit_words:
            mask |= hits[word]
        for sub, m in (self._substrings if not text.isascii() else self._ascii_substrings):
            if sub in text:
                mask |= m
        return mask
