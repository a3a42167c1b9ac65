"""Response rates count the same children on both sides (product.md, "Reporting rules"): a site
over its own invited number, an organisation over the sum of its sites' numbers, the whole
round over the round's; otherwise no rate. The same rule on the results page, in the board
summary and its CSV, and in the annual report's per-organisation lines."""
import itertools
import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import figures as fig
from voice_app.cli import main as cli
from voice_app.services import board
from voice_app.services.annual_report import compose
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site, set_site_invited
from voice_app.services.results import round_report
from voice_app.services.surveys import latest_definition
from voice_app.store import queries
from voice_app.store.db import session_scope

SPRING = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def csv(tmp_path, site: str, rows: int, name: str | None = None):
    path = tmp_path / (name or f"{site}.csv")
    path.write_text("clinic_location,submitted_at\n" + "happy,2026-03-10T10:00\n" * rows)
    return path


@pytest.fixture
def two_organisations(database, tmp_path):
    """Riverside CAMHS: 42 responses at the clinic (100 invited there), 53 at Northgate (no
    number kept); Hillside: none. 280 invited in the whole round."""
    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_organisation("Hillside Youth Service", "hillside-youth")
    ensure_site("riverside-camhs", "Riverside clinic", "riverside-clinic")
    ensure_site("riverside-camhs", "Northgate clinic", "northgate")
    ensure_site("hillside-youth", "Hillside hub", "hillside-hub")
    assert cli(["import-responses", "camhs-wellbeing", str(csv(tmp_path, "riverside-clinic", 42)),
                "--round", "Spring", "--site", "riverside-clinic", "--invited", "100"]) == 0
    assert cli(["import-responses", "camhs-wellbeing", str(csv(tmp_path, "northgate", 53)),
                "--round", "Spring", "--site", "northgate"]) == 0
    ensure_round("camhs-wellbeing", "Spring", invited=280)


def test_a_site_is_divided_by_its_own_invited_number(two_organisations):
    clinic = round_report("camhs-wellbeing", "Spring", site_slugs=["riverside-clinic"])
    assert (clinic.responses, clinic.invited, clinic.response_rate_pct) == (42, 100, 42)
    northgate = round_report("camhs-wellbeing", "Spring", site_slugs=["northgate"])
    assert northgate.responses == 53 and northgate.response_rate_pct is None  # not 53/280


def test_an_organisation_has_a_rate_only_when_every_responding_site_has_a_number(two_organisations):
    both = round_report("camhs-wellbeing", "Spring", site_slugs=["riverside-clinic", "northgate"])
    assert both.responses == 95 and both.response_rate_pct is None  # never 95/280 = 34%
    set_site_invited(None, "camhs-wellbeing", "Spring", "northgate", 90)
    both = round_report("camhs-wellbeing", "Spring", site_slugs=["riverside-clinic", "northgate"])
    assert (both.invited, both.response_rate_pct) == (190, 50)


def test_the_whole_round_uses_the_rounds_number_and_an_age_band_has_none(two_organisations):
    whole = round_report("camhs-wellbeing", "Spring")
    assert (whole.responses, whole.invited, whole.response_rate_pct) == (95, 280, 34)
    assert round_report("camhs-wellbeing", "Spring", age_band="under_11").response_rate_pct is None


def test_site_invited_from_the_command_line_leaves_the_rounds_number_alone(two_organisations):
    with session_scope() as session:
        survey = queries.survey_by_key(session, "camhs-wellbeing")
        round_ = queries.round_by_name(session, survey.id, "Spring")
        assert round_.invited == 280
        assert queries.invited_by_site(session, round_.id) == {
            queries.site_by_slug(session, "riverside-clinic").id: 100}


