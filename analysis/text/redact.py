"""Remove personal details from a quote before it is published.

Best effort, tuned to UK feedback: a worker still approves every quote. Roles and titles
are kept and only the name goes ("Dr Smith" -> "Dr [name]"), because "the doctor" being
praised is useful and not identifying on its own.
"""
from __future__ import annotations

import re
from typing import Iterable

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# +44 7700 900123, 07700 900123, 0121 496 0000, (0121) 496-0000, 0044 20 7946 0000
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s\-()]{7,14}\d(?![\w])"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|drive|way|court|crescent|place|grove|gardens|"
    r"terrace|hill|row|walk|mews|square|rise|view|green|park road|estate"
)
_NOT_ADDRESS = r"(?!(?:minutes?|mins?|hours?|hrs?|miles?|weeks?|days?|months?|years?|times?|of|or|and|to|the)\b)"
_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+{_NOT_ADDRESS}(?:[a-z'\-]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
_LIVE_ON = re.compile(
    rf"\b((?:live|lives|living|stay|staying|moved)\s+(?:on|at|in|to)\s+)(?:[A-Z][a-z'\-]+\s+){{1,3}}"
    rf"(?:{_STREET_TYPES.title()})\b"
)
_SCHOOL_LIKE = re.compile(
    r"\b(?:(?:St|Saint)\.?\s+)?(?:[A-Z][a-z'\-]+\s+){1,3}(?:Primary|Junior|Infant|Infants|Academy|High|Secondary|"
    r"Grammar|Community|Church of England|C of E|CE|RC)(?:\s+(?:School|Academy|College))?\b"
)
_TITLES = r"Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof|Professor|Sir|Auntie|Aunty|Uncle"
_TITLE_NAME = re.compile(rf"\b({_TITLES})\.?\s+(?:[A-Z][a-z'\-]+)(?:\s+[A-Z][a-z'\-]+)?")
# Children often write their own name in lower case after "my name is", so that form
# takes any word; after the looser "called"/"named" only a capitalised word counts.
_INTRODUCED = re.compile(
    r"\b((?i:my name is|my names|my name's|i am called|im called|i'm called)\s+)([A-Za-z][a-z'\-]+)"
    r"(?:\s+(?!(?:And|But|Or)\b)[A-Z][a-z'\-]+)?"
    r"|\b((?i:called|named)\s+)([A-Z][a-z'\-]+)(?:\s+(?!(?:And|But|Or)\b)[A-Z][a-z'\-]+)?"
)
_ROLES = (
    r"worker|key worker|keyworker|social worker|therapist|counsellor|counselor|nurse|doctor|psychiatrist|"
    r"psychologist|teacher|mentor|carer|foster carer|practitioner|receptionist|support worker|advocate|"
    r"friend|brother|sister|cousin|boyfriend|girlfriend|son|daughter"
)
_ROLE_NAME = re.compile(rf"\b((?:{_ROLES}),?\s+)([A-Z][a-z'\-]+)(?:\s+([A-Z][a-z'\-]+))?")
_THANKS_NAME = re.compile(r"\b((?:thanks|thank you|thankyou|ty|cheers|thanks to|with|from|love)\s+)([A-Z][a-z'\-]+)\b")
_NOT_NAMES = {
    "I", "Im", "The", "My", "Mum", "Dad", "Camhs", "CAMHS", "Nhs", "NHS", "You", "Everyone", "All", "It",
    "Them", "Her", "Him", "Staff", "Childline", "God", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "Christmas", "School", "Covid", "Zoom", "Teams", "Xbox", "Google",
}


def redact(text: str, school_names: Iterable[str] = ()) -> str:
    """Replace names, phone numbers, emails, street addresses, UK postcodes and the given
    school names with [name], [phone], [email], [address], [postcode], [school]."""
    if not text:
        return text
    out = _EMAIL.sub("[email]", text)
    out = _PHONE.sub(_phone_or_keep, out)
    out = _POSTCODE.sub("[postcode]", out)
    out = _ADDRESS.sub("[address]", out)
    out = _LIVE_ON.sub(lambda m: m.group(1) + "[address]", out)
    for school in sorted({s.strip() for s in school_names if s and s.strip()}, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(school)}(?:\s+(?:school|academy|college))?\b", "[school]", out, flags=re.IGNORECASE)
    out = _SCHOOL_LIKE.sub("[school]", out)
    out = _TITLE_NAME.sub(lambda m: f"{m.group(1)} [name]", out)
    out = _INTRODUCED.sub(_introduced, out)
    out = _ROLE_NAME.sub(_role_name, out)
    out = _THANKS_NAME.sub(lambda m: m.group(0) if m.group(2) in _NOT_NAMES else m.group(1) + "[name]", out)
    return out


def _phone_or_keep(match: re.Match) -> str:
    """Only 10-11 digit numbers are personal; short helplines like Childline 0800 1111 stay."""
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    digits = digits.replace("00", "0", 1) if digits.startswith("00") else digits
    return "[phone]" if 10 <= len(digits) <= 11 else match.group(0)


def _introduced(match: re.Match) -> str:
    prefix, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    if name in _NOT_NAMES or name.lower() in {"a", "an", "the", "me", "my", "it", "that", "not"}:
        return match.group(0)
    return prefix + "[name]"


def _role_name(match: re.Match) -> str:
    if match.group(2) in _NOT_NAMES:
        return match.group(0)
    return match.group(1) + "[name]"
