"""What the annual report says of voice records, protected as one family.

The report prints, beside the surveys, the partnership's and each organisation's number of
letters, drawings and conversations with counts by kind, and for each practice review the counts
by kind and meeting. Those figures overlap: a total less the kinds shown, the partnership less the
other organisations, or an organisation's kinds less its reviews' would give back a count under
the threshold. So they are one disclosure family (analysis/disclosure): the atoms are the records
per organisation, kind, review listed in the report (or none), meeting, and whether they were
heard in the period (a review's records may be older); `protect` withholds more figures until no
small count can be worked out from everything printed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analysis import disclosure as control
from analysis import suppression
from voice_app.config import get_settings
from voice_app.services.disclosure_families import ALL, Built
from voice_app.services.practice_reviews import MEETING_WORDS, ReviewView
from voice_app.services.records import KIND_PLURALS, KINDS
from voice_app.store import records as store
from voice_app.store.db import session_scope

Atom = tuple[int, str, int | None, str | None, bool]  # organisation, kind, review, meeting, in the period
NOT_SHOWN = "[c]: not shown, so that a small number cannot be worked out."


@dataclass
class RecordsFigures:
    """The records' figures as the report may print them: a count, "<5" or "[c]"."""
    built: Built
    threshold: int

    def total(self, organisation_id: int | None):
        return self.built.published(_group(organisation_id), "n", self.threshold)

    def kind(self, organisation_id: int | None, kind: str):
        return self.built.published(_group(organisation_id), kind, self.threshold)

    def review(self, review_id: int, kind: str, meeting: str | None):
        return self.built.published(("review", review_id), (kind, meeting), self.threshold)


def _group(organisation_id: int | None) -> tuple:
    return ALL if organisation_id is None else ("organisation", organisation_id)


def protect(values: dict[Atom, int], organisations: list[int], reviews: dict[int, int],
            threshold: int) -> RecordsFigures:
    """values {atom: records}; reviews {review listed in the report: its organisation}."""
    atoms = sorted({(o, k, None, None, True) for o in organisations for k in KINDS} | set(values),
                   key=lambda a: tuple("" if x is None else str(x) for x in a))
    built = Built(control.Family([int(values.get(a, 0)) for a in atoms]))
    family = built.family

    def members(test) -> list[int]:
        return [i for i, a in enumerate(atoms) if test(a)]

    # lower ranks are withheld first: a review's counts, then an organisation's, then the partnership's
    for group, in_group, rank in [(ALL, lambda a: True, 4),
                                  *[(("organisation", o), lambda a, o=o: a[0] == o, 1) for o in organisations]]:
        n = family.add((group, "n"), members(lambda a: a[4] and in_group(a)), rank=rank + 1, keep=group == ALL)
        family.figures[n].base = n
        built.index[(group, "n")] = n
        for kind in KINDS:
            built.index[(group, kind)] = family.add(
                (group, kind), members(lambda a, kind=kind: a[4] and in_group(a) and a[1] == kind), base=n, rank=rank)
    for review in reviews:
        for kind in KINDS:
            for meeting in MEETING_WORDS:
                cell = members(lambda a, r=review, k=kind, m=meeting: a[2] == r and a[1] == k and a[3] == m)
                if cell:
                    built.index[(("review", review), (kind, meeting))] = family.add(("review", review, kind, meeting),
                                                                                    cell, rank=0)
    built.decision = control.protect(family, threshold)
    return RecordsFigures(built, threshold)


@dataclass
class RecordsReport:
    """The records' sentence for the partnership and each organisation, and each review's line."""
    figures: RecordsFigures
    reviews: list[ReviewView]

    def sentence(self, organisation_id: int | None) -> str | None:
        """ "Beside the surveys, 12 letters, drawings and conversations were recorded (…)." None
        when there were none."""
        f, threshold = self.figures, self.figures.threshold
        total = f.total(organisation_id)
        if total == 0:
            return None
        if total == suppression.small_marker(threshold):
            return f"Beside the surveys, fewer than {threshold} letters, drawings and conversations were recorded."
        counts = [(f.kind(organisation_id, k), KIND_PLURALS[k]) for k in KINDS]
        parts = ", ".join(f"{n} {plural}" for n, plural in counts if n != 0)
        text = f"Beside the surveys, {total} letters, drawings and conversations were recorded ({parts})."
        if suppression.CONFIDENTIAL in (total, *(n for n, _ in counts)):
            text += f" {NOT_SHOWN}"
        return text

    def review_lines(self, organisation_id: int) -> list[str]:
        """Per review of the organisation: how the child's and family's views were sought, and what
        changed. The review's name as staff wrote it."""
        out = []
        for review in (r for r in self.reviews if r.organisation_id == organisation_id):
            cells = [(self.figures.review(review.id, k, m), k, m) for m in MEETING_WORDS for k in KINDS]
            sought = "; ".join(f"{n} {KIND_PLURALS[k]} {MEETING_WORDS[m]}" for n, k, m in cells if n != 0)
            line = f"{review.kind}: {review.name}. "
            line += (f"The child's and family's views were sought through {sought}." if sought
                     else "No views of the child or family were recorded for this review yet.")
            if suppression.CONFIDENTIAL in (n for n, _, _ in cells):
                line += f" {NOT_SHOWN}"
            if review.changes_agreed.strip():
                line += f" What changed: {review.changes_agreed.strip()}"
            out.append(line)
        return out


def build(organisation_ids: list[int], start: date, end: date) -> RecordsReport:
    """The records' part of the report for [start, end], over the given organisations."""
    with session_scope() as session:
        reviews = [ReviewView.model_validate(r, from_attributes=True)
                   for r in store.reviews_between(session, organisation_ids, start, end)]
        listed = {r.id: r.organisation_id for r in reviews}
        values = {}
        for org, kind, review, meeting, inside, n in store.report_counts(session, start, end, list(listed)):
            if org not in organisation_ids:
                continue
            atom = (org, kind, review if review in listed else None,
                    meeting if review in listed else None, bool(inside))
            values[atom] = values.get(atom, 0) + n
    figures = protect(values, organisation_ids, listed, get_settings().suppression_threshold)
    return RecordsReport(figures, reviews)
