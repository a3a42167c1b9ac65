"""The kiosk read aloud, as the page builds it: each screen's speaker button carries that
screen's words (question, help, every answer) in the survey's language; "Read everything to me"
reads every new screen of that child's session and is gone for the next child; the way through
says how many are left; the friend shows on the first screen and the thank-you."""
import html
import re

from streamlit.testing.v1 import AppTest

from tests.images import bomb_png, png
from tests.pages.test_kiosk_page import LINK, skip, started, tap
from tests.pages.test_pages import demo, kiosk  # noqa: F401  (the demo fixture)
from voice_app.kiosk_look import PIP, character
from voice_app.read_aloud import Reading, reading, speech_lang, spoken


def speaker(at: AppTest) -> dict[str, str]:
    """The data the speaker button of the screen carries: say, lang, auto."""
    bodies = [h.proto.body for h in at.html if 'class="kiosk-speaker"' in h.proto.body]
    assert len(bodies) == 1, "one speaker on every screen"
    return {name: html.unescape(value) for name, value in re.findall(r'data-(\w+)="([^"]*)"', bodies[0])}


def progress(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def test_the_speaker_reads_the_question_its_help_and_every_answer(demo):
    at = started()
    said = speaker(at)
    assert said["say"] == "How old are you? You can skip this one. Under 11. 11 to 15. 16 or over. I'd rather not say."
    assert said["lang"] == "en" and said["auto"] == "0"
    tap(at, "age_band", "11_to_15")
    said = speaker(at)["say"]
    assert said.startswith("How do you feel about where the clinic is? Think about getting here, like the bus")
    assert said.endswith("Very unhappy. Unhappy. Okay. Happy. Very happy. I'd rather not say.")
    assert "😞" not in said and "▶" not in said


def test_in_polish_it_reads_polish_words_with_a_polish_voice(demo):
    at = kiosk(**LINK, lang="pl")
    assert speaker(at)["lang"] == "pl"
    assert speaker(at)["say"].startswith("Opowiedz nam o CAMHS.")
    assert 'aria-hidden="true">🔊</span> Przeczytaj mi</button>' in [
        h.proto.body for h in at.html if "kiosk-speaker" in h.proto.body][0]
    at.button(key="kiosk_start").click().run()
    assert speaker(at)["say"].startswith("Ile masz lat?") and speaker(at)["lang"] == "pl"


def test_read_everything_reads_each_screen_of_this_child_only(demo):
    at = kiosk(**LINK)
    at.toggle(key="kiosk_read_switch").set_value(True).run()
    assert speaker(at)["auto"] == "1"  # the first screen is read as soon as it is switched on
    at.button(key="kiosk_start").click().run()
    assert speaker(at)["auto"] == "1"
    tap(at, "age_band", "11_to_15")
    assert speaker(at)["auto"] == "1"
    for question in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
                     "overall_satisfaction", "what_was_good", "what_could_be_better"]:
        skip(at, question)
    at.button(key="kiosk_send").click().run()
    assert speaker(at)["say"].startswith("Thank you! ") and "0800 1111" in speaker(at)["say"]
    assert speaker(at)["auto"] == "1"
    at.button(key="kiosk_next_person").click().run()
    assert speaker(at)["auto"] == "0"  # the next child starts with it off
    assert not at.toggle(key="kiosk_read_switch").value


def test_the_words_after_a_worrying_answer_are_read_only_when_tapped(demo):
    at = kiosk(**LINK)
    at.toggle(key="kiosk_read_switch").set_value(True).run()
    at.button(key="kiosk_start").click().run()
    tap(at, "age_band", "11_to_15")
    for question in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
                     "overall_satisfaction"]:
        skip(at, question)
    at.text_area(key="kiosk_text_what_was_good").set_value("my mums boyfriend hits me").run()
    at.button(key="kiosk_next_what_was_good").click().run()
    skip(at, "what_could_be_better")
    at.button(key="kiosk_send").click().run()
    assert at.title[0].value == "Thank you"
    said = speaker(at)
    assert said["auto"] == "0"  # nobody nearby hears it unless the child asks
    assert said["say"].startswith("Thank you. ") and len(said["say"]) > 100


def test_how_many_are_left_in_words_a_child_counts(demo):
    at = started()
    assert progress(at) == "9 more to go"  # this one and eight more
    tap(at, "age_band", "11_to_15")
    assert progress(at) == "8 more to go"
    for question in ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "staff_listened",
                     "overall_satisfaction", "what_was_good"]:
        skip(at, question)
    assert progress(at) == "Last one!"


def test_the_friend_is_on_the_first_screen_not_on_the_questions(demo):
    at = kiosk(**LINK)
    assert len(at.image) == 1  # Pip, decorative
    at.button(key="kiosk_start").click().run()
    assert not at.image  # not on the questions: nothing between a child and the answers


def test_what_a_voice_says_is_built_from_the_words_alone():
    assert reading(["How old are you?", None, "😀 Very happy", "Start ▶", ""], "en") == Reading(
        text="How old are you? Very happy. Start.", lang="en")
    assert reading(["**Childline**: call **0800 1111**\n- Shout: text **SHOUT**"], "en").text == (
        "Childline: call 0800 1111. Shout: text SHOUT.")
    assert spoken("\u20660800 1111\u2069 ✉️") == "0800 1111"  # Arabic's invisible marks and emoji go
    assert spoken("ضَع") == "ضَع"  # Arabic vowel marks stay


def test_the_voice_is_chosen_by_the_surveys_language():
    assert speech_lang("en-easy") == "en"
    assert speech_lang("pl") == "pl"
    assert speech_lang("pt-BR") == "pt-BR"


def test_an_organisation_puts_its_own_friend_in_place_of_pip(tmp_path):
    ours = tmp_path / "our-friend.png"
    ours.write_bytes(png(120, 120))
    assert character(ours) == ours
    assert character(None) == PIP


def test_a_file_that_is_no_picture_we_take_leaves_pip(tmp_path):
    for name, data in [("notes.png", b"not a picture"), ("huge.png", bomb_png(3000, 3000))]:
        (tmp_path / name).write_bytes(data)
        assert character(tmp_path / name) == PIP
    assert character(tmp_path / "missing.png") == PIP