def test_board_csv_and_annual_report_lines_follow_the_same_rule(two_organisations):
    data = board.build(board.Filters(start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert [r.response_rate_pct for r in data.rounds] == [34]
    riverside = [i for i, n in board.choices()["organisations"].items() if n == "Riverside CAMHS"]
    org = board.build(board.Filters(organisation_ids=riverside, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert {row["response_rate_pct"] for row in board.figures_rows(org, "Riverside CAMHS")} == {None}
    report = compose.build(None, date(2026, 1, 1), date(2026, 12, 31), with_charts=False)
    by_heading = {s.heading: s for s in report.sections}
    assert "a response rate of 34%" in by_heading["The partnership"].rounds[0].sentence
    assert "response rate" not in by_heading["Riverside CAMHS"].rounds[0].sentence
    set_site_invited(None, "camhs-wellbeing", "Spring", "northgate", 90)
    report = compose.build(None, date(2026, 1, 1), date(2026, 12, 31), with_charts=False)
    riverside_section = {s.heading: s for s in report.sections}["Riverside CAMHS"]
    assert "There were 95 returned responses" in riverside_section.rounds[0].sentence
    assert "a response rate of 50%" in riverside_section.rounds[0].sentence


# --- the rule, for any responses and any view -----------------------------------------------

SITES = [1, 2, 3, 4]
site_counts = st.dictionaries(st.sampled_from(SITES + [None]), st.integers(0, 40))
site_numbers = st.dictionaries(st.sampled_from(SITES), st.integers(0, 80))


@given(responses=site_counts, invited=site_numbers, round_invited=st.one_of(st.none(), st.integers(0, 300)),
       view=st.one_of(st.none(), st.lists(st.sampled_from(SITES), unique=True)),
       age_band=st.sampled_from([None, "under_11"]))
def test_a_rate_counts_the_same_children_on_both_sides(responses, invited, round_invited, view, age_band):
    in_view = {s: n for s, n in responses.items() if view is None or s in view}
    got = fig.invited_for_view(in_view, invited, round_invited, view, age_band)
    responding = [s for s, n in in_view.items() if n]
    if got is None:
        return
    assert age_band is None  # nothing is invited by age band
    assert sum(in_view.values()) <= got
    if view is None and round_invited is not None:
        assert got == round_invited
    else:  # every responding site has its own number, and the rate is over exactly those sites
        assert all(s in invited for s in responding)
        assert got == sum(n for s, n in invited.items() if view is None or s in view)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_site=st.lists(st.tuples(st.integers(0, 12), st.one_of(st.none(), st.integers(0, 30)),
                                   st.integers(0, 12)), min_size=4, max_size=4),
       round_invited=st.one_of(st.none(), st.integers(0, 200)),
       view=st.one_of(st.just("round"), st.sampled_from(["org-a", "org-b", "age"]),
                      st.lists(st.sampled_from(["a1", "a2", "b1", "b2"]), min_size=1, unique=True)))
def test_every_shown_rate_counts_the_same_children(rate_sites, per_site, round_invited, view):
    """Random responses at four sites of two organisations (young and other children), random
    invited numbers, any view: a shown rate's two sides are the same sites of the same round."""
    round_name = f"R-{uuid.uuid4().hex[:8]}"
    slugs = ["a1", "a2", "b1", "b2"]
    ensure_round("camhs-wellbeing", round_name, invited=round_invited)
    for slug, (_, invited, _) in zip(slugs, per_site):
        set_site_invited(None, "camhs-wellbeing", round_name, slug, invited)
    add_responses(round_name, {slug: (young, other) for slug, (young, _, other) in zip(slugs, per_site)})
    age_band = "under_11" if view == "age" else None
    sites = {"round": None, "age": None, "org-a": ["a1", "a2"], "org-b": ["b1", "b2"]}.get(
        view if isinstance(view, str) else "", view)
    report = round_report("camhs-wellbeing", round_name, site_slugs=sites, age_band=age_band)

    numbers = {slug: invited for slug, (_, invited, _) in zip(slugs, per_site) if invited is not None}
    counted = {slug: young + (0 if age_band else other) for slug, (young, _, other) in zip(slugs, per_site)
               if sites is None or slug in sites}
    assert report.responses == sum(counted.values())
    # What the rule allows: the round's own number for the whole round, else the sum of the
    # numbers of exactly the sites counted, when every site with a response has one.
    allowed = None
    if age_band is None:
        if sites is None and round_invited is not None:
            allowed = round_invited
        elif all(s in numbers for s, n in counted.items() if n):
            allowed = sum(numbers[s] for s in counted if s in numbers) or None
    if allowed is None or allowed < report.responses:
        assert report.response_rate_pct is None
    else:
        assert report.invited == allowed
        assert report.response_rate_pct == fig.whole_pct(report.responses, allowed)


@pytest.fixture
def rate_sites(database):
    ensure_organisation("Org A", "org-a")
    ensure_organisation("Org B", "org-b")
    for org, slug in (("org-a", "a1"), ("org-a", "a2"), ("org-b", "b1"), ("org-b", "b2")):
        ensure_site(org, slug.upper(), slug)


def add_responses(round_name: str, per_site: dict[str, tuple[int, int]]) -> None:
    """`young` under-11s and `other` children who did not give an age, at each site."""
    with session_scope() as session:
        survey, version, _ = latest_definition(session, "camhs-wellbeing")
        round_ = queries.round_by_name(session, survey.id, round_name)
        responses, answers = [], []
        for slug, (young, other) in per_site.items():
            site = queries.site_by_slug(session, slug)
            for is_young in itertools.chain([True] * young, [False] * other):
                responses.append({"client_key": uuid.uuid4().hex, "round_id": round_.id, "site_id": site.id,
                                  "survey_version_id": version.id, "source": "import", "lang": "en",
                                  "position": 0, "started_at": SPRING, "submitted_at": SPRING,
                                  "completed": True})
                answers.append([{"question_id": "clinic_location", "option_id": "happy", "text": None}]
                               + ([{"question_id": "age_band", "option_id": "under_11", "text": None}]
                                  if is_young else []))
        queries.bulk_add_responses(session, responses, answers)
