"""The paper surveys page: a worker downloads a paper version and types paper forms in (one row
per form); the results page then breaks down by mode. The kiosk links page offers the paper too."""
import pytest

from tests.pages.test_review_pages import as_role
from voice_app.services import accounts, audit, paper_entry
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site

SURVEY, ROUND, SITE = "camhs-wellbeing", "Spring", "riverside-waiting-room"


@pytest.fixture
def riverside(sqlite_db):
    ensure_site(ensure_organisation("Riverside CAMHS", "riverside-camhs"), "Riverside clinic waiting room", SITE)
    ensure_round(SURVEY, ROUND)


def paper_page(role: str = "worker"):
    at = as_role(role).switch_page("voice_app/pages/paper.py").run()
    assert not at.exception
    return at


def test_a_worker_downloads_a_paper_version(riverside):
    at = paper_page()
    assert at.title[0].value == "📝 Paper surveys"
    assert at.selectbox(key="paper_print_lang").options[:3] == ["English", "English (Easy Read)", "Polish"]
    assert "Arabic" in at.selectbox(key="paper_print_lang").options
    assert at.selectbox(key="paper_print_age").options == ["All ages", "Under 11", "11 to 15", "16 or older"]
    at.selectbox(key="paper_print_lang").select("pl")
    at.selectbox(key="paper_print_age").select("under_11")
    at.selectbox(key="paper_print_site").select(SITE).run()
    button = at.download_button(key="paper_download")
    assert button.label == "Download the paper version (PDF)"
    button.click().run()
    assert not at.exception
    event = audit.events(accounts.create_user("auditor", "a long test password", "admin")).iloc[0]
    assert (event["action"], event["target"]) == ("paper.download", f"{SURVEY}-pl-under_11-{SITE}")


def test_a_worker_types_in_paper_forms_and_bad_rows_stay(riverside):
    at = paper_page()
    editor = at.data_editor[0]
    table = editor.value
    assert list(table["form"][:3]) == ["1", "2", "3"] and len(table) == 10
    key = editor.key
    at.session_state[key] = {"edited_rows": {
        0: {"clinic_location": "5", "what_was_good": "The nice staff"},
        1: {"clinic_location": "9"},
        2: {"overall_satisfaction": "satisfied"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="paper_save").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved 2 paper form(s): 1, 3."
    assert at.error[0].value.replace("\\", "").startswith("Row 2 (form 2): question 2 (How do you feel about where the clinic is?): "
                                        "'9' is not a box on the paper (1 to 5)")
    left = at.data_editor[0].value
    assert list(left["form"][:2]) == ["2", "4"] and left["clinic_location"][0] == "9"  # kept for correcting
    user = at.session_state["user"]
    assert paper_entry.entry_sheet(user, SURVEY, ROUND, SITE).next_form == 4


def test_the_results_page_breaks_down_by_mode(riverside):
    at = paper_page()
    user = at.session_state["user"]
    paper_entry.save_forms(user, SURVEY, ROUND, SITE, [{"form": str(n), "overall_satisfaction": "5"} for n in (1, 2)])
    at.switch_page("voice_app/pages/results.py").run()
    next(s for s in at.selectbox if s.label == "Round").select(ROUND).run()
    mode = next(s for s in at.selectbox if s.label == "Mode")
    assert mode.options == ["All modes", "Tablet", "Paper", "Imported"]
    next(s for s in at.selectbox if s.label == "Break down by").select("mode").run()
    assert not at.exception and "By mode" in [h.value for h in at.subheader]
    at.selectbox(key="bd_question").select("overall_satisfaction").run()
    table = next(d.value for d in at.dataframe if d.value.columns[0] == "Mode")
    assert list(table["Mode"]) == ["Paper"] and list(table["n"]) == ["2"]
    mode = next(s for s in at.selectbox if s.label == "Mode")
    mode.select("tablet").run()
    assert at.metric[0].value == "0"


def test_a_board_member_has_no_paper_page_and_no_mode(riverside):
    at = as_role("board", ())
    with pytest.raises(ValueError):
        at.switch_page("voice_app/pages/paper.py")
    at.switch_page("voice_app/pages/results.py").run()
    assert "Mode" not in [s.label for s in at.selectbox]
    by = next(s for s in at.selectbox if s.label == "Break down by")
    assert "Mode" not in by.options


def test_the_kiosk_links_page_offers_the_paper_version(riverside):
    at = as_role("admin").switch_page("voice_app/pages/kiosk_links.py").run()
    assert not at.exception
    at.download_button(key="kiosk_dl_paper_pdf").click().run()
    assert not at.exception
    assert audit.events(at.session_state["user"]).iloc[0]["action"] == "kiosk_link.download"
