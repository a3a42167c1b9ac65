"""voice_app.ui.plain: any text (without control characters: staff text never has them) put into a markdown element reads as the same characters, with no
markup at all (rendered as GitHub-flavoured markdown, GitHub's own parser and autolinks)."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.markdown_text import markup_in, rendered, shown
from voice_app.ui import plain

# Pieces of markdown, HTML and addresses, strung together at random.
MARKDOWNISH = st.lists(st.sampled_from(list("ab1 .:@/\\`*_{}[]()#+-!|<>~$&=;\"'\n\t")
                                       + ["www.", "http://", "&amp;", "1. ", "    ", "![", "](", "<img "]),
                       max_size=40).map("".join)


def same_words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=400, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)))
def test_any_text_reads_as_itself_with_no_markup(text):
    source = plain(text)
    assert markup_in(source) == [], rendered(source)
    assert shown(source) == same_words(text)


def test_the_attacks_of_the_issue():
    for text in ["![x](http://evil/t.png)", "<img src=http://evil/x>", "**bold**", "[link](javascript:alert(1))",
                 "www.evil.example", "a@evil.example", "https://evil.example/x", ":red[red] :smile:",
                 "# heading", "1. list", "> quote", "| a | b |\n|---|---|", "$x^2$", "a -> b"]:
        source = plain(text)
        assert "<img" not in rendered(source) and "<a " not in rendered(source), text
        assert shown(source) == same_words(text)
