import csv

import pytest

from analysis.text.evaluate import evaluate_safeguarding_set
from analysis.text.safeguarding import (CHECK, CONCERN, NOT_FLAGGED, UNREAD, ScreenResult, rules, screen, screen_many,
                                        screen_result)
from analysis.text.safeguarding_rules import CATEGORIES
from analysis.text.screen_model import shipped_model

from pathlib import Path

SAFEGUARDING_SET = Path(__file__).resolve().parents[2] / "data" / "safeguarding_set.csv"

DISCLOSURES = [
    ("kms", "self-harm or suicidal thoughts"),
    ("i wanna die", "self-harm or suicidal thoughts"),
    ("I want to kill myself", "self-harm or suicidal thoughts"),
    ("he hurts me", "physical abuse"),
    ("mum's boyfriend hits me", "physical abuse"),
    ("i dont feel safe at home", "not feeling safe"),
    ("I don’t feel safe at home", "not feeling safe"),
    ("someone touched me", "sexual abuse"),
    ("older boys give me money to carry stuff", "exploitation"),
    ("my dad hits my mum", "domestic abuse"),
    ("there's never any food at home", "neglect"),
    ("they said they'll stab me after school", "bullying/threats"),
    ("been self harming again", "self-harm or suicidal thoughts"),
    ("Sometimes I think about suicide", "self-harm or suicidal thoughts"),
]
EVERYDAY = [
    "killing it at football", "I killed it at football", "this waiting room is sick",
    "I'd die for a better snack machine", "the wait was killing me", "dead good",
    "the game was a massacre", "my brother always beats me at FIFA", "the injection hurt a bit",
    "i feel safe here", "nobody made me feel unsafe", "my mum will kill me if i'm late",
    "we learnt about county lines in school", "the nurse touched my arm when i cried",
    "I'm dying to come back", "my phone died in the video call", "they asked about self harm and i said no",
    "", "   ",
]


NEAR_A_LESSON = [  # a lesson or a session nearby, but the child is telling, not describing a lesson
    ("i self harm every day", "self-harm or suicidal thoughts"),
    ("i got bullied day after day", "bullying/threats"),
    ("after the lesson he hit me", "physical abuse"),
    ("in my session i told them i self harm", "self-harm or suicidal thoughts"),
    ("took the blade out of my pencil sharpener again", "self-harm or suicidal thoughts"),
]
TOPIC_NOT_TELLING = [
    "anti bullying week was fun", "the bullying workshop was good", "the suicide prevention assembly was good",
    "can we have more sessions about self harm", "our group made posters about county lines",
    "the e-safety session said never send pics to people you dont know",
    "the pencil sharpener blade keeps falling out", "my dad is going to kill me if i miss the bus lol",
    "got hit in the face with a netball", "a zombie attacked me in the game", "free drinks please",
]


@pytest.mark.parametrize("text,category", NEAR_A_LESSON)
def test_rules_still_hear_a_disclosure_near_a_lesson_word(text, category):
    assert rules(text) == (True, category)


@pytest.mark.parametrize("text", TOPIC_NOT_TELLING)
def test_rules_do_not_fire_on_a_topic_a_game_or_a_joke(text):
    assert rules(text) == (False, None)


@pytest.mark.parametrize("text,category", DISCLOSURES)
def test_disclosures_are_flagged(text, category):
    assert screen(text) == (True, category)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_phrases_are_not_flagged(text):
    assert screen(text) == (False, None)


def test_labelled_set_shape():
    rows = list(csv.DictReader(open(SAFEGUARDING_SET, encoding="utf-8")))
    assert len(rows) >= 300
    assert {r["concern"] for r in rows} == {"0", "1"}
    assert {r["category"] for r in rows if r["concern"] == "1"} <= set(CATEGORIES)
    assert sum(r["concern"] == "0" for r in rows) > sum(r["concern"] == "1" for r in rows)


def test_labelled_set_thresholds():
    result = evaluate_safeguarding_set(SAFEGUARDING_SET)
    assert result["tuning"]["recall"] == 1.0
    assert result["all"]["recall"] >= 0.95
    assert result["all"]["false_alarm_rate"] <= 0.05
    assert result["held_out"]["false_alarm_rate"] <= 0.05


def test_not_feeling_safe_at_home_is_named_as_such_even_with_drink_mentioned():
    from analysis.text import screen

    assert screen("sometimes i dont feel safe at home when my step dad is drunk") == (True, "not feeling safe")


