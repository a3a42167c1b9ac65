"""An attacker with a board account: everything the board can obtain, solved together.

Each figure a board sees is written as the sum of the round's finest counts ("atoms": the
children at one organisation, site, age band and language choosing one option; the comments of one
organisation with one theme and mood; the comments screened at one organisation in one round),
taken straight from the store, not from the code under test. A shown number is an equality, a
shown percentage an interval on its count (its base being shown), a shown change since the last
round the same on this round's percentage when last round's is shown. Then, for every withheld
count whose true value is under 5, an integer programme finds the smallest and largest value
consistent with all of it: the range must reach from 0 to at least 5. So must every count of
a version within an age band or a language (never shown, but Easy Read English less the Easy
Read version is the under-11s who chose Easy Read).

Findings are plain strings, so a failing test prints what was recovered and how."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from analysis import figures as fig
from analysis.text.language import ENGLISH_NAMES, language_name
from voice_app.store import comments as comment_store
from voice_app.store import figures as store_figures
from voice_app.store import queries
from voice_app.store import you_said as you_said_store
from voice_app.services.report_models import QuestionFigures, RoundReport
from voice_app.store.db import session_scope

THRESHOLD = 5
NONE = -1
# The versions, by the rule children meet them (written here, not taken from the code under test)
VERSION_NAMES = {"standard": "Standard", "under_11": "Under 11", "easy_read": "Easy Read"}


def version(lang, band) -> str | None:
    if lang is None:
        return None
    # An under-11 who chose Easy Read reads the under-11 words.
    return "under_11" if band == "under_11" else "easy_read" if lang == "en-easy" else "standard"


@dataclass
class Scope:
    orgs: frozenset | None = None
    sites: frozenset | None = None
    band: str | None = None
    lang: str | None = None
    version: str | None = None

    def has(self, org, site, band, lang) -> bool:
        return ((self.orgs is None or org in self.orgs) and (self.sites is None or site in self.sites)
                and (self.band is None or band == self.band) and (self.lang is None or lang == self.lang)
                and (self.version is None or version(lang, band) == self.version))


@dataclass
class Family:
    atoms: list[tuple]  # (org, site, band, lang, what)
    values: list[int]
    eq: dict = field(default_factory=dict)  # frozenset(atom ids): value
    ranges: list = field(default_factory=list)  # (frozenset ids, low, high) on the sum
    upper: list = field(default_factory=list)  # ({id: coef}, rhs): sum <= rhs
    withheld: dict = field(default_factory=dict)  # frozenset ids: where it was seen

    def ids(self, scope: Scope, what) -> frozenset:
        return frozenset(i for i, a in enumerate(self.atoms) if scope.has(*a[:4]) and what(a[4]))

    def value(self, ids) -> int:
        return sum(self.values[i] for i in ids)


class Attack:
    def __init__(self):
        self.families: dict = {}
        self.findings: list[str] = []
        self.meta: dict = {}  # (round id, question id): question meta
        self.sites: dict = {}  # name: id
        self.orgs: dict = {}  # name: id
        self.site_org: dict = {}
        with session_scope() as session:
            for o in queries.all_organisations(session):
                self.orgs[o.name] = o.id
            for s in queries.all_sites(session):
                self.sites[s.name] = s.id
                self.site_org[s.id] = s.organisation_id

    # --- atoms, from the store -------------------------------------------------------------
    def cells(self, bands: list[str], langs: list[str]) -> list[tuple]:
        """Every (organisation, site, age band, language), zeros included: a reader does not know
        which are empty (a language nobody answered in is taken as known to be empty)."""
        places = ([(org, site) for site, org in self.site_org.items()]
                  + [(org, NONE) for org in self.orgs.values()] + [(NONE, NONE)])
        return [(org, site, band, lang) for org, site in places for band in bands for lang in langs]

    def load_round(self, round_id: int, questions: list[dict]) -> None:
        with session_scope() as session:
            counts, bases, responses = store_figures.finest_counts(session, round_id)
            comments = comment_store.comment_rows(session, organisation_ids=None, round_ids=[round_id],
                                                  limit=10_000_000)
        age = next((q for q in questions if q["id"] == "age_band"), None)
        bands = [*(age["options"] if age else []), "not_answered"]
        cells = self.cells(bands, sorted(set(responses["lang"]) | set(counts["lang"])) or ["en"])
        got = {(int(r.organisation_id), int(r.site_id), r.age_band, r.lang, r.option_id, r.question_id): int(r.count)
               for r in counts.itertuples(index=False)}
        got_n = {(int(r.organisation_id), int(r.site_id), r.age_band, r.lang, "__n__", r.question_id): int(r.n)
                 for r in bases.itertuples(index=False)}
        for q in questions:
            self.meta[(round_id, q["id"])] = q
            if q["id"] == "age_band":
                continue
            atoms, values, upper = [], [], []
            for cell in cells:
                opts = []
                for o in q.get("options", []):
                    opts.append(len(atoms))
                    atoms.append((*cell, o))
                    values.append(got.get((*cell, o, q["id"]), 0))
                if q["type"] in ("multi", "text"):
                    n = len(atoms)
                    atoms.append((*cell, "__n__"))
                    values.append(got_n.get((*cell, "__n__", q["id"]), 0))
                    upper += [({i: 1, n: -1}, 0) for i in opts]
                    if opts:
                        upper.append(({n: 1, **{i: -1 for i in opts}}, 0))
            self.families[(round_id, q["id"])] = Family(atoms, values, upper=upper)
        got_r = {(int(r.organisation_id), int(r.site_id), r.age_band, r.lang): int(r.count)
                 for r in responses.itertuples(index=False)}
        self.families[(round_id, "responses")] = Family([(*c, c[2]) for c in cells], [got_r.get(c, 0) for c in cells])
        theme_cells: dict = {}
        if not comments.empty:
            for themes, mood, org in zip(comments["themes"], comments["sentiment"], comments["organisation_id"]):
                org = NONE if org is None or pd.isna(org) else int(org)
                mood = mood if mood in ("positive", "negative") else "other"
                for t in filter(None, (themes or "").split(";")):
                    theme_cells[(t, org, mood)] = theme_cells.get((t, org, mood), 0) + 1
        orgs = [*self.orgs.values(), NONE]
        for theme in {t for t, _, _ in theme_cells}:
            atoms = [(o, None, None, None, m) for o in orgs for m in ("positive", "negative", "other")]
            self.families[(round_id, ("theme", theme))] = Family(
                atoms, [theme_cells.get((theme, o, m), 0) for o, _, _, _, m in atoms])
        self.crossings(round_id, bands)

    def load_volumes(self, round_ids: list[int]) -> None:
        with session_scope() as session:
            orgs = [o.id for o in queries.all_organisations(session)]
            for kind in ("screened", "flagged"):
                atoms, values = [], []
                for r in round_ids:
                    def count(org_ids):
                        if kind == "screened":
                            return you_said_store.comments_screened(session, [r], org_ids)
                        return sum(comment_store.flag_counts(session, org_ids, [r]).values())
                    per = {o: count([o]) for o in orgs}
                    per[NONE] = count(None) - sum(per.values())
                    for o, v in per.items():
                        atoms.append((o, None, None, None, r))
                        values.append(v)
                self.families[kind] = Family(atoms, values)

    # --- what was shown ----------------------------------------------------------------------
    def number(self, family_key, scope: Scope, what, shown, where: str) -> None:
        family = self.families.get(family_key)
        if family is None:
            if isinstance(shown, int) and shown:
                self.findings.append(f"{where}: {shown} shown for something with no counts")
            return
        ids = family.ids(scope, what)
        if isinstance(shown, bool) or shown is None:
            return
        if isinstance(shown, (int, np.integer)):
            true = family.value(ids)
            if int(shown) != true:
                self.findings.append(f"{where}: shows {shown}, the count is {true}")
            family.eq[ids] = int(shown)
        else:
            family.withheld.setdefault(ids, where)

    def percentage(self, family_key, scope: Scope, what, pct, base, where: str) -> None:
        """A whole percentage of a count over a base a reader knows."""
        if pct is None:
            return
        if not isinstance(base, int):
            self.findings.append(f"{where}: a percentage ({pct}%) over a withheld base")
            return
        family = self.families[family_key]
        ids = family.ids(scope, what)
        family.ranges.append((ids, (pct - 0.5) * base / 100, (pct + 0.5) * base / 100))

    def question(self, round_id: int, qid: str, f: QuestionFigures, scope: Scope, where: str) -> None:
        q = self.meta.get((round_id, qid))
        if q is None or f.type == "text" and q["type"] != "text":
            return
        where = f"{where} {qid}"
        key = (round_id, "responses" if qid == "age_band" else qid)
        if qid == "age_band":
            n_what = lambda w: w != "not_answered"  # noqa: E731
        else:
            n_what = (lambda w: w == "__n__") if q["type"] in ("multi", "text") else (lambda w: True)
        self.number(key, scope, n_what, f.n, f"{where} n")
        if q["type"] == "text":
            return
        positive = set(fig.positive_options(q))
        for o, c in (f.counts or {}).items():
            what = self._option(o, positive, q)
            self.number(key, scope, what, c, f"{where} {o}")
            self.percentage(key, scope, what, (f.pct or {}).get(o), f.n, f"{where} {o} %")
        if f.has_positive:
            what = lambda w: w in positive  # noqa: E731
            self.number(key, scope, what, f.positive, f"{where} positive")
            self.percentage(key, scope, what, f.positive_pct, f.n, f"{where} % positive")

    @staticmethod
    def _option(o, positive, q):
        if o == "positive" and o not in q["options"]:
            return lambda w: w in positive
        if o == "other" and o not in q["options"]:
            return lambda w: w not in positive
        return lambda w, o=o: w == o

    def report(self, round_id: int, report: RoundReport, scope: Scope, where: str) -> None:
        """A round_report's figures: responses, rate, questions, breakdown, changes."""
        self.number((round_id, "responses"), scope, lambda w: True, report.responses, f"{where} responses")
        if report.response_rate_pct is not None and report.invited:
            self.percentage((round_id, "responses"), scope, lambda w: True, report.response_rate_pct,
                            report.invited, f"{where} response rate")
        for qid, f in report.questions.items():
            self.question(round_id, qid, f, scope, where)
        self.breakdown(round_id, report.by, report.breakdown or {}, scope, where)

    def breakdown(self, round_id: int, by: str | None, groups: dict[str, dict[str, QuestionFigures]], scope: Scope,
                  where: str) -> None:
        """Each group's figures of a breakdown by `by` (group name: question id: figures)."""
        for group, figs in groups.items():
            sub = self.group_scope(scope, by, group, set(groups))
            for qid, f in figs.items():
                self.question(round_id, qid, f, sub, f"{where} by {by} {group}")

    def change(self, round_id: int, qid: str, change, before_pct, now: QuestionFigures, scope: Scope,
               where: str) -> None:
        """A change in points shown: with last round's percentage shown, this round's is known."""
        if change is None:
            return
        if not isinstance(now.positive, int) or not isinstance(now.n, int):
            self.findings.append(f"{where}: a change ({change:+d}) for a withheld count")
            if before_pct is not None and isinstance(now.n, int):
                q = self.meta[(round_id, qid)]
                self.percentage((round_id, qid), scope, lambda w: w in set(fig.positive_options(q)),
                                before_pct + change, now.n, f"{where} (from the change)")

    def crossings(self, round_id: int, bands: list[str]) -> None:
        """Every count of a version within an age band or a language, of every option and base, as
        a cell that must not be worked out (0 is nobody to give away)."""
        for key, family in self.families.items():
            if key[0] != round_id or not family.atoms or family.atoms[0][3] is None:
                continue
            cells = {(version(a[3], a[2]), a[2], a[3], a[4]) for a in family.atoms}
            based = any(c[3] == "__n__" for c in cells)  # multiple choice: the base is its own count
            for v, band, lang, what in cells:
                for test in ((lambda w, what=what: w == what), *(() if based else (lambda w: True,))):
                    for scope, name in ((Scope(band=band, version=v), f"age {band}"),
                                        (Scope(lang=lang, version=v), f"in {lang}")):
                        ids = family.ids(scope, test)
                        if 0 < family.value(ids) < THRESHOLD:
                            family.withheld.setdefault(ids, f"round {round_id} {key[1]}: {v} version, {name}")

    def group_scope(self, scope: Scope, by: str, group: str, listed: set) -> Scope:
        """The children of one group of a breakdown shown within a scope."""
        if by == "age_band":
            return Scope(scope.orgs, scope.sites, group, scope.lang, scope.version)
        if by == "language":
            code = {language_name(c): c for c in ENGLISH_NAMES}.get(group, group)
            return Scope(scope.orgs, scope.sites, scope.band, code, scope.version)
        if by == "version":
            code = {name: v for v, name in VERSION_NAMES.items()}[group]
            return Scope(scope.orgs, scope.sites, scope.band, scope.lang, code)
        if by == "site":
            ids = frozenset([self.sites.get(group, NONE)])
            return Scope(scope.orgs, ids if scope.sites is None else ids & scope.sites, scope.band, scope.lang,
                         scope.version)
        ids = frozenset([self.orgs.get(group, NONE)])
        return Scope(ids if scope.orgs is None else ids & scope.orgs, scope.sites, scope.band, scope.lang,
                     scope.version)

    # --- solving ----------------------------------------------------------------------------
    def recovered(self) -> list[str]:
        """Every withheld count under 5 whose range does not reach from 0 to 5, with its range."""
        out = list(self.findings)
        for key, family in self.families.items():
            small = {ids: w for ids, w in family.withheld.items() if family.value(ids) < THRESHOLD}
            if not small:
                continue
            size = len(family.values)
            rows, lo, hi = [], [], []
            for ids, v in family.eq.items():
                rows.append(ids), lo.append(v), hi.append(v)
            for ids, a, b in family.ranges:
                rows.append(ids), lo.append(a), hi.append(b)
            a = np.zeros((len(rows) + len(family.upper), size))
            for r, ids in enumerate(rows):
                a[r, list(ids)] = 1
            for r, (coefs, rhs) in enumerate(family.upper, start=len(rows)):
                for j, c in coefs.items():
                    a[r, j] = c
                lo.append(-np.inf), hi.append(rhs)
            cons = [LinearConstraint(csr_matrix(a), lo, hi)] if len(a) else []
            for ids, where in small.items():
                if not ids:
                    continue
                ends = []
                for sign in (1, -1):
                    cost = np.zeros(size)
                    cost[list(ids)] = sign
                    res = milp(cost, constraints=cons, integrality=np.ones(size), bounds=Bounds(0, np.inf))
                    if res.status == 0:
                        ends.append(sign * res.fun)
                    elif sign < 0:  # the true counts fit, so a maximum that is not found is unbounded
                        ends.append(np.inf)
                    else:
                        raise AssertionError(f"the shown figures contradict the counts ({key}, {where}): {res.message}")
                low, high = ends[0], ends[1]
                if low > 0.5 or high < THRESHOLD - 0.5:
                    out.append(f"{where}: withheld {family.value(ids)}, worked out as {low:g} to {high:g}")
        return out
