"""Attack tests: the annual report's counts of voice records (the partnership's and each
organisation's total and counts by kind, and each practice review's counts by kind and meeting)
must never give back a small count, neither by subtraction (a total less the kinds shown, the
partnership less the other organisations) nor by combining them with a review's counts.

The reader here is written independently of the code under test: it knows what the report
prints, nothing else, and finds the smallest and largest value each count could have with a
whole-number programme."""
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from voice_app.services import accounts, practice_reviews, records, records_report
from voice_app.services.annual_report import compose
from voice_app.services.organisations import ensure_organisation, ensure_site
from voice_app.services.records import KIND_PLURALS, KINDS, NewRecord

TODAY = datetime.now(UTC).date()
START, END = TODAY - timedelta(days=30), TODAY
THRESHOLD = 5
MEETINGS = ("start", "end", None)


# --- the reader -----------------------------------------------------------------------------

def reader_range(atoms: list, published: list[tuple[set, object]], target: set) -> tuple[int, int]:
    """The smallest and largest whole number the atoms in `target` could add up to for a reader
    who knows each published figure (atoms it adds up, value: a count, "<5" or "[c]")."""
    index = {a: i for i, a in enumerate(atoms)}
    rows, lo, hi = [], [], []
    for members, value in published:
        row = np.zeros(len(atoms))
        for a in members:
            row[index[a]] = 1
        if isinstance(value, int):
            lo.append(value), hi.append(value)
        elif value == f"<{THRESHOLD}":
            lo.append(0), hi.append(THRESHOLD - 1)
        else:  # "[c]": withheld, and not small
            lo.append(THRESHOLD), hi.append(np.inf)
        rows.append(row)
    cost = np.zeros(len(atoms))
    for a in target:
        cost[index[a]] = 1
    constraints = [LinearConstraint(np.array(rows), lo, hi)] if rows else []
    out = []
    for sign in (1, -1):
        res = milp(sign * cost, constraints=constraints, integrality=np.ones(len(atoms)),
                   bounds=Bounds(0, 10_000))
        assert res.status == 0, res.message  # the published figures fit some table
        out.append(round(sign * res.fun))
    return out[0], out[1]


def assert_no_small_count_recoverable(atoms: list, truth: dict, published: list[tuple[set, object]],
                                      figures: list[set]) -> None:
    """Every figure that is truly 1 to 4 must be neither pinned nor known to be someone."""
    for members in figures:
        value = sum(truth.get(a, 0) for a in members)
        if 0 < value < THRESHOLD:
            lo, hi = reader_range(atoms, published, members)
            assert hi > lo, f"a count of {value} can be worked out exactly from the report"
            plain = [(m, v) for m, v in published if isinstance(v, int)]
            lo, hi = reader_range(atoms, plain, members)
            assert lo == 0 and hi >= THRESHOLD, (
                f"the numbers shown say a count of {value} is between {lo} and {hi}")


# --- the plan on its own: any counts ------------------------------------------------------------

ORGS = (1, 2, 3)
REVIEWS = {10: 1, 11: 2}  # review: its organisation


def atoms_of() -> list:
    """(organisation, kind, review, meeting, heard in the period): what a reader cannot see."""
    out = [(o, k, None, None, True) for o in ORGS for k in KINDS]
    out += [(REVIEWS[r], k, r, m, inside) for r in REVIEWS for k in KINDS for m in MEETINGS
            for inside in (True, False)]
    return out


def figures_of(atoms: list) -> dict:
    """Every figure the report can print, by what it means."""
    inside = [a for a in atoms if a[4]]
    out = {("total", None): {a for a in inside}}
    out |= {("kind", None, k): {a for a in inside if a[1] == k} for k in KINDS}
    out |= {("total", o): {a for a in inside if a[0] == o} for o in ORGS}
    out |= {("kind", o, k): {a for a in inside if a[0] == o and a[1] == k} for o in ORGS for k in KINDS}
    out |= {("review", r, k, m): {a for a in atoms if a[2] == r and a[1] == k and a[3] == m}
            for r in REVIEWS for k in KINDS for m in MEETINGS}
    return out


def printed(plan: records_report.RecordsFigures, key: tuple):
    if key[0] == "total":
        return plan.total(key[1])
    if key[0] == "kind":
        return plan.kind(key[1], key[2])
    return plan.review(key[1], key[2], key[3])


def published_figures(plan, figures: dict) -> list:
    out = []
    for key, members in figures.items():
        value = printed(plan, key)
        if key[0] == "kind" and plan.total(key[1]) == f"<{THRESHOLD}":
            continue  # not printed: a total under 5 is said as "fewer than 5", with no kinds
        out.append((members, value))
    return out


