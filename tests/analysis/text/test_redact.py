import pytest

from analysis.text.redact import redact


@pytest.mark.parametrize("text,expected", [
    ("text me on 07700 900123", "text me on [phone]"),
    ("ring +44 7700 900123 please", "ring [phone] please"),
    ("the office is 0121 496 0000", "the office is [phone]"),
    ("call (0121) 496-0000", "call [phone]"),
    ("i live in B1 1AA", "i live in [postcode]"),
    ("near SW1A 2AA", "near [postcode]"),
    ("postcode sw1a2aa", "postcode [postcode]"),
    ("email me jake.brown99@example.co.uk", "email me [email]"),
    ("i live at 12 Acacia Road", "i live at [address]"),
    ("we moved to 4b church lane last year", "we moved to [address] last year"),
    ("my name is Jake", "my name is [name]"),
    ("my name is jake", "my name is [name]"),
    ("Ms Patel was lovely", "Ms [name] was lovely"),
    ("Dr Smith listened", "Dr [name] listened"),
    ("my worker Sarah is great", "my worker [name] is great"),
    ("thank you Priya", "thank you [name]"),
    ("I go to Oakfield Primary School", "I go to [school]"),
])
def test_redaction_examples(text, expected):
    assert redact(text) == expected


def test_listed_school_names():
    assert redact("people at parkside are mean", ["Parkside"]) == "people at [school] are mean"
    assert redact("Parkside Academy is ok", ["Parkside"]) == "[school] is ok"


def test_things_that_stay():
    for text in ["ring Childline on 0800 1111", "it was 10 minutes down the road", "the doctor was kind",
                 "I waited 2 hours", "my mum came with me", "thank you CAMHS"]:
        assert redact(text) == text
    assert redact("") == ""
