"""What a person sees of a Streamlit markdown element: its source rendered as GitHub-flavoured
markdown (cmark-gfm, GitHub's own parser, with its autolinks), raw HTML let through so that any
that slipped past the page shows up here."""
import html
import re

import cmarkgfm
from cmarkgfm.cmark import Options

WORD_JOINER = "\u2060"  # what voice_app.ui.plain puts after ":" and "@": invisible


def rendered(source: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(source, options=Options.CMARK_OPT_UNSAFE)


def shown(source: str) -> str:
    """The words on the screen: tags gone, entities read, word joiners (invisible) dropped."""
    text = html.unescape(re.sub(r"<[^>]*>", "", rendered(source)))
    return re.sub(r"\s+", " ", text.replace(WORD_JOINER, "")).strip()


def markup_in(source: str) -> list[str]:
    """Tags that carry something other than text: pictures, links, raw HTML, emphasis, code."""
    return re.findall(r"<(?:img|a|script|iframe|strong|em|del|code|h\d|ul|ol|blockquote|table)\b[^>]*>",
                      rendered(source))
