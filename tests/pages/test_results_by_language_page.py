"""The results page breaks down and filters by language and by version, for a worker; a board
member's "Show" list offers each language and version as a fixed grouping."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_review_pages import as_role
from tests.services.test_results_by_language import add_responses
from voice_app.services.organisations import ensure_organisation, ensure_site


@pytest.fixture
def three_versions(sqlite_db):
    ensure_site(ensure_organisation("Riverside CAMHS", "riverside-camhs"), "Riverside clinic", "riverside")
    add_responses("Spring", "riverside", "en", "11_to_15", 20)
    add_responses("Spring", "riverside", "pl", "16_plus", 8)
    add_responses("Spring", "riverside", "en-easy", None, 12, satisfied="neither")


def results_page(role: str, orgs=("riverside-camhs",)) -> AppTest:
    return as_role(role, orgs).switch_page("voice_app/pages/results.py").run()


def test_a_worker_breaks_results_down_by_language_and_filters_by_version(three_versions):
    at = results_page("worker")
    assert not at.exception
    by = next(s for s in at.selectbox if s.label == "Break down by")
    by.select("language").run()
    assert not at.exception
    assert "By language" in [h.value for h in at.subheader]
    at.selectbox(key="bd_question").select("overall_satisfaction").run()
    table = next(d.value for d in at.dataframe if d.value.columns[0] == "Language")
    assert list(table["Language"]) == ["English", "Polish", "English (Easy Read)"]
    assert list(table["n"]) == ["20", "8", "12"]
    assert list(table["% positive"])[2] == "0%"
    version = next(s for s in at.selectbox if s.label == "Version")
    assert version.options == ["All versions", "Standard", "Under 11", "Easy Read"]
    version.select("easy_read").run()
    assert not at.exception and at.metric[0].value == "12"
    language = next(s for s in at.selectbox if s.label == "Language")
    assert language.options == ["All languages", "English", "English (Easy Read)", "Polish"]


def test_a_board_member_sees_a_language_as_a_fixed_grouping(three_versions):
    at = results_page("board", ())
    assert not at.exception
    show = next(s for s in at.selectbox if s.label == "Show")
    assert {"Polish", "English (Easy Read)", "Easy Read version", "Under 11 version"} <= set(show.options)
    assert not any(s.label in ("Language", "Version", "Sites") for s in [*at.selectbox, *at.multiselect])
    show.select("language:pl").run()
    assert not at.exception and at.metric[0].value in ("8", "[c]")
