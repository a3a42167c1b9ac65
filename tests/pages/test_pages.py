"""Every page, through Streamlit's AppTest: what each visitor sees and can do."""
import pytest

from tests.markdown_text import shown
from streamlit.testing.v1 import AppTest

from voice_app.services import accounts, first_admin
from voice_app.services.demo import load_demo

APP = "../../streamlit_app.py"


def app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def kiosk(**params) -> AppTest:
    """The app opened at a kiosk link: /kiosk?survey=…&site=…"""
    at = app(**params).run()
    return at.switch_page("voice_app/pages/kiosk.py").run()


@pytest.fixture
def demo(sqlite_db):
    load_demo(responses_per_round=40)


def signed_in(role="admin") -> AppTest:
    accounts.create_user(f"{role}-user", "a long test password", role)
    at = app().run()
    at.text_input[0].input(f"{role}-user")
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    return at


def test_kiosk_walks_through_one_question_per_screen(demo):
    at = kiosk(survey="camhs-wellbeing", site="riverside-waiting-room")
    assert not at.exception
    assert at.title[0].value == "Tell us about CAMHS"
    at.button[0].click().run()
    assert at.header[0].value == "How old are you?"  # first: the rest is then in that age's words
    assert "r" in at.query_params
    at.button(key="kiosk_opt_age_band_16_plus").click().run()
    assert at.header[0].value == "How do you feel about where the clinic is?"
    at.button(key="kiosk_opt_clinic_location_happy").click().run()
    assert at.header[0].value == "How did you feel in the waiting room?"
    at.button(key="kiosk_back").click().run()
    assert at.button(key="kiosk_opt_clinic_location_happy").proto.type == "primary"  # the answer is remembered
    assert not at.sidebar.children  # no menu for children


def test_kiosk_warns_before_free_text_and_thanks_with_help(demo):
    at = kiosk(survey="camhs-wellbeing", site="riverside-waiting-room")
    at.button[0].click().run()
    at.button(key="kiosk_opt_age_band_prefer_not_to_say").click().run()
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
              "overall_satisfaction"]:
        at.button(key=f"kiosk_skip_{q}").click().run()
    assert "grown-up may need to act" in at.info[0].value
    at.text_area[0].input("It was good").run()
    at.button(key="kiosk_next_what_was_good").click().run()
    at.button(key="kiosk_skip_what_could_be_better").click().run()
    at.button(key="kiosk_send").click().run()
    assert at.title[0].value.startswith("Thank you")
    assert any("0800 1111" in m.value for m in at.markdown)
    at.button(key="kiosk_next_person").click().run()
    assert at.title[0].value == "Tell us about CAMHS" and "r" not in at.query_params


def test_kiosk_under_11_wording(demo):
    at = kiosk(survey="camhs-wellbeing", site="riverside-waiting-room", age="under_11")
    at.button[0].click().run()
    assert at.header[0].value == "Is the clinic an OK place to get to?"


def test_a_wrong_kiosk_link_explains_itself(demo):
    at = kiosk(survey="camhs-wellbeing", site="the-moon")
    assert not at.exception and at.title[0].value == "Oops!"


def server_log_setup_code(capsys) -> str:
    import re

    found = re.findall(r"setup code: ([A-Z0-9-]+)", capsys.readouterr().err)
    assert found, "no setup code in the server's log"
    return found[-1]


def test_first_run_asks_for_the_first_admin_with_the_setup_code_from_the_server_log(sqlite_db, capsys):
    at = app().run()
    code = server_log_setup_code(capsys)
    assert "No staff account exists yet" in at.info[0].value
    assert "printed in its log" in at.info[0].value
    # Whoever reaches a fresh install first, without the code, is refused.
    at.text_input[0].input("ABCD-EFGH-JKMN-PQRS")
    at.text_input[1].input("first-comer")
    at.text_input[2].input("a proper long password")
    at.button[0].click().run()
    assert "setup code" in at.error[0].value and not accounts.has_users()
    at.text_input[0].input(code.lower().replace("-", " "))  # as read aloud or typed from a screen
    at.text_input[1].input("first-admin")
    at.text_input[2].input("short")
    at.button[0].click().run()
    assert "at least" in at.error[0].value  # and the code is not spent on a refused password
    at.text_input[2].input("a proper long password")
    at.button[0].click().run()
    assert at.title[0].value == "Hello, first-admin"
    with pytest.raises(accounts.AccountError):
        first_admin.create_first_admin("second-admin", "a proper long password", code)


def test_the_setup_code_is_kept_only_as_a_hash_and_works_once(sqlite_db):
    from sqlmodel import select

    from voice_app.store.db import session_scope
    from voice_app.store.models import SetupCode

    code = first_admin.issue_setup_code()
    newer = first_admin.issue_setup_code()  # a restart prints a new one; the old one stops working
    with session_scope() as s:
        stored = [row.code_hash for row in s.exec(select(SetupCode))]
    assert code not in " ".join(stored) and newer not in " ".join(stored)
    with pytest.raises(accounts.AccountError, match="setup code"):
        first_admin.create_first_admin("ada", "a proper long password", code)
    assert first_admin.create_first_admin("ada", "a proper long password", newer).role == "admin"
    assert first_admin.issue_setup_code() is None  # an install with an admin has no setup code


def test_sign_in_required_and_wrong_password_refused(demo):
    accounts.create_user("worker1", "a long test password", "worker")
    at = app().run()
    assert "sign in" in at.title[0].value
    at.text_input[0].input("worker1")
    at.text_input[1].input("not the password")
    at.button[0].click().run()
    assert at.error and "did not match" in at.error[0].value
    assert not [t for t in at.title if "Results" in t.value]


