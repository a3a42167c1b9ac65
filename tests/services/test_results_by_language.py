"""Results by language and by version (standard, under 11, Easy Read): staff break down and
filter by them; a board sees them as fixed groupings from the round's disclosure plan."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from voice_app.services import accounts, results
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site
from voice_app.services.surveys import latest_definition
from voice_app.services.versions import language_label, version_of
from voice_app.store import queries
from voice_app.store.db import session_scope


def add_responses(round_name: str, site_slug: str, lang: str, band: str | None, how_many: int,
                  satisfied: str = "very_satisfied") -> None:
    """Responses in one language (and age band), each answering overall_satisfaction."""
    round_ = ensure_round("camhs-wellbeing", round_name, None)
    when = datetime(2026, 5, 4, 10, tzinfo=UTC)
    with session_scope() as session:
        _, version, _ = latest_definition(session, "camhs-wellbeing")
        site = queries.site_by_slug(session, site_slug)
        responses, answers = [], []
        for _ in range(how_many):
            responses.append({"client_key": f"lang-{uuid.uuid4()}", "round_id": round_.id, "site_id": site.id,
                              "survey_version_id": version.id, "source": "demo", "lang": lang, "position": 0,
                              "started_at": when, "submitted_at": when, "completed": True})
            rows = [{"question_id": "overall_satisfaction", "option_id": satisfied}]
            if band:
                rows.append({"question_id": "age_band", "option_id": band})
            answers.append([{"option_id": None, "text": None, **a} for a in rows])
        queries.bulk_add_responses(session, responses, answers)


@pytest.fixture
def round_in_three_versions(database):
    org = ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_site(org, "Riverside clinic", "riverside")
    add_responses("Spring", "riverside", "en", "11_to_15", 20)
    add_responses("Spring", "riverside", "en", "under_11", 12, satisfied="dissatisfied")
    add_responses("Spring", "riverside", "pl", "16_plus", 8)
    add_responses("Spring", "riverside", "en-easy", "under_11", 3, satisfied="neither")
    add_responses("Spring", "riverside", "en-easy", None, 7)
    return accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])


def test_the_version_a_child_answered():
    assert version_of("en", "11_to_15") == "standard" and version_of("pl", None) == "standard"
    assert version_of("en", "under_11") == "under_11" and version_of("ar", "under_11") == "under_11"
    assert version_of("en-easy", "under_11") == "under_11" and version_of("en-easy", None) == "easy_read"
    assert [language_label(x) for x in ("en", "pl", "en-easy", "cy")] == [
        "English", "Polish", "English (Easy Read)", "Welsh"]


def test_a_worker_breaks_results_down_by_language(round_in_three_versions):
    report = results.report_for(round_in_three_versions, "camhs-wellbeing", "Spring", by="language")
    by = {g: f["overall_satisfaction"].n for g, f in report.breakdown.items()}
    assert by == {"English": 32, "Polish": 8, "English (Easy Read)": 10}
    assert report.breakdown["Polish"]["overall_satisfaction"].positive_pct == 100


def test_a_worker_breaks_results_down_and_filters_by_version(round_in_three_versions):
    worker = round_in_three_versions
    report = results.report_for(worker, "camhs-wellbeing", "Spring", by="version")
    by = {g: f["overall_satisfaction"].n for g, f in report.breakdown.items()}
    # The 3 under-11s who chose Easy Read read the under-11 words: the under-11 version.
    assert by == {"Standard": 28, "Under 11": 15, "Easy Read": 7}
    easy = results.report_for(worker, "camhs-wellbeing", "Spring", version="easy_read")
    assert easy.responses == 7 and easy.questions["overall_satisfaction"].positive == 7
    assert easy.invited is None and easy.response_rate_pct is None  # invited numbers are not kept by version
    polish = results.report_for(worker, "camhs-wellbeing", "Spring", lang="pl")
    assert polish.responses == 8 and polish.questions["overall_satisfaction"].n == 8
    under_11_easy = results.report_for(worker, "camhs-wellbeing", "Spring", version="under_11", lang="en-easy")
    assert under_11_easy.responses == 3


def test_a_board_sees_languages_and_versions_only_as_fixed_groupings(round_in_three_versions):
    board = accounts.create_user("b", "a long test password", "board")
    views = dict(results.board_views())
    assert views["language:pl"] == "Polish" and views["language:en-easy"] == "English (Easy Read)"
    assert views["version:easy_read"] == "Easy Read version" and views["version:under_11"] == "Under 11 version"
    polish = results.report_for(board, "camhs-wellbeing", "Spring", view="language:pl")
    assert polish.view_name == "Polish" and polish.responses in (8, "[c]")
    assert polish.response_rate_pct is None and polish.invited is None
    easy = results.report_for(board, "camhs-wellbeing", "Spring", view="version:easy_read")
    assert easy.view_name == "Easy Read" and easy.responses in (7, "[c]")
    by_lang = results.report_for(board, "camhs-wellbeing", "Spring", by="language")
    assert set(by_lang.breakdown) == {"English", "Polish", "English (Easy Read)"}
    by_version = results.report_for(board, "camhs-wellbeing", "Spring", by="version")
    assert set(by_version.breakdown) == {"Standard", "Under 11", "Easy Read"}
    # 10 in Easy Read English less 7 on the Easy Read version would be the 3 under-11s who chose
    # Easy Read (and read the under-11 words)
    in_easy_read = results.report_for(board, "camhs-wellbeing", "Spring", view="language:en-easy")
    withheld = ("<5", "[c]")
    assert (in_easy_read.questions["overall_satisfaction"].n in withheld
            or by_version.breakdown["Easy Read"]["overall_satisfaction"].n in withheld)
    with pytest.raises(results.ReportError):
        results.report_for(board, "camhs-wellbeing", "Spring", view="language:pl+en-easy")
