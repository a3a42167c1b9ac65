"""The typed shape of a round's report (services/results.py): what pages, services and commands
read, by attribute. Staff figures are exact counts (analysis.figures.question_figures); a
board's come from the round's disclosure plan (disclosure.RoundPlan.figures), where a withheld
count is a marker, "<5" or "[c]", and a percentage, interval or change beside it is None.

A field a report does not carry is left unset, not filled in: `model_dump(exclude_unset=True)`
gives the same keys as the figures it was made from (a text question has only type and n;
staff figures have no base_suppressed), which is what `voice_app report` prints as JSON and
what the pure chart functions in analysis/ take (`as_data`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel

Count = int | str  # a number, or on a board a withheld count's marker: "<5", "[c]"

Group = tuple[str, int | str | None]  # a board's fixed grouping: ("all", None), ("site", 3), ("language", "pl")


class QuestionFigures(BaseModel):
    """One question's figures in one group. Choice questions: every option's count and % of
    those who answered; scales (and single choice with a positive list): the positive count,
    its % and 95% Wilson interval. Text questions: the number who wrote something."""
    type: Literal["scale", "single", "multi", "text"]
    n: Count
    counts: dict[str, Count] | None = None
    pct: dict[str, int | None] | None = None
    positive: Count | None = None
    positive_pct: int | None = None
    positive_ci95: list[float] | None = None
    positive_options: list[str] | None = None
    base_suppressed: bool | None = None  # a board's: no percentages where n is withheld or under 10

    @property
    def has_positive(self) -> bool:
        """A question with a "positive" share (top two of a scale, or a single choice's list)."""
        return "positive" in self.model_fields_set


Figures = dict[str, QuestionFigures]  # question id: figures, in the survey's order


class Change(BaseModel):
    """Change in % positive since another round. On a board, where either round's positive
    count or base is withheld, only base_suppressed (True) and no change or test."""
    change_points: int | None = None
    p_value: float | None = None
    significant: bool | None = None
    test: str | None = None
    base_suppressed: bool = False


class RoundReport(BaseModel):
    """Responses, response rate and each question's figures for one round and audience; with
    `by`, each group's figures (`breakdown`, group name: figures, in order); with
    `compare_round`, the change in % positive of each scale question (`changes`). A board's
    report also names its fixed grouping (`view`, `view_name`); its responses may be a marker
    and its rate None where the count is withheld."""
    survey: str
    title: str
    round: str
    audience: Literal["staff", "board", "public"]
    responses: Count
    invited: int | None = None
    round_invited: int | None = None
    response_rate_pct: int | float | None = None
    view: Group | None = None
    view_name: str | None = None
    questions: Figures
    by: str | None = None
    breakdown: dict[str, Figures] | None = None
    compare_round: str | None = None
    changes: dict[str, Change] | None = None


# --- the partnership board summary (services/board.py) ---------------------------------------

@dataclass(frozen=True)
class Filters:
    # None: the whole partnership; else one organisation (a set of them would let the whole
    # minus "all but one" give one away, so a board chooses one or all)
    organisation_ids: list[int] | None = None
    survey_keys: list[str] | None = None
    start: date | None = None
    end: date | None = None


class Headline(BaseModel):
    """% positive of one question of a round, with its interval and the change since the round
    before; no percentage, interval or change beside a withheld count or a base under 10."""
    question_id: str
    question: str  # as the children read it
    n: Count
    positive: Count | None = None
    positive_pct: int | None = None
    ci95: list[float] | None = None
    change_points: int | None = None
    significant: bool | None = None


class ThemeLine(BaseModel):
    """One theme of a round's comments as its plan shows it: the count, or "<5" or "[c]"; a share
    only where its own count is shown on a base of 10 or more."""
    theme_id: str
    theme: str
    comments: Count
    positive_pct: int | None = None
    negative_pct: int | None = None


class Quote(BaseModel):
    """An approved quote: redacted, never flagged, never hidden."""
    text: str
    themes: str  # theme ids, ";"-separated
    site: str | None = None
    round: str


class RoundSummary(BaseModel):
    """One round on the board summary: its board report's figures, headlines, top themes, quotes."""
    survey: str
    title: str
    round: str
    round_id: int
    responses: Count
    invited: int | None = None
    response_rate_pct: int | float | None = None
    compared_with: str | None = None  # the survey's round before, when there is one
    headlines: list[Headline] = []
    figures: Figures = {}
    labels: dict[str, str] = {}  # question and option ids: their wording
    themes: list[ThemeLine] = []
    quotes: list[Quote] = []


class SiteBreakdown(BaseModel):
    """A survey's newest round in the summary: each site's figures of questions with a positive share."""
    round: str
    groups: dict[str, Figures]


class LoopStats(BaseModel):
    """"You said… We did…" items, counted (items are services' actions, not children: not suppressed)."""
    items: int
    published: int
    planned: int
    in_progress: int
    done: int
    not_possible: int
    we_did: int
    closed: int
    closed_pct: int | None = None
    median_days_to_close: int | float | None = None

    def at(self, status: str) -> int:
        """The items at one status (you_said.items.STATUSES)."""
        return getattr(self, status)


class ScreenVolumes(BaseModel):
    """Comments screened for safeguarding and passed to a lead, over the period: a count or a marker."""
    screened: Count
    flagged: Count


class BoardSummary(BaseModel):
    filters: Filters
    rounds: list[RoundSummary]  # each survey's rounds together, in the order they were answered
    sites: dict[str, SiteBreakdown]  # survey key: its newest round by site
    loops: LoopStats
    safeguarding: ScreenVolumes


def figures_of(raw: dict) -> Figures:
    """Figures as analysis.figures or a disclosure plan give them ({qid: {...}}), typed."""
    return {qid: QuestionFigures.model_validate(f) for qid, f in raw.items()}


def as_data(models: dict[str, BaseModel]) -> dict[str, dict]:
    """Figures or changes as the pure functions in analysis/ (charts, tables) take them: plain dicts
    with the keys each carries. analysis/ imports nothing from voice_app, so it gets data, not models."""
    return {key: m.model_dump(exclude_unset=True) for key, m in models.items()}
