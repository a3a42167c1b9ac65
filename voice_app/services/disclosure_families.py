"""The families a round's disclosure plan protects (services/disclosure.py): the fixed groupings
a board may see, every cell a child could be counted in, and each question's, the responses',
a theme's or a safeguarding volume's figures over those groupings."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import disclosure
from analysis import figures as fig
from analysis import suppression
from voice_app.services.versions import VERSIONS, language_label, version_label, version_of

ALL = ("all", None)

NONE = -1  # no site, or no organisation

LEVEL_RANK = {"site": 0, "age_band": 0, "language": 0, "version": 0, "cross": 0, "organisation": 3, "all": 6}

FIELD_RANK = {"option": 0, "positive": 1, "n": 2}


@dataclass
class Groups:
    organisations: dict[int, str]
    sites: dict[int, tuple[str, int]]  # site id: (name, organisation id)
    bands: list[str]
    langs: list[str] = field(default_factory=lambda: ["en"])  # the round's languages

    @property
    def versions(self) -> list[str]:
        return [v for v in VERSIONS if any(version_of(lang, b) == v for lang in self.langs for b in self.bands)]

    def question_groups(self) -> list[tuple]:
        return ([ALL] + [("organisation", o) for o in self.organisations] + [("site", s) for s in self.sites]
                + [("age_band", b) for b in self.bands] + [("language", lang) for lang in self.langs]
                + [("version", v) for v in self.versions])

    def crossings(self) -> list[tuple]:
        """Never shown, but worked out by subtraction: a version within an age band or a language
        (Easy Read English less the Easy Read version is the under-11s who chose Easy Read, who
        read the under-11 words). Protected as if shown."""
        return ([("cross", (("version", v), ("age_band", b))) for v in self.versions for b in self.bands]
                + [("cross", (("version", v), ("language", lang))) for v in self.versions for lang in self.langs])

    def organisation_groups(self) -> list[tuple]:
        return [ALL] + [("organisation", o) for o in self.organisations]

    def name(self, group: tuple) -> str:
        kind, key = group
        if kind == "organisation":
            return self.organisations[key]
        if kind == "site":
            return self.sites[key][0]
        if kind == "language":
            return language_label(key)
        if kind == "version":
            return version_label(key)
        return "The partnership" if kind == "all" else str(key)


def _member(group: tuple, org: int, site: int, band: str, lang: str) -> bool:
    kind, key = group
    if kind == "cross":
        return all(_member(g, org, site, band, lang) for g in key)
    return (kind == "all" or (kind == "organisation" and org == key) or (kind == "site" and site == key)
            or (kind == "age_band" and band == key) or (kind == "language" and lang == key)
            or (kind == "version" and version_of(lang, band) == key))


@dataclass
class _Built:
    """One family and where its figures are: {(group, field): figure index}."""
    family: disclosure.Family
    index: dict = field(default_factory=dict)
    decision: disclosure.Decision | None = None

    def published(self, group: tuple, what, threshold: int):
        i = self.index.get((group, what))
        if i is None or not self.family.figures[i].atoms:
            return 0  # no atoms: nobody in this group, or nobody could be (known to every reader)
        v = self.family.value(i)
        if i not in self.decision.withheld:
            return v
        if i in self.decision.blanket or v >= threshold:
            return suppression.CONFIDENTIAL
        return suppression.small_marker(threshold)  # 1 to 4, or a zero withheld to protect one

    def raw(self, group: tuple, what) -> int:
        i = self.index.get((group, what))
        return 0 if i is None else self.family.value(i)


Built = _Built  # a family with where its figures are, for other board views protected the same way


def _add_group_figures(built: _Built, groups: list[tuple], atoms: list[tuple], fields: dict) -> None:
    """fields: {field name: (predicate on an atom's extra key, rank name)}; "n" is the base."""
    fam = built.family
    seen: dict[tuple, tuple] = {}  # the same children as a group before (English alone is everyone)
    for g in groups:
        members = [i for i, a in enumerate(atoms) if _member(g, *a[:4])]
        if not members:
            continue
        if (same := seen.setdefault(tuple(members), g)) != g:
            built.index.update({(g, name): built.index[(same, name)] for name in fields})
            continue
        level = LEVEL_RANK[g[0]]
        base = None
        for name, (pred, rank) in fields.items():
            ids = [i for i in members if pred(atoms[i][4:])]
            j = fam.add((g, name), ids, base=base, rank=FIELD_RANK[rank] + level,
                        keep=g == ALL and name == "n",  # the partnership's own total
                        hidden=g[0] == "cross")
            if name == "n":
                fam.figures[j].base = base = j
            built.index[(g, name)] = j


def _cells(groups: Groups) -> list[tuple]:
    """Every (organisation, site, age band, language) a child could be counted in, zeros
    included: a reader does not know which of them are empty, so none may be left out of the
    programme. (A language nobody in the round answered in is left out: taking it as known to
    be empty only makes a reader stronger.)"""
    places = ([(org, site) for site, (_, org) in groups.sites.items()]
              + [(org, NONE) for org in groups.organisations] + [(NONE, NONE)])
    return [(org, site, band, lang) for org, site in places for band in groups.bands for lang in groups.langs]


def question_family(q: dict, counts: pd.DataFrame, bases: pd.DataFrame, groups: Groups) -> _Built:
    c = counts[counts["question_id"] == q["id"]]
    got = {(r.organisation_id, r.site_id, r.age_band, r.lang, r.option_id): int(r.count)
           for r in c.itertuples(index=False)}
    multi = q["type"] in ("multi", "text")
    atoms, values, upper = [], [], []
    for cell in _cells(groups):
        opts = []
        for o in q.get("options", []):
            opts.append(len(atoms))
            atoms.append((*cell, o))
            values.append(got.get((*cell, o), 0))
        if multi:  # the base is its own count: answering is not one option each
            n_atom = len(atoms)
            atoms.append((*cell, "__n__"))
            values.append(0)
            upper += [({i: 1, n_atom: -1}, 0) for i in opts]  # an option at most its base
            if opts:
                upper.append(({n_atom: 1, **{i: -1 for i in opts}}, 0))  # everyone ticked one
    if multi:
        where = {a: i for i, a in enumerate(atoms)}
        for r in bases[bases["question_id"] == q["id"]].itertuples(index=False):
            values[where[(r.organisation_id, r.site_id, r.age_band, r.lang, "__n__")]] = int(r.n)
    built = _Built(disclosure.Family(values, upper=upper))
    positive = set(fig.positive_options(q)) if q["type"] != "text" else set()
    fields = {"n": ((lambda k: k[0] == "__n__") if multi else (lambda k: True), "n")}
    if positive:
        fields["positive"] = (lambda k: k[0] in positive, "positive")
    for o in q.get("options", []):
        fields[("option", o)] = ((lambda k, o=o: k[0] == o), "option")
    _add_group_figures(built, groups.question_groups() + groups.crossings(), atoms, fields)
    return built


def responses_family(responses: pd.DataFrame, age_q: dict | None, groups: Groups) -> _Built:
    """Responses per group, and the age question (its counts are responses by age band)."""
    got = {(r.organisation_id, r.site_id, r.age_band, r.lang): int(r.count) for r in responses.itertuples(index=False)}
    atoms = [(*cell, cell[2]) for cell in _cells(groups)]
    built = _Built(disclosure.Family([got.get(a[:4], 0) for a in atoms]))
    fields = {"n": (lambda k: True, "n")}
    if age_q:
        fields["age_n"] = (lambda k: k[0] != "not_answered", "n")
        fields.update({("option", o): ((lambda k, o=o: k[0] == o), "option") for o in age_q["options"]})
    _add_group_figures(built, groups.question_groups() + groups.crossings(), atoms, fields)
    return built


def org_family(values: dict, groups: Groups, kinds: tuple, fields: dict) -> _Built:
    """A family counted per organisation (and none): values {(org, kind): count}."""
    atoms = [(org, None, None, None, kind) for org in [*groups.organisations, NONE] for kind in kinds]
    built = _Built(disclosure.Family([int(values.get((a[0], a[4]), 0)) for a in atoms]))
    _add_group_figures(built, groups.organisation_groups(), atoms, fields)
    return built
