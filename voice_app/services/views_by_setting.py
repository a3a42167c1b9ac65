"""Views by topic and setting, for the board and the annual report (the seed report's No Wrong
Door picture): the topics children wrote about (codebook themes) down, the settings where they
were heard (school, hospital, social care, community, family, "not given") across, how many
comments of each, and a representative approved quote per topic.

Board-audience: every count is made safe here. A count from 1 to 4 reads "<5", and each topic's
cells are protected together with their total ("All settings"), with every other view a board
can pick (the partnership, each organisation) and with the topic's count in each round's themes
on the board, by the same secondary suppression the round figures use
(services/views_by_setting_control.py): no withheld small count can be worked out by subtracting
shown ones from a total, one organisation's from the partnership's, or this from a round's."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from analysis import views_by_setting as shape
from voice_app.config import get_settings
from voice_app.services import access, audit, comments, disclosure
from voice_app.services import views_by_setting_control as control
from voice_app.services.accounts import StaffUser
from voice_app.services.site_settings import NO_SETTING, setting_choices
from voice_app.store import queries
from voice_app.store import records as records_store
from voice_app.store import views_by_setting as store
from voice_app.store.db import session_scope

Source = Callable[[Session, Sequence[int] | None, date | None, date | None], Iterable[tuple[str, str | None, int]]]
# Where children's views are counted from, each as rows of (theme, setting, count) for some
# organisations (None: the whole partnership) and a period, summed per (theme, setting). Survey
# comments first (counted round by round, to be protected with each round's own themes), then
# voice records (letters, drawings, conversations: in consent, not flagged, not hidden).
SOURCES: list[Source] = [store.theme_setting_counts, records_store.theme_setting_counts]
NOT_GIVEN = ""  # the "Setting not given" column's key (a site without a setting, or no site)
TITLE = "Views by topic and setting"


class SettingColumn(BaseModel):
    key: str  # a Setting value, or NOT_GIVEN
    name: str


class TopicRow(BaseModel):
    theme_id: str
    topic: str
    cells: list[int | str]  # one per column: a count, or "<5" / "[c]"
    total: int | str  # across every setting
    quote: str | None = None  # an approved quote's wording, never a child's own words


class ViewsBySetting(BaseModel):
    view: str  # "The whole partnership" or the organisation's name
    period: str
    columns: list[SettingColumn]
    rows: list[TopicRow]
    threshold: int

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def as_rows(self) -> list[dict]:
        return [r.model_dump() for r in self.rows]


def views(user: StaffUser, organisation_id: int | None, start: date | None, end: date | None) -> ViewsBySetting:
    """The board's picture for the whole partnership (None) or one organisation."""
    access.require(user, access.Can.SEE_BOARD_VIEWS)
    return build(organisation_id, start, end)


def build(organisation_id: int | None, start: date | None, end: date | None,
          sources: Sequence[Source] | None = None) -> ViewsBySetting:
    """The picture without an access check: for callers that made their own (the annual report)."""
    threshold = get_settings().suppression_threshold
    sources = SOURCES if sources is None else sources
    with session_scope() as session:
        organisations = {o.id: o.name for o in queries.all_organisations(session)}
        if organisation_id is not None and organisation_id not in organisations:
            raise LookupError(f"no organisation with id {organisation_id}")
        round_ids = store.period_round_ids(session, start, end) if store.theme_setting_counts in sources else []
        values = _counts(session, list(organisations), start, end, round_ids, sources)
        # Where a count can be at all: an organisation's sites' settings, and comments without a site.
        possible = {(s.organisation_id, s.setting or NOT_GIVEN) for s in queries.all_sites(session)}
        possible.add((disclosure.NONE, NOT_GIVEN))
        if records_store.theme_setting_counts in sources:
            # A record can be heard in any setting: where an organisation keeps records, none of
            # its zeros is known to a reader.
            possible |= {(o, k) for o in records_store.organisations_with_records(session) for k in setting_choices()}
        quotes = store.approved_quotes(session, None if organisation_id is None else [organisation_id], start, end)
    plans = {r: disclosure.round_plan(r) for r in round_ids}  # what the board sees of each round's themes
    keys = [*setting_choices(), NOT_GIVEN]
    group = disclosure.ALL if organisation_id is None else ("organisation", organisation_id)
    groups = [disclosure.ALL, *[("organisation", o) for o in organisations]]
    names = comments.theme_names()
    rows = []
    for theme in sorted({k[0] for k in values}):
        shown = {(r, g): _round_shows(plan, theme, g, threshold) for r, plan in plans.items() for g in groups}
        topic = control.protect_topic({k[1:]: n for k, n in values.items() if k[0] == theme}, list(organisations),
                                      keys, possible, shown, threshold)
        if raw := topic.raw(group, "n"):
            rows.append((raw, TopicRow(theme_id=theme, topic=names.get(theme, theme),
                                       cells=[topic.published(group, k, threshold) for k in keys],
                                       total=topic.published(group, "n", threshold))))
    rows = [r for _, r in sorted(rows, key=lambda x: (-x[0], x[1].topic))]  # the most mentioned first
    chosen = shape.pick_quotes([r.theme_id for r in rows], quotes)
    for r in rows:
        r.quote = chosen.get(r.theme_id)
    columns = [SettingColumn(key=k, name=setting_choices().get(k, NO_SETTING)) for k in keys]
    if not any(k[3] == NOT_GIVEN for k in values):  # every comment's setting is known: no empty column
        columns, rows = columns[:-1], [r.model_copy(update={"cells": r.cells[:-1]}) for r in rows]
    return ViewsBySetting(view="The whole partnership" if organisation_id is None else organisations[organisation_id],
                          period=_period(start, end), columns=columns, rows=rows, threshold=threshold)


