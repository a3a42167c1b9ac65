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
from dataclasses import dataclass

import pandas as pd

from analysis import disclosure
from analysis import figures as fig
from voice_app.config import get_settings
from voice_app.services.disclosure_families import (ALL, NONE, Built, Groups, org_family, question_family,
                                                     responses_family)
from voice_app.services.versions import VERSIONS, language_label
from voice_app.store import comments as comment_store
from voice_app.store import figures as store_figures
from voice_app.store import queries
from voice_app.store import you_said as you_said_store
from voice_app.store.db import session_scope

SENTIMENTS = ("positive", "negative", "other")


class ViewError(LookupError):
    """A board asked for something other than one of the fixed groupings."""


@dataclass
class RoundPlan:
    round_id: int
    survey_key: str
    groups: Groups
    questions: list[dict]
    threshold: int
    min_base: int
    families: dict  # question id, "responses", ("theme", id), "screened", "flagged": Built

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

    def _question(self, qid: str) -> Built:
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


def round_plan(round_id: int, session=None) -> RoundPlan:
    """The round's plan for board and public audiences. Decided from the figures themselves
    and kept while they are unchanged (a new response, code or flag makes a new plan). A
    caller's session (one unit of work that reads, as a board summary does) looks each
    round's figures up once: its plans are kept with it."""
    if session is None:
        with session_scope() as own:
            facts = _facts(own, round_id)
        return _kept(*facts)  # decided after the session is given back
    looked_up = session.info.setdefault("round_plans", {})
    if round_id not in looked_up:
        looked_up[round_id] = _kept(*_facts(session, round_id))
    return looked_up[round_id]


def _facts(session, round_id: int) -> tuple:
    """What a round's plan is decided from, as stored now."""
    from voice_app.services.surveys import latest_definition

    round_ = queries.round_by_id(session, round_id)
    survey = queries.survey_by_id(session, round_.survey_id)
    definition = latest_definition(session, survey.key)[2]
    groups = groups_now(session)
    counts, bases, responses = store_figures.finest_counts(session, round_id)
    theme_cells = _theme_cells(comment_store.theme_counts(session, organisation_ids=None, round_ids=[round_id]))
    screened, flagged = ({**{o: by_org.get(o, 0) for o in groups.organisations}, None: sum(by_org.values())}
                         for by_org in (you_said_store.comments_screened_by_organisation(session, [round_id]),
                                        you_said_store.flags_by_organisation(session, [round_id])))
    return round_id, survey.key, definition, groups, counts, bases, responses, theme_cells, screened, flagged


def _kept(round_id, survey_key, definition, groups, counts, bases, responses, theme_cells, screened,
          flagged) -> RoundPlan:
    """The plan kept for these figures, or a new one decided from them."""
    s = get_settings()
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
        _PLANS[key] = _build(round_id, survey_key, groups, questions, age_q, counts, bases, responses,
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
    families = {"responses": responses_family(responses, age_q, groups)}
    for q in questions:
        if q["id"] != "age_band":
            families[q["id"]] = question_family(q, counts, bases, groups)
    mood = {"n": (lambda k: True, "n"), **{m: ((lambda k, m=m: k[0] == m), "option") for m in SENTIMENTS}}
    for theme in sorted({t for t, _, _ in theme_cells}):
        cells = {(org, m): c for (t, org, m), c in theme_cells.items() if t == theme}
        families[("theme", theme)] = org_family(cells, groups, SENTIMENTS, mood)
    for kind, volumes in (("screened", screened), ("flagged", flagged)):
        families[kind] = org_family({(o, "n"): c for o, c in volumes.items()}, groups, ("n",),
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
