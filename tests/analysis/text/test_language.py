"""Which comments the English codebook can read: the rest go to a person to code, never
silently "neutral, no themes"."""
from analysis.text.language import codebook_can_read, right_to_left

ARABIC = "غرفة الانتظار مملة جدا والموظفون لطيفون"


def test_a_comment_in_arabic_is_not_for_the_english_codebook():
    assert not codebook_can_read(ARABIC)
    assert not codebook_can_read("Самая скучная комната")  # nor one in Cyrillic


def test_english_and_wordless_comments_are():
    assert codebook_can_read("the staff were kind")
    assert codebook_can_read("café was naïve but ok")  # accents are Latin letters
    assert codebook_can_read("the staff said شكرا and were kind")  # mostly English
    assert codebook_can_read("😀 10/10") and codebook_can_read("")


def test_right_to_left_is_told_from_the_letters():
    assert right_to_left(ARABIC) and right_to_left("שלום לכולם")
    assert not right_to_left("the staff were kind") and not right_to_left("123")
