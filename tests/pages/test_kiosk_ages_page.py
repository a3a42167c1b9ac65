"""Versions by age on the kiosk: "How old are you?" as big picture buttons, then an under-11
does six questions at most, each in under-11 words with a face on every answer; Easy Read is
chosen on the first screen, like a language."""
from streamlit.testing.v1 import AppTest

from tests.pages.test_pages import demo, kiosk  # noqa: F401  (the demo fixture)
from voice_app.services import kiosk as service
from voice_app.store import queries
from voice_app.store.db import session_scope
from voice_app.services.versions import version_of

LINK = {"survey": "camhs-wellbeing", "site": "riverside-waiting-room"}
YOUNG_HEADERS = ["Is the clinic an OK place to get to?", "Did you feel OK in the waiting room?",
                 "Did the people here listen to you and help you?", "All in all, how do you feel about CAMHS?",
                 "What would make it better?"]


def tap(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def option_buttons(at: AppTest) -> list:
    return [b for b in at.button if b.key and b.key.startswith("kiosk_opt_")]


def recorded_language(key: str) -> str:
    with session_scope() as session:
        return queries.response_by_key(session, key).lang


def test_how_old_are_you_is_big_picture_buttons_with_one_rather_not_say(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_start")
    assert at.header[0].value == "How old are you?"
    assert [b.label for b in option_buttons(at)] == [
        "🧒  \nUnder 11", "🧑  \n11 to 15", "🧑‍🎓  \n16 or over", "🤐  \nI'd rather not say"]
    assert len([b for b in at.button if "rather not say" in b.label]) == 1


def test_a_seven_year_old_taps_pictures_through_six_questions_in_under_11_words(demo):
    at = kiosk(**LINK)
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_under_11")
    seen = []
    for n, header in enumerate(YOUNG_HEADERS, start=2):
        assert at.header[0].value == header
        # Six questions in all, the age first: the rest counted down in a child's words.
        assert at.get("progress")[0].proto.text == (f"{7 - n} more to go" if n < 6 else "Last one!")
        seen.append(header)
        options = option_buttons(at)
        assert all(b.label[0] in "😞🙁😐🙂😄" for b in options)  # a face on every answer
        if options:
            assert [b.label.split("\n")[-1] for b in options] == ["Very sad", "Sad", "OK", "Happy", "Very happy"]
            options[-1].click().run()
        else:
            assert at.text[0].value == 'You can write, or tap "I\'d rather not say".'
            tap(at, "kiosk_skip_what_could_be_better")
    assert at.header[0].value == "That's everything. Ready to send your answers?"
    key = at.query_params["r"]
    tap(at, "kiosk_send")
    assert at.title[0].value == "Thank you! 🎉"
    assert at.subheader[0].value == "We read every answer. We will put up posters to show you what we change."
    with session_scope() as session:
        response = queries.response_by_key(session, key)
        answers = {a.question_id: a.option_id for a in queries.answers_for(session, response.id)}
        assert version_of(response.lang, answers["age_band"]) == "under_11"
    assert answers == {"age_band": "under_11", "clinic_location": "very_happy", "waiting_room": "very_happy",
                       "staff_listened": "very_happy", "overall_satisfaction": "very_satisfied"}


def test_a_link_for_under_11s_skips_the_age_and_records_it(demo):
    at = kiosk(**LINK, age="under_11")
    assert at.title[0].value == "Tell us about CAMHS"
    assert at.subheader[0].value.startswith("We want to know what you think.")
    tap(at, "kiosk_start")
    assert at.header[0].value == YOUNG_HEADERS[0]
    assert at.get("progress")[0].proto.text == "5 more to go"  # five questions: the age is known
    tap(at, "kiosk_opt_clinic_location_happy")
    assert service.progress(at.query_params["r"]).answers == {"age_band": "under_11", "clinic_location": "happy"}


def test_easy_read_is_chosen_on_the_first_screen_and_recorded(demo):
    at = kiosk(**LINK)
    assert at.button(key="kiosk_lang_en-easy").label == "Easy Read"
    tap(at, "kiosk_lang_en-easy")
    assert at.subheader[0].value.startswith("We want to know what you think about CAMHS.")
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_16_plus")
    assert at.header[0].value == "Is the clinic in a good place for you?"
    assert recorded_language(at.query_params["r"]) == "en-easy"


def test_a_link_can_fix_easy_read(demo):
    at = kiosk(**LINK, lang="en-easy")
    assert not [b for b in at.button if b.key and b.key.startswith("kiosk_lang_")]
    tap(at, "kiosk_start")
    tap(at, "kiosk_opt_age_band_11_to_15")
    assert at.header[0].value == "Is the clinic in a good place for you?"
    assert recorded_language(at.query_params["r"]) == "en-easy"