def _round_shows(plan: disclosure.RoundPlan, theme: str, group: tuple, threshold: int) -> bool:
    built = plan.families.get(("theme", theme))
    return built is None or isinstance(built.published(group, "n", threshold), int)


def _counts(session: Session, organisations: list[int], start, end, round_ids: list[int], sources) -> dict:
    """{(theme, part, organisation or NONE, setting key): count}. Survey comments are counted
    round by round (part (ROUND, id)), each other source as one part for the period; of those,
    what is of no organisation is the partnership's count less its organisations'."""
    values: dict = {}
    for round_id in round_ids:
        for org, theme, setting, n in store.round_theme_setting_counts(session, round_id):
            key = (theme, (control.ROUND, round_id), disclosure.NONE if org is None else org, setting or NOT_GIVEN)
            values[key] = values.get(key, 0) + n
    for i, source in enumerate(s for s in sources if s is not store.theme_setting_counts):
        part = ("source", i)
        for org in [*organisations, None]:
            counted = shape.add_up([source(session, None if org is None else [org], start, end)])
            for (theme, setting), n in counted.items():
                values[(theme, part, disclosure.NONE if org is None else org, setting or NOT_GIVEN)] = n
        for key in [k for k in values if k[1] == part and k[2] == disclosure.NONE]:
            values[key] -= sum(values.get((key[0], part, org, key[3]), 0) for org in organisations)
    return {k: n for k, n in values.items() if n}


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    return f"from {start:%-d %B %Y}" if start else (f"up to {end:%-d %B %Y}" if end else "all time")


def subtitle(table: ViewsBySetting) -> list[str]:
    marker = f"<{table.threshold}"
    return [f"{table.view}, {table.period}: comments about each topic, by where children were heard.",
            f"{marker}: 1 to {table.threshold - 1} comments. [c]: withheld so that a small number cannot be "
            "worked out. A comment can be about more than one topic."]


def display(table: ViewsBySetting, with_quotes: bool = True):
    """The table for a screen or a report: all text, markers as written."""
    return shape.table_frame(table.as_rows(), table.column_names, with_quotes)


def screen_display(table: ViewsBySetting):
    """The table for a screen 1024 px wide: no quotes (they follow it), and no setting where
    every count is 0; returns (table, the names of the settings left out)."""
    return shape.without_empty_settings(display(table, with_quotes=False), table.column_names)


SHORT_NAMES = {"School or college": "School", "Hospital or clinic": "Hospital", NO_SETTING: "Not given",
               shape.ALL_SETTINGS: "All"}


def short_name(column: str) -> str:
    """A column's heading where the screen is narrow ("Hospital or clinic" -> "Hospital")."""
    return SHORT_NAMES.get(column, column)


def quote_lines(table: ViewsBySetting) -> list[str]:
    """Each topic's representative quote as a line: 'Waiting times: “…”'."""
    return [f"{r.topic}: “{r.quote}”" for r in table.rows if r.quote]


def chart(table: ViewsBySetting):
    return shape.heatmap(table.as_rows(), table.column_names, TITLE, subtitle(table))


def png(user: StaffUser | None, table: ViewsBySetting) -> bytes:
    """The picture as a PNG for board papers and reports; every download is recorded."""
    if user is not None:
        access.require(user, access.Can.SEE_BOARD_VIEWS)
    picture = chart(table)
    if picture is None:
        raise ValueError("there are no topics to draw in this period")
    from analysis.charts import to_png

    data = to_png(picture)
    audit.record(user, "downloaded a board chart", "views-by-topic-and-setting", view=table.view, period=table.period)
    return data


# --- in the annual report -------------------------------------------------------------------

def intro(table: ViewsBySetting) -> str:
    return " ".join(subtitle(table))


def topic_lines(table: ViewsBySetting) -> list[str]:
    """Each topic as a sentence-like line for a printed report, zeros left out:
    'Waiting times (18 comments): School or college 6, Hospital or clinic 12'."""
    out = []
    for r in table.rows:
        parts = [f"{name} {value}" for name, value in zip(table.column_names, r.cells) if value != 0]
        out.append(f"{r.topic} ({r.total} comments): {', '.join(parts)}")
    return out


def figure_rows(table: ViewsBySetting, organisation: str) -> list[dict]:
    """One row per topic and setting (and the topic's total), for CSV and XLSX exports."""
    return [{"organisation": organisation, "topic": r.topic, "setting": name, "comments": value}
            for r in table.rows
            for name, value in [*zip(table.column_names, r.cells), (shape.ALL_SETTINGS, r.total)]]