def test_too_many_tries_ask_to_wait_a_moment_then_the_right_password_works(demo, monkeypatch):
    from datetime import timedelta

    from voice_app.store.models import utcnow

    now = [utcnow()]
    monkeypatch.setattr(accounts, "clock", lambda: now[0])
    accounts.create_user("worker1", "a long test password", "worker")
    at = app().run()
    at.text_input[0].input("worker1")
    for _ in range(accounts.FREE_TRIES):
        at.text_input[1].input("not the password")
        at.button[0].click().run()
        assert at.error[0].value == "That username and password did not match."
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    assert at.error[0].value == "Too many tries just now. Wait 1 second, then try again."
    assert not [t for t in at.title if "Hello" in t.value]
    now[0] += timedelta(seconds=1)
    at.text_input[1].input("a long test password")
    at.button[0].click().run()
    assert at.title[0].value == "Hello, worker1"


@pytest.mark.parametrize("verified", [False, True])
def test_single_sign_on_needs_an_email_the_provider_verified(demo, verified):
    accounts.create_user("sam@riverside.nhs.uk", "a long test password", "worker")
    at = app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.user = {"is_logged_in": True, "email": "sam@riverside.nhs.uk", "email_verified": verified}
    at.run()
    assert not at.exception
    if verified:
        assert shown(at.title[0].value) == "Hello, sam@riverside.nhs.uk"
    else:
        assert at.error[0].value == accounts.SSO_UNVERIFIED
        assert "sign in" in at.title[0].value and not [t for t in at.title if "Hello" in t.value]


def test_results_page_shows_figures(demo):
    at = signed_in().switch_page("voice_app/pages/results.py").run()
    assert not at.exception
    assert at.title[0].value == "📊 Results"
    assert at.metric[0].value == "40"
    assert at.dataframe  # the figures table: a text alternative to the charts
    at.selectbox[0].select("camhs-remote").run()
    assert not at.exception


def test_signing_out(demo):
    at = signed_in()
    at.switch_page("voice_app/pages/sign_out.py").run()
    assert "sign in" in at.title[0].value


def test_a_busy_signed_in_screen_ends_at_the_absolute_limit(demo):
    from voice_app.config import get_settings

    at = signed_in().switch_page("voice_app/pages/results.py").run()
    assert at.title[0].value == "📊 Results"
    # Clicking all shift long: in use a moment ago, signed in a shift and a minute ago.
    at.session_state["signed_in_at"] -= get_settings().staff_session_max_hours * 3600 + 60
    at.run()
    assert "sign in" in at.title[0].value and not at.metric and not at.dataframe


def test_staff_pages_refuse_visitors_who_are_not_signed_in(demo):
    # Even run directly (as Streamlit may for a file in pages/), a staff page shows no data.
    at = AppTest.from_file("../../voice_app/pages/results.py", default_timeout=30).run()
    assert not at.exception
    assert "sign in" in at.warning[0].value
    assert not at.metric and not at.dataframe


def kiosk_for_survey_file(tmp_path, monkeypatch, survey_id: str, text: str) -> AppTest:
    """A kiosk for a survey loaded from its own file, at a site called 'room'."""
    from voice_app.config import get_settings
    from voice_app.services.organisations import ensure_organisation, ensure_site
    from voice_app.services.surveys import sync_survey_files

    (tmp_path / f"{survey_id}.yaml").write_text(text)
    monkeypatch.setenv("VOICE_SURVEYS_DIR", str(tmp_path))
    get_settings.cache_clear()
    sync_survey_files()
    ensure_site(ensure_organisation("Org", "org"), "Room", "room")
    return kiosk(survey=survey_id, site="room")


def test_kiosk_shows_pictures_for_younger_children(sqlite_db, tmp_path, monkeypatch):
    from PIL import Image

    (tmp_path / "pictures").mkdir()
    Image.new("RGB", (40, 40), "yellow").save(tmp_path / "pictures" / "sun.png")
    at = kiosk_for_survey_file(tmp_path, monkeypatch, "pics",
        "id: pics\ntitle: Pictures\nquestions:\n  - id: mood\n    type: single\n    text: How are you?\n"
        "    options:\n      - {id: good, label: Good, image: pictures/sun.png}\n      - {id: bad, label: Bad}\n")
    at.button[0].click().run()
    assert not at.exception
    [picture] = at.get("image")
    assert picture.proto.imgs[0].HasField("alt") and picture.proto.imgs[0].alt == ""  # decorative: the button under it says the words


def test_kiosk_offers_the_languages_a_survey_carries(sqlite_db, tmp_path, monkeypatch):
    at = kiosk_for_survey_file(tmp_path, monkeypatch, "two",
        "id: two\ntitle: {en: Tell us, pl: Powiedz nam}\nlanguages: [en, pl]\nquestions:\n"
        "  - id: mood\n    type: single\n    text: {en: 'How are you?', pl: 'Jak się masz?'}\n"
        "    options: [{id: good, label: {en: Good, pl: Dobrze}}, {id: bad, label: {en: Bad, pl: Źle}}]\n")
    assert at.title[0].value == "Tell us"
    at.button(key="kiosk_lang_pl").click().run()
    assert at.title[0].value == "Powiedz nam"
    at.button(key="kiosk_start").click().run()
    assert at.header[0].value == "Jak się masz?"
