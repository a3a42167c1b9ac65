"""A partnership set up from one file: organisations, their sites, survey rounds, kiosk links.

The file is checked whole (pydantic) before anything is stored, and applied in one transaction:
a bad line or a clash with what is already there stores nothing. Applying it again changes
nothing; a changed number, date or contact email is updated; a slug that something else holds
is refused, never taken over.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    ValidationError,
    field_validator,
    model_validator,
)

from voice_app.services import kiosk_links
from voice_app.services.site_settings import check_setting
from voice_app.services.alerts import clean_email
from voice_app.services.organisations import (
    AdminError,
    add_organisation_in,
    add_round_in,
    add_site_in,
    slugify,
)
from voice_app.services.surveys import UnknownSurvey
from voice_app.store import queries
from voice_app.store.db import session_scope

Where = tuple[str | int, ...]  # where a value is in the file, e.g. ("rounds", 0, "survey")


class PartnershipError(ValueError):
    """Why a partnership file was refused, with its line; nothing from it was stored."""


class _Model(BaseModel):
    # A misspelt key (contact_emial) is an error, not a setting silently left out.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class SiteEntry(_Model):
    name: str = Field(min_length=1)
    slug: str | None = None
    contact_email: str | None = None
    setting: str | None = None  # school, hospital, social_care, community or family

    @field_validator("contact_email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        return None if value is None else clean_email(value)

    @field_validator("setting")
    @classmethod
    def _setting(cls, value: str | None) -> str | None:
        return check_setting(value)

    @property
    def key(self) -> str:
        return self.slug or slugify(self.name)


class OrganisationEntry(_Model):
    name: str = Field(min_length=1)
    slug: str | None = None
    sites: list[SiteEntry] = []

    @property
    def key(self) -> str:
        return self.slug or slugify(self.name)


class RoundEntry(_Model):
    survey: str
    name: str = Field(min_length=1)
    opens: date | None = None
    closes: date | None = None
    invited: NonNegativeInt | None = None
    # How many were invited at each site (slug: number), for sites' own response rates.
    invited_at_sites: dict[str, NonNegativeInt] = {}


class Partnership(_Model):
    organisations: list[OrganisationEntry] = []
    rounds: list[RoundEntry] = []

    @model_validator(mode="after")
    def _unique(self) -> Partnership:
        _once("organisation slug", [("organisations", i) for i in range(len(self.organisations))],
              [o.key for o in self.organisations])
        sites = [(("organisations", i, "sites", j), s.key)
                 for i, o in enumerate(self.organisations) for j, s in enumerate(o.sites)]
        _once("site slug", [p for p, _ in sites], [k for _, k in sites])
        _once("round", [("rounds", i) for i in range(len(self.rounds))],
              [f"{r.survey} / {r.name}" for r in self.rounds])
        return self


class _Repeated(ValueError):
    def __init__(self, path: Where, message: str):
        super().__init__(message)
        self.path = path


def _once(what: str, paths: list[Where], keys: list[str]) -> None:
    seen: set[str] = set()
    for path, key in zip(paths, keys):
        if key in seen:
            raise _Repeated(path, f"the {what} '{key}' appears twice in the file")
        seen.add(key)


# --- reading the file, with the line of every value --------------------------------------------

def _lines(node: yaml.Node, path: Where = (), found: dict | None = None) -> dict[Where, int]:
    """{path: line} for every mapping value and list item of a composed YAML document."""
    found = {} if found is None else found
    found[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, key.value), found)
            found[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), found)
    return found


def _where(source: str, lines: dict[Where, int], path: Where) -> str:
    """'partnership.yaml, line 7 (organisations[0].sites[1].contact_email)'."""
    near = path
    while near and near not in lines:
        near = near[:-1]  # a missing field: the line of what should hold it
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"{source}, line {lines.get(near, 1)}" + (f" ({dotted})" if dotted else "")


def read_file(path: str | Path) -> tuple[Partnership, dict[Where, int]]:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise PartnershipError(f"{path.name}{line}: not valid YAML: {getattr(err, 'problem', err)}") from None
    if not isinstance(data, dict):
        raise PartnershipError(f"{path.name}, line 1: the file must be a mapping with organisations "
                               "and rounds (see docs/partnership.example.yaml)")
    lines = _lines(node)
    try:
        return Partnership.model_validate(data), lines
    except ValidationError as err:
        raise PartnershipError(_describe(err, path.name, lines)) from None


def _describe(err: ValidationError, source: str, lines: dict[Where, int]) -> str:
    problems = []
    for e in err.errors():
        cause = (e.get("ctx") or {}).get("error")
        if isinstance(cause, _Repeated):
            problems.append(f"{_where(source, lines, cause.path)}: {cause}")
            continue
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            message = "not a setting here (is it misspelt?)"
        elif e["type"] == "missing":
            message = "this is needed"
        problems.append(f"{_where(source, lines, tuple(e['loc']))}: {message}")
    return "\n".join(problems)


# --- applying it ---------------------------------------------------------------------------------

@dataclass
class SetupResult:
    changes: list[str] = field(default_factory=list)  # "organisation x: created", ...
    links: list[kiosk_links.LinkInfo] = field(default_factory=list)

    def text(self) -> str:
        lines = list(self.changes)
        if all(line.endswith(": already there") for line in self.changes):
            lines.append("Nothing changed: everything in the file was already set up.")
        lines.append("Kiosk links:" if self.links else "No kiosk links: the file names no rounds or no sites.")
        lines += [f"  {link.survey_key} at {link.site_slug}: {link.url}"
                  + ("" if link.active else "  (switched off by an admin)") for link in self.links]
        return "\n".join(lines)


def apply_file(path: str | Path) -> SetupResult:
    partnership, lines = read_file(path)
    source = Path(path).name
    result = SetupResult()
    with session_scope() as session:
        for i, org in enumerate(partnership.organisations):
            added = _step(source, lines, ("organisations", i),
                          lambda: add_organisation_in(session, org.name, org.slug))
            result.changes.append(f"organisation {added.slug}: {_said(added.status)}")
            for j, site in enumerate(org.sites):
                done = _step(source, lines, ("organisations", i, "sites", j),
                             lambda: add_site_in(session, added.slug, site.name, site.slug, site.contact_email,
                                                 site.setting))
                result.changes.append(f"site {done.slug} ({added.slug}): {_said(done.status)}")
        for i, entry in enumerate(partnership.rounds):
            round_, status = _step(source, lines, ("rounds", i), lambda: add_round_in(
                session, entry.survey, entry.name, entry.invited, entry.opens, entry.closes))
            if entry.invited_at_sites:
                _step(source, lines, ("rounds", i, "invited_at_sites"),
                      lambda: _invited_at_sites(session, round_, entry.invited_at_sites))
            result.changes.append(f"round {entry.survey} / {round_.name}: {_said(status)}")
    surveys = list(dict.fromkeys(r.survey for r in partnership.rounds))
    sites = [s.key for o in partnership.organisations for s in o.sites]
    result.links = [kiosk_links.link_for(survey, site) for survey in surveys for site in sites]
    return result


def _invited_at_sites(session, round_, counts: dict[str, int]) -> None:
    """Each site's invited number, so its own (and its organisation's) response rate counts the
    same children on both sides."""
    for slug, invited in counts.items():
        site = queries.site_by_slug(session, slug)
        if site is None:
            raise AdminError(f"no site '{slug}' (invited_at_sites names sites by their slug)")
        queries.set_site_invited(session, round_.id, site.id, invited)


def _step(source: str, lines: dict[Where, int], path: Where, action):
    try:
        return action()
    except (AdminError, UnknownSurvey) as err:
        message = err.args[0] if err.args else str(err)
        raise PartnershipError(f"{_where(source, lines, path)}: {message}") from None


def _said(status: str) -> str:
    return {"created": "created", "exists": "already there", "updated": "updated"}[status]
