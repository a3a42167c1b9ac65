"""Pure text analysis for voice_app: themes, sentiment, safeguarding screen, redaction.

No Streamlit, no database: callers pass text in and get plain values back.
"""
from .codebook import Codebook, CodebookError, Theme
from .coder import Coding, code_comment, code_frame, code_many
from .redact import redact
from .safeguarding import ScreenResult, screen, screen_many, screen_result
from .sentiment import sentiment

__all__ = ["Codebook", "CodebookError", "Theme", "Coding", "code_comment", "code_frame", "code_many",
           "redact", "screen", "screen_result", "screen_many", "ScreenResult", "sentiment"]
