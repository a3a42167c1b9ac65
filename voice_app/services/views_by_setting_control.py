"""What a board may see of the views by topic and setting: one plan per topic, over every view a
board can pick (the partnership, each organisation) and linked to what the board already sees of
that topic in each survey round.

A topic's atoms are its counts per part (a survey round, or another source such as voice
records), organisation (or none) and setting; only settings an organisation has a site in (or
has a count in) are atoms, so a zero every reader knows (an organisation with no school) shows
as 0. Its figures: in each view, the count per setting and the total ("All settings"), and
each round's count of the topic in each view, which the board summary's themes already show
as that round's plan decided (services/disclosure.round_plan). Those start withheld where the
round's plan withholds them and are withheld here only when nothing else protects a count; a
topic where that happens is withheld whole. Then analysis/disclosure.protect withholds more of
this picture's cells until no withheld small count can be worked out from everything shown,
so neither a total less the shown cells, nor the partnership less an organisation, nor this
picture less a round's themes, gives one away."""
from __future__ import annotations

from dataclasses import dataclass

from analysis import disclosure as control
from voice_app.services.disclosure_families import ALL, NONE, Built

ROUND = "round"  # a part that is a survey round: (ROUND, round id)
ROUND_RANK = 9  # after every figure of the picture


@dataclass
class Topic:
    built: Built
    whole: bool  # withheld whole: only a round's own figure could have protected a count

    def published(self, group: tuple, what, threshold: int):
        if self.whole:
            return "[c]"  # a reader may assume nothing of it
        return self.built.published(group, what, threshold)

    def raw(self, group: tuple, what) -> int:
        return self.built.raw(group, what)


def protect_topic(values: dict, organisations: list[int], kinds: list[str], possible: set,
                  rounds_shown: dict, threshold: int) -> Topic:
    """values {(part, organisation or NONE, kind): count}; possible {(organisation, kind)};
    rounds_shown {(round id, group): whether that round's plan shows the topic's count there}."""
    parts = sorted({k[0] for k in values} | {(ROUND, r) for r, _ in rounds_shown}, key=repr)
    atoms = [(part, org, kind) for part in parts for org in [*organisations, NONE] for kind in kinds
             if (org, kind) in possible or values.get((part, org, kind))]
    # A round whose plan shows the topic's count in a view as 0 tells every reader that each of
    # its atoms there is 0: they are no atoms at all (a cell made only of them shows 0).
    known_zero = {a for (round_id, group), shown in rounds_shown.items() if shown
                  for a in atoms if a[0] == (ROUND, round_id) and (group == ALL or a[1] == group[1])
                  and not _sum(values, (ROUND, round_id), group)}
    atoms = [a for a in atoms if a not in known_zero]
    family = control.Family([int(values.get(a, 0)) for a in atoms])
    built = Built(family)
    groups = [ALL, *[("organisation", o) for o in organisations]]

    def members(group: tuple, part=None, kind=None) -> list[int]:
        return [i for i, (p, org, k) in enumerate(atoms)
                if (group == ALL or org == group[1]) and part in (None, p) and kind in (None, k)]

    for group in groups:
        level = 6 if group == ALL else 3
        n = family.add((group, "n"), members(group), rank=2 + level, keep=group == ALL)
        family.figures[n].base = n
        built.index[(group, "n")] = n
        for kind in kinds:
            built.index[(group, kind)] = family.add((group, kind), members(group, kind=kind), base=n, rank=level)
    elsewhere = {}
    for (round_id, group), shown in rounds_shown.items():
        i = family.add((ROUND, round_id, group), members(group, part=(ROUND, round_id)), rank=ROUND_RANK, keep=True)
        elsewhere[i] = shown
    built.decision = control.protect(family, threshold, {i for i, shown in elsewhere.items() if not shown})
    whole = any(shown and i in built.decision.withheld for i, shown in elsewhere.items())
    return Topic(built, whole)


def _sum(values: dict, part, group: tuple) -> int:
    return sum(n for (p, org, _), n in values.items() if p == part and (group == ALL or org == group[1]))

