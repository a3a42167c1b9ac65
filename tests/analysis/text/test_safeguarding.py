import csv

import pytest

from analysis.text.evaluate import evaluate_safeguarding_set
from analysis.text.safeguarding import CATEGORIES, screen

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