small_or_not = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(small_or_not, min_size=len(atoms_of()), max_size=len(atoms_of())))
def test_no_published_records_figure_gives_back_a_small_count(counts):
    atoms = atoms_of()
    truth = {a: n for a, n in zip(atoms, counts) if n}
    plan = records_report.protect(truth, list(ORGS), REVIEWS, THRESHOLD)
    figures = figures_of(atoms)
    assert_no_small_count_recoverable(atoms, truth, published_figures(plan, figures), list(figures.values()))
    # what is shown is the truth
    for key, members in figures.items():
        value = printed(plan, key)
        if isinstance(value, int):
            assert value == sum(truth.get(a, 0) for a in members)


def test_a_total_beside_its_kinds_is_protected():
    truth = {(1, "letter", None, None, True): 6, (1, "drawing", None, None, True): 1}
    plan = records_report.protect(truth, [1], {}, THRESHOLD)
    assert plan.kind(1, "drawing") == "<5"
    assert not (isinstance(plan.total(1), int) and isinstance(plan.kind(1, "letter"), int))


# --- the report, as printed -----------------------------------------------------------------

SENTENCE = re.compile(r"Beside the surveys, (?:(\d+|\[c\]) )?letters, drawings and conversations were recorded"
                      r"(?: \(([^)]*)\))?")
FEWER = re.compile(r"Beside the surveys, fewer than 5 letters, drawings and conversations were recorded\.")


def read_sentence(text: str) -> dict:
    """{None: total, kind: count} as a reader reads a section's sentence."""
    if FEWER.search(text):
        return {None: "<5"}
    m = SENTENCE.search(text)
    if not m:
        return {None: 0}
    out = {None: int(m[1]) if m[1] and m[1].isdigit() else "[c]"}
    plural_kind = {v: k for k, v in KIND_PLURALS.items()}
    for part in (m[2] or "").split(", "):
        number, plural = part.split(" ", 1)
        out[plural_kind[plural]] = int(number) if number.isdigit() else number
    for k in KINDS:
        out.setdefault(k, 0)  # a kind not listed: none
    return out


@pytest.fixture
def two_organisations(database):
    riverside = ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_site(riverside, "Riverside clinic", "riverside-clinic")
    hillside = ensure_organisation("Hillside School", "hillside-school")
    ensure_site(hillside, "Hillside hall", "hillside-hall")
    a = accounts.create_user("a", "a long test password", "worker", ["riverside-camhs"])
    b = accounts.create_user("b", "a long test password", "worker", ["hillside-school"])
    return a, b


def log(worker, kind: str, n: int) -> None:
    for _ in range(n):
        new = NewRecord(kind=kind, heard_on=TODAY - timedelta(days=2), setting="school",
                        summary="the groups are fun and the staff are kind", consent="internal")
        records.log_record(worker, worker.organisation_ids[0], new)


def test_the_annual_report_gives_back_no_small_count_of_records(two_organisations):
    riverside, hillside = two_organisations
    log(riverside, "letter", 6)
    log(riverside, "drawing", 1)
    log(hillside, "letter", 5)
    log(hillside, "conversation", 2)
    review = practice_reviews.create_review(riverside, riverside.organisation_ids[0], "CSPR 1", "CSPR",
                                            TODAY - timedelta(days=60))
    for r in records.list_records(riverside)[:3]:
        practice_reviews.attach(riverside, r.id, review, "start")
    report = compose.build(None, START, END, with_charts=False)
    sections = {s.heading: " ".join(s.paragraphs) for s in report.sections}

    orgs = {"Riverside CAMHS": 1, "Hillside School": 2}
    truth = {(1, "letter"): 6, (1, "drawing"): 1, (2, "letter"): 5, (2, "conversation"): 2}
    atoms = [(o, k) for o in orgs.values() for k in KINDS]
    published, figures = [], []
    for heading, org in [("The partnership", None), *orgs.items()]:
        said = read_sentence(sections[heading])
        in_group = [a for a in atoms if org is None or a[0] == org]
        figures.append(set(in_group))
        published.append((set(in_group), said[None]))
        for k in KINDS:
            members = {a for a in in_group if a[1] == k}
            figures.append(members)
            if said[None] != "<5":
                published.append((members, said[k]))
    assert_no_small_count_recoverable(atoms, {a: truth.get(a, 0) for a in atoms}, published, figures)
    # what a reader still learns: something was heard, and most of it
    assert "letters, drawings and conversations were recorded" in sections["The partnership"]
    assert "CSPR: CSPR 1. The child's and family's views were sought through" in sections["Riverside CAMHS"]
