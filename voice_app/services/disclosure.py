"""What a board or the public may see of a round, decided once for the whole round.

A board sees a round only through the partnership's fixed groupings: the whole partnership,
one organisation, one site, one age band, one language, one version (standard, under 11, Easy
Read; never a free set of sites, which would let "all sites" minus "all but one" give a site
away). For every figure any of those views can show --
each question's n, option counts and positive count, responses, the age question, themes
with their sentiment, safeguarding volumes -- `round_plan` decides in one go which are
withheld, over all the groupings together (analysis/disclosure.py), so no combination of
pages, exports and commands pins a small count. Everything a board sees of a round is read
from its plan; percentages, intervals, rates and changes only ever sit on shown counts.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis import disclosure
from analysis import figures as fig
from analysis import suppression
from voice_app.config import get_settings
from voice_app.services.versions import VERSIONS, language_label, version_label, version_of
from voice_app.store import comments as comment_store
from voice_app.store import queries
from voice_app.store import you_said as you_said_store
from voice_app.store.db import session_scope

ALL = ("all", None)
NONE = -1  # no site, or no organisation
SENTIMENTS = ("positive", "negative", "other")
LEVEL_RANK = {"site": 0, "age_band": 0, "language": 0, "version": 0, "cross": 0, "organisation": 3, "all": 6}
FIELD_RANK = {"option": 0, "positive": 1, "n": 2}


class ViewError(LookupError):
    """A board asked for something other than one of the fixed groupings."""


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


def _question_family(q: dict, counts: pd.DataFrame, bases: pd.DataFrame, groups: Groups) -> _Built:
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


def _responses_family(responses: pd.DataFrame, age_q: dict | None, groups: Groups) -> _Built:
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


def _org_family(values: dict, groups: Groups, kinds: tuple, fields: dict) -> _Built:
    """A family counted per organisation (and none): values {(org, kind): count}."""
    atoms = [(org, None, None, None, kind) for org in [*groups.organisations, NONE] for kind in kinds]
    built = _Built(disclosure.Family([int(values.get((a[0], a[4]), 0)) for a in atoms]))
    _add_group_figures(built, groups.organisation_groups(), atoms, fields)
    return built


@dataclass
class RoundPlan:
    round_id: int
    survey_key: str
    groups: Groups
    questions: list[dict]
    threshold: int
    min_base: int
    families: dict  # question id, "responses", ("theme", id), "screened", "flagged": _Built

    # --- questions -------------------------------------------------------------------------
    def figures(self, group: tuple) -> dict:
        """Each question's board figures in one grouping: the shape of analysis.suppression's
        output (n, counts, pct, positive, positive_pct, positive_ci95, base_suppressed)."""
        out = {}
        for q in self.questions:
            built = self._question(q["id"])
            n = built.published(group, "age_n" if q["id"] == "age_band" else "n", self.threshold)
            raw_n = built.raw(group, "age_n" if q["id"] == "age_band" else "n")
            if q["type"] == "text":
                out[q["id"]] = {"type": "text", "n": n}
                continue
            base_suppressed = not (isinstance(n, int) and n >= self.min_base)
            f = {"type": q["type"], "n": n, "counts": {}, "pct": {}}
            for o in q["options"]:
                c = built.published(group, ("option", o), self.threshold)
                f["counts"][o] = c
                f["pct"][o] = None if base_suppressed or not isinstance(c, int) else fig.whole_pct(c, raw_n)
            if fig.positive_options(q):
                p = built.published(group, "positive", self.threshold)
                show = not base_suppressed and isinstance(p, int)
                f["positive"] = p
                f["positive_pct"] = fig.whole_pct(p, raw_n) if show else None
                ci = fig.wilson_ci(p, raw_n) if show else None
                f["positive_ci95"] = list(ci) if ci else None
                f["positive_options"] = fig.positive_options(q)
            f["base_suppressed"] = base_suppressed
            out[q["id"]] = f
        return out

    def positive_shown(self, group: tuple, qid: str) -> tuple[int, int] | None:
        """(positive, n) when both are shown and n is a base for a percentage; else None."""
        built = self._question(qid)
        p, n = built.published(group, "positive", self.threshold), built.published(group, "n", self.threshold)
        if isinstance(p, int) and isinstance(n, int) and n >= self.min_base:
            return p, n
        return None

    def _question(self, qid: str) -> _Built:
        return self.families["responses" if qid == "age_band" else qid]

    # --- responses, themes, safeguarding ---------------------------------------------------
    def responses(self, group: tuple) -> int | str:
        return self.families["responses"].published(group, "n", self.threshold)

    def themes(self, group: tuple) -> list[dict]:
        """Every theme's comments in an organisation grouping, the most mentioned first:
        the count as shown, and a share only where its own count is shown on a base of 10+."""
        rows = []
        for key, built in self.families.items():
            if not (isinstance(key, tuple) and key[0] == "theme"):
                continue
            mentions = built.published(group, "n", self.threshold)
            raw = built.raw(group, "n")
            if not raw:
                continue

            def share(kind: str, built=built, mentions=mentions, raw=raw):
                c = built.published(group, kind, self.threshold)
                ok = isinstance(mentions, int) and mentions >= self.min_base and isinstance(c, int)
                return round(100 * c / raw) if ok else None
            rows.append({"theme_id": key[1], "raw": raw, "comments": mentions,
                         "positive_pct": share("positive"), "negative_pct": share("negative")})
        rows.sort(key=lambda r: (-r["raw"], r["theme_id"]))
        return [{k: v for k, v in r.items() if k != "raw"} for r in rows]

    def volume(self, group: tuple, kind: str) -> tuple[int, bool]:
        """(true count, shown?) of "screened" or "flagged" comments."""
        built = self.families[kind]
        return built.raw(group, "n"), isinstance(built.published(group, "n", self.threshold), int)


# --- building a plan -------------------------------------------------------------------------

_PLANS: dict = {}
_PLANS_KEPT = 32


def groups_now(session) -> Groups:
    return Groups({o.id: o.name for o in queries.all_organisations(session)},
                  {s.id: (s.name, s.organisation_id)
                   for s in sorted(queries.all_sites(session), key=lambda s: s.id)}, [])  # in the order they were added


def round_plan(round_id: int) -> RoundPlan:
    """The round's plan for board and public audiences. Decided from the figures themselves
    and kept while they are unchanged (a new response, code or flag makes a new plan)."""
    from voice_app.services.surveys import latest_definition

    s = get_settings()
    with session_scope() as session:
        round_ = queries.round_by_id(session, round_id)
        survey = queries.survey_by_id(session, round_.survey_id)
        definition = latest_definition(session, survey.key)[2]
        groups = groups_now(session)
        counts, bases, responses = queries.finest_counts(session, round_id)
        theme_cells = _theme_cells(comment_store.theme_counts(session, organisation_ids=None, round_ids=[round_id]))
        orgs = [*groups.organisations, None]
        screened = {o: you_said_store.comments_screened(session, [round_id], None if o is None else [o])
                    for o in orgs}
        flagged = {o: sum(comment_store.flag_counts(session, None if o is None else [o], [round_id]).values())
                   for o in orgs}
    questions = [q.meta() for q in definition.questions]
    age_q = next((q for q in questions if q["id"] == "age_band"), None)
    groups.bands = [*(age_q["options"] if age_q else []), "not_answered"]
    groups.langs = sorted(set(responses["lang"]) | set(counts["lang"])) or ["en"]
    # per organisation; the partnership's own count less its organisations' is the unassigned
    for volumes in (screened, flagged):
        volumes[NONE] = volumes.pop(None) - sum(volumes[o] for o in groups.organisations)
    key = hashlib.sha256("|".join([
        str(round_id), counts.to_csv(index=False), bases.to_csv(index=False), responses.to_csv(index=False),
        repr(sorted(theme_cells.items())), repr(sorted(screened.items())), repr(sorted(flagged.items())),
        repr(questions), repr(sorted(groups.organisations.items())), repr(sorted(groups.sites.items())),
        str(s.suppression_threshold), str(s.min_base_for_pct)]).encode()).hexdigest()
    if key not in _PLANS:
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = _build(round_id, survey.key, groups, questions, age_q, counts, bases, responses,
                             theme_cells, screened, flagged, s.suppression_threshold, s.min_base_for_pct)
    return _PLANS[key]


def _theme_cells(counts: list[tuple[str, int | None, str, int]]) -> dict:
    """{(theme, organisation, sentiment): comments}, sentiment positive, negative or other, from
    (theme, organisation, sentiment, comments) counted by the database."""
    cells: dict = {}
    for theme, org, sentiment, n in counts:
        key = (theme, NONE if org is None else int(org), sentiment if sentiment in ("positive", "negative") else "other")
        cells[key] = cells.get(key, 0) + n
    return cells


def _clean(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(organisation_id=df["organisation_id"].astype(int), site_id=df["site_id"].astype(int))


def _build(round_id, survey_key, groups, questions, age_q, counts, bases, responses, theme_cells,
           screened, flagged, threshold, min_base) -> RoundPlan:
    counts, bases, responses = _clean(counts), _clean(bases), _clean(responses)
    families = {"responses": _responses_family(responses, age_q, groups)}
    for q in questions:
        if q["id"] != "age_band":
            families[q["id"]] = _question_family(q, counts, bases, groups)
    mood = {"n": (lambda k: True, "n"), **{m: ((lambda k, m=m: k[0] == m), "option") for m in SENTIMENTS}}
    for theme in sorted({t for t, _, _ in theme_cells}):
        cells = {(org, m): c for (t, org, m), c in theme_cells.items() if t == theme}
        families[("theme", theme)] = _org_family(cells, groups, SENTIMENTS, mood)
    for kind, volumes in (("screened", screened), ("flagged", flagged)):
        families[kind] = _org_family({(o, "n"): c for o, c in volumes.items()}, groups, ("n",),
                                     {"n": (lambda k: True, "n")})
    for built in families.values():
        built.decision = disclosure.protect(built.family, threshold)
    return RoundPlan(round_id, survey_key, groups, questions, threshold, min_base, families)


# --- views ---------------------------------------------------------------------------------

def view_choices() -> list[tuple[str, str]]:
    """The groupings a board may look at, as (view, label): the partnership, each organisation,
    each site, each age band, each language children answered in, each version. Never a free
    set of sites."""
    with session_scope() as session:
        orgs = queries.all_organisations(session)
        sites = queries.all_sites(session)
        langs = queries.response_languages(session)
    bands = {"under_11": "Under 11", "11_to_15": "11 to 15", "16_plus": "16 or older"}
    return ([("all", "The whole partnership")] + [(f"organisation:{o.slug}", o.name) for o in orgs]
            + [(f"site:{s.slug}", s.name) for s in sites] + [(f"age_band:{b}", f"Age {v}") for b, v in bands.items()]
            + [(f"language:{lang}", language_label(lang)) for lang in langs]
            + [(f"version:{v}", f"{label} version") for v, label in VERSIONS.items()])


def parse_view(view: str | None) -> tuple:
    """"all", "organisation:SLUG", "site:SLUG", "age_band:BAND", "language:LANG" or
    "version:VERSION" as a group key."""
    if not view or view == "all":
        return ALL
    kind, _, key = view.partition(":")
    with session_scope() as session:
        if kind == "organisation" and (o := queries.organisation_by_slug(session, key)):
            return ("organisation", o.id)
        if kind == "site" and (s := queries.site_by_slug(session, key)):
            return ("site", s.id)
    if kind == "age_band" and key:
        return ("age_band", key)
    if kind == "language" and re.fullmatch(r"[a-z]{2,3}(-[a-z]+)?", key):
        return ("language", key)
    if kind == "version" and key in VERSIONS:
        return ("version", key)
    raise ViewError(f"no such grouping: {view!r} (a board sees the partnership, one organisation, "
                    "one site, one age band, one language or one version)")


def view_of(site_slugs: list[str] | None, age_band: str | None) -> tuple:
    """The fixed grouping a board-audience request names, or ViewError: one site, every site of
    one organisation, or one age band, alone."""
    if not site_slugs:
        return ("age_band", age_band) if age_band else ALL
    if age_band:
        raise ViewError("a board sees sites or age bands, not both at once")
    with session_scope() as session:
        sites = [queries.site_by_slug(session, slug) for slug in dict.fromkeys(site_slugs)]
        if any(s is None for s in sites):
            raise ViewError("no such site")
        if len(sites) == 1:
            return ("site", sites[0].id)
        orgs = {s.organisation_id for s in sites}
        whole = {s.id for s in queries.all_sites(session) if s.organisation_id in orgs}
        if len(orgs) == 1 and whole == {s.id for s in sites}:
            return ("organisation", orgs.pop())
    raise ViewError("a board sees one site, one organisation or the whole partnership, not a set of sites")
