"""Response rates: a view's responses over the invited number that counts the same children."""
from __future__ import annotations

from pydantic import BaseModel

from analysis import figures as fig
from voice_app.config import get_settings
from voice_app.store import figures as store_figures
from voice_app.store import queries


class ResponseRate(BaseModel):
    """A view's responses and, where an invited number counts the same children, the rate."""
    responses: int
    invited: int | None = None  # None: no invited number matches this view
    pct: int | None = None


def response_rate(session, round_, site_ids: list[int] | None = None, age_band: str | None = None,
                  audience: str = "staff", lang: str | None = None, version: str | None = None,
                  mode: str | None = None) -> ResponseRate:
    """The one place that decides a response rate, for every page, export and report: a site's
    rate over its own invited number, some sites' over the sum of theirs, the whole round's over
    the round's; otherwise none (product.md); invited numbers are not kept by age, language,
    version or mode. For a board, no rate on fewer than MIN_BASE_FOR_PCT responses: 3 of 20 invited is
    15%, and the rate would give the count away."""
    by_site = store_figures.responses_by_site(session, [round_.id], site_ids=site_ids, age_band=age_band,
                                        lang=lang, version=version, mode=mode)
    responses = sum(by_site.values())
    invited = None if lang or version or mode else fig.invited_for_view(
        by_site, queries.invited_by_site(session, round_.id), round_.invited, site_ids, age_band)
    pct = fig.whole_pct(responses, invited) if invited else None
    if audience != "staff" and responses < get_settings().min_base_for_pct:
        pct = None
    return ResponseRate(responses=responses, invited=invited, pct=pct)
