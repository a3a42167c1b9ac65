"""What a comment is written in, as far as coding needs to know: the codebook, the sentiment
words and the theme models read English, so a comment in another language (Arabic, Polish,
Welsh…) is for a person to code; and which comments read right to left.

Another script is told from its letters. A Latin-script comment is English when most of its
words are common English words (children's slang and misspellings mostly are: "soooo good",
"it aint fair"); otherwise py3langid (its model ships in the package, nothing is downloaded),
limited to the languages families here write, must be 90% sure. Measured in
tests/analysis/text/test_language.py: no children's or NHS comment in English called another
language; most short comments in Polish, Romanian, Welsh, Spanish, French, Portuguese and
Lithuanian found."""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

# Each language by its English name, for staff (the kiosk names them in their own words).
ENGLISH_NAMES = {
    "en": "English", "en-easy": "English (Easy Read)", "pl": "Polish", "ro": "Romanian", "cy": "Welsh",
    "es": "Spanish", "fr": "French", "pt": "Portuguese", "lt": "Lithuanian", "lv": "Latvian", "it": "Italian",
    "de": "German", "nl": "Dutch", "sk": "Slovak", "cs": "Czech", "hu": "Hungarian", "tr": "Turkish",
    "sq": "Albanian", "so": "Somali", "ga": "Irish", "gd": "Scottish Gaelic", "hr": "Croatian", "sl": "Slovenian",
    "bg": "Bulgarian", "ar": "Arabic", "ur": "Urdu", "pa": "Punjabi", "uk": "Ukrainian", "ru": "Russian",
    "fa": "Persian", "ps": "Pashto", "ku": "Kurdish", "bn": "Bengali", "hi": "Hindi", "gu": "Gujarati",
    "ta": "Tamil", "zh": "Chinese", "am": "Amharic", "he": "Hebrew", "el": "Greek", "th": "Thai", "vi": "Vietnamese",
}
SURE = 0.9  # the detector's probability before a Latin-script comment is called another language
ENGLISH_SHARE = 0.6  # this share of common English words and a comment is English
COMMON = 20  # "common": at least this often in TextBlob's spelling counts
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _letters(text: str) -> list[str]:
    return [c for c in text or "" if c.isalpha()]


def _latin(letters: list[str]) -> bool:
    if all(c.isascii() for c in letters):  # (most comments: no need to look each letter up)
        return True
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin * 2 >= len(letters)


@cache
def _english_words() -> frozenset[str]:
    import textblob
    path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
    words = (line.split() for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != ";")
    return frozenset(w[0].lower() for w in words if len(w) == 2 and int(w[1]) >= COMMON)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(sorted(set(ENGLISH_NAMES) & set(ident.nb_classes) - {"en-easy"}))
    return ident


def english_share(text: str) -> float:
    """The share of a comment's words that are common English words (1.0 when it has none)."""
    words = _WORD.findall(text.lower())
    common = _english_words()
    return sum(w in common or w.replace("'", "") in common for w in words) / len(words) if words else 1.0


def other_language(text: str) -> str | None:
    """The language of a comment not in English ("pl", "ar"…; "other" when unsure which), or
    None: English, or nothing to read ("10/10", "😀")."""
    letters = _letters(text)
    if not letters:
        return None
    if not _latin(letters):
        lang = _identifier().classify(text)[0]
        return lang if lang in ENGLISH_NAMES and lang != "en" else "other"
    if english_share(text) >= ENGLISH_SHARE:
        return None
    lang, p = _identifier().classify(text)
    return lang if lang != "en" and p >= SURE else None


def language_name(code: str | None) -> str:
    """A language's English name, for staff: "Polish", "English (Easy Read)"."""
    if code == "other" or not code:
        return "another language"
    return ENGLISH_NAMES.get(code, code)


def codebook_can_read(text: str) -> bool:
    """True for English, and for text with no letters ("10/10", "😀")."""
    return other_language(text) is None


def right_to_left(text: str) -> bool:
    """True when most letters are of a right-to-left script (Arabic, Hebrew…)."""
    letters = _letters(text)
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in letters)
    return bool(letters) and rtl * 2 > len(letters)
