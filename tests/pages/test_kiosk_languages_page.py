"""The kiosk in a child's own language: chosen on the first screen by its own name (or fixed by
the link), every later screen in it, Arabic right to left, and the response records it."""
from streamlit.testing.v1 import AppTest

from tests.markdown_text import shown
from tests.pages.test_pages import demo, kiosk  # noqa: F401  (the demo fixture)
from voice_app import kiosk_words
from voice_app.services import kiosk as service
from voice_app.store import queries
from voice_app.store.db import session_scope

LINK = {"survey": "camhs-wellbeing", "site": "riverside-waiting-room"}
NAMES = ["English", "Easy Read", "Polski", "Română", "Українська", "العربية", "Cymraeg"]


def language_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("kiosk_lang_")]


def tap(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def right_to_left(at: AppTest) -> bool:
    return any("direction: rtl" in h.proto.body for h in at.html)


def recorded_language(key: str) -> str:
    with session_scope() as session:
        return queries.response_by_key(session, key).lang


def test_the_first_screen_offers_each_language_by_its_own_name(demo):
    at = kiosk(**LINK)
    assert not at.exception
    assert language_buttons(at) == NAMES
    assert at.button[0].label == "Start ▶"  # Start stays the first button
    assert not right_to_left(at)


def test_a_child_who_chooses_polski_reads_every_screen_in_polish(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_lang_pl")
    assert at.title[0].value == "Opowiedz nam o CAMHS"
    assert at.button[0].label == "Zaczynamy ▶"
    tap(at, "kiosk_start")
    assert at.header[0].value == "Ile masz lat?"
    assert at.button(key="kiosk_opt_age_band_prefer_not_to_say").label == "🤐  \nWolę nie mówić"  # a picture button
    tap(at, "kiosk_opt_age_band_11_to_15")
    assert at.header[0].value == "Co myślisz o tym, gdzie jest przychodnia?"
    assert "Bardzo dobrze" in at.button(key="kiosk_opt_clinic_location_very_happy").label
    assert at.button(key="kiosk_back").label == "◀ Wstecz"
    assert at.button(key="kiosk_skip_clinic_location").label == "Wolę nie mówić"
    assert at.get("progress")[0].proto.text == "Zostało: 8"  # this one and seven more
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
              "overall_satisfaction"]:
        tap(at, f"kiosk_opt_{q}_happy" if q != "overall_satisfaction" else f"kiosk_opt_{q}_satisfied")
    assert at.header[0].value == "Co było dobrego w przychodzeniu tutaj?"
    assert at.text_area[0].label == "Napisz tutaj swoją odpowiedź"
    assert at.info[0].value.startswith("Jeśli napiszesz") and at.info[0].value in kiosk_words.TRANSLATIONS["pl"]["BEFORE_WRITING"]  # its 🛡️ drawn as the icon
    assert [t.value for t in at.text] == ["Napisz tyle, ile chcesz.", "Możesz pominąć to pytanie."]
    at.text_area[0].input("Miła pani w recepcji").run()
    tap(at, "kiosk_next_what_was_good")
    tap(at, "kiosk_skip_what_could_be_better")
    assert at.header[0].value == "To już wszystko. Czy chcesz wysłać swoje odpowiedzi?"
    assert at.button(key="kiosk_send").label == "Wyślij moje odpowiedzi ✉️"
    key = at.query_params["r"]
    tap(at, "kiosk_send")
    assert at.title[0].value == "Dziękujemy! 🎉"
    assert "Czy chcesz teraz z kimś porozmawiać?" in shown(at.markdown[-1].value)
    assert recorded_language(key) == "pl"
    tap(at, "kiosk_next_person")  # the next child starts in the link's language again
    assert at.title[0].value == "Tell us about CAMHS"


def test_a_child_who_tells_us_something_reads_the_calm_words_in_their_language(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_lang_uk")
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_16_plus")
    for q in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
              "overall_satisfaction"]:
        tap(at, f"kiosk_skip_{q}")
    at.text_area[0].input("my step dad hits me when he is drunk").run()
    tap(at, "kiosk_next_what_was_good")
    tap(at, "kiosk_skip_what_could_be_better")
    tap(at, "kiosk_send")
    assert at.title[0].value == "Дякуємо"
    assert at.text[0].value.startswith("Дякуємо, що розповідаєш нам.")
    assert "0800 1111" in at.text[1].value
    assert at.button(key="kiosk_talk").label == "Я хочу, щоб хтось тут поговорив зі мною"


def test_a_link_can_fix_the_language(demo):
    at = kiosk(**LINK, lang="cy")
    assert at.title[0].value == "Dywed wrthym ni am CAMHS"
    assert not language_buttons(at)  # fixed, like &age=
    tap(at, "kiosk_start")
    assert at.header[0].value == "Faint yw dy oed di?"


def test_a_link_with_a_language_the_survey_lacks_offers_the_choice_in_english(demo):
    at = kiosk(**LINK, lang="xx")
    assert not at.exception
    assert at.title[0].value == "Tell us about CAMHS" and language_buttons(at) == NAMES


def test_arabic_reads_right_to_left(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_lang_ar")
    assert at.title[0].value == "أخبرنا عن CAMHS" and right_to_left(at)
    tap(at, "kiosk_start")
    assert at.header[0].value == "كم عمرك؟" and right_to_left(at)
    tap(at, "kiosk_opt_age_band_under_11")
    assert at.header[0].value == "هل من السهل الوصول إلى العيادة؟"  # and the under-11 words
    assert recorded_language(at.query_params["r"]) == "ar"


def test_a_reload_carries_on_in_the_childs_language(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_lang_ro")
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_16_plus")
    again = kiosk(**LINK, r=at.query_params["r"])  # the tablet slept: a new session, same address
    assert again.header[0].value == "Ce părere ai despre locul unde este clinica?"
    assert service.progress(at.query_params["r"]).lang == "ro"