# --- the whole screen: rules and the learned model ----------------------------------------
# Written for these tests in the ways children put things; none of this wording is in the
# development set. Each line is one kind the issue names.
UNSEEN_DISCLOSURES = [
    ("sexual_abuse_indirect", "when i stay at my uncles he comes in the bathroom when im in the bath and wont go out"),
    ("sexual_exploitation", "this older guy buys me stuff and now he says i have to do favours for his mates"),
    ("online_grooming", "a man i met on roblox says hes 15 but he sounds old and he wants me to delete our chats"),
    ("criminal_exploitation", "they gave me a phone and now i have to take bags to places or they say i owe them"),
    ("overdose", "i took a whole box of paracetamol on sunday and didnt tell anyone"),
    ("suicidal_thoughts", "everyone would be happier if i wasnt around tbh"),
    ("domestic_abuse_witnessed", "i put my music on loud at night so i cant hear dad shouting at mum and things breaking"),
    ("running_away", "i slept at the bus station last night cos i couldnt go home"),
    ("neglect_parent_substance", "mum is passed out on the sofa with bottles again and theres nothing for tea"),
    ("food_withheld", "if i do something wrong i dont get any tea for the whole day"),
]
UNSEEN_TEXTS = [(case.values if hasattr(case, "values") else case)[1] for case in UNSEEN_DISCLOSURES]
LOOK_ALIKES = [
    ("technology", "my tablet keeps dying and the app crashed twice"),
    ("technology", "the wifi is dead slow in the waiting room"),
    ("better_now", "i used to feel really low but im loads better now since seeing my worker"),
    ("session_about_topic", "we had a session about staying safe online and it was really good"),
    ("session_about_topic", "the self harm awareness session was useful"),
    ("sport_and_play", "got kicked in the shin at football but it was an accident"),
]


@pytest.mark.parametrize("kind,text", UNSEEN_DISCLOSURES)
def test_new_wordings_of_each_kind_are_flagged_with_a_reason(kind, text):
    result = screen_result(text)
    assert result.flagged, kind
    assert result.level in (CONCERN, CHECK) and result.reason in CATEGORIES


@pytest.mark.parametrize("kind,text", LOOK_ALIKES)
def test_look_alikes_are_not_flagged(kind, text):
    assert screen_result(text) == ScreenResult(False, None, None, None, screen_result(text).probability), kind


def test_a_rule_match_is_a_concern_from_the_rules():
    result = screen_result("my dad hits me")
    assert (result.flagged, result.level, result.reason, result.source) == (True, CONCERN, "physical abuse", "rules")


def test_model_levels_follow_its_two_thresholds():
    model = shipped_model()
    assert 0 < model.check_threshold <= model.concern_threshold < 1
    assert model.level(model.concern_threshold) == CONCERN
    assert model.level(model.check_threshold) == CHECK
    assert model.level((model.check_threshold + model.concern_threshold) / 2) in (CHECK, CONCERN)
    assert model.level(model.check_threshold - 1e-6) is None
    assert set(model.categories) == set(CATEGORIES)


def test_model_flags_carry_the_level_its_probability_gives():
    model = shipped_model()
    texts = UNSEEN_TEXTS + [text for _kind, text in LOOK_ALIKES]
    for result in screen_many(texts):
        if result.source == "model":
            assert result.level == model.level(result.probability) and result.reason in CATEGORIES
        elif result.source is None:
            assert result.probability < model.check_threshold and result.level is None


def test_a_batch_screens_as_texts_one_by_one():
    texts = UNSEEN_TEXTS + [text for _kind, text in LOOK_ALIKES] + ["kms", "", None, float("nan"), "kms", "  "]
    assert screen_many(texts) == [screen_result(t) if isinstance(t, str) else NOT_FLAGGED for t in texts]
    assert [screen(t) for t in ("", "   ")] == [(False, None), (False, None)]


@pytest.mark.parametrize("text", [
    "غرفة الانتظار مملة جدا",  # Arabic
    "мне страшно идти домой",  # Cyrillic
    "ড়িতে যেতে ভয় লাগে",  # Bengali
])
def test_a_comment_the_screen_cannot_read_goes_to_a_person_as_a_check(text):
    """The rules and the model read English only: words in another script could be a disclosure
    that nothing here would notice, so a person (the lead) reads them, at the lower level."""
    result = screen_result(text)
    assert (result.flagged, result.level, result.reason, result.source) == (True, CHECK, UNREAD, "language")
    assert screen_many([text, "the room was nice"])[0] == result


@pytest.mark.parametrize("text", ["10/10 😀", "👍", "my friend محمد was really kind to me", "café was nice"])
def test_english_with_a_few_other_letters_or_none_is_read_as_usual(text):
    assert screen_result(text).source != "language"
