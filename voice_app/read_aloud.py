"""Read-aloud on the kiosk: a big speaker button on every screen reads that screen's words with
the browser's own speech synthesis (no network, no account), in the survey's language. With
"Read everything to me" on, each new screen is read without a tap.

What is read is built here in Python (`reading`, tested directly); the browser only speaks it.
The words travel in the button's data attributes, escaped, never as markup. A browser without
speech, or without a voice for the language, shows the screen as it is: nothing breaks."""
from __future__ import annotations

import html
import re
import unicodedata

import streamlit as st
from pydantic import BaseModel


class Reading(BaseModel):
    """What one screen says aloud, and in which language (BCP-47, as the browser's voices are named)."""
    text: str
    lang: str


def speech_lang(lang: str) -> str:
    """A survey language as the browser's voices know it: Easy Read English is English."""
    return "-".join(part for part in lang.split("-") if part.lower() != "easy") or "en"


_MARKUP = re.compile(r"\*+|^\s*[-•]\s+", re.MULTILINE)  # the kiosk's own help list: stars and dashes
_END = (".", "?", "!", ":", "…", "؟", "。")


def spoken(words: str | None) -> str:
    """Words as a voice should say them: no emoji, arrows, invisible marks or list markup."""
    kept = "".join(ch for ch in _MARKUP.sub("", words or "")
                   if unicodedata.category(ch) not in ("So", "Sk", "Cf") and not "\ufe00" <= ch <= "\ufe0f")
    return " ".join(kept.split())


def reading(parts: list[str | None], lang: str) -> Reading:
    """One screen's words in the order a child sees them, each line a sentence of its own (a
    voice pauses between the question and each option)."""
    sentences = []
    for line in (line for part in parts for line in (part or "").splitlines()):
        words = spoken(line)
        if words:
            sentences.append(words if words.endswith(_END) else words + ".")
    return Reading(text=" ".join(sentences), lang=speech_lang(lang))


# Static script, no words in it: one set of listeners per page (the speaker's tap, and the light
# and tick a tapped tile shows at once), then, for this screen's button, read it if the child
# asked for every screen to be read and this screen has not been read yet. Any speech of the
# screen before stops when a new one shows.
SPEAK_JS = """
<script>
(() => {
  const here = document.currentScript && document.currentScript.parentNode;
  const voice = window.__kioskVoice || (window.__kioskVoice = (() => {
    const say = (button) => {
      const synth = window.speechSynthesis;
      if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
      try {
        synth.cancel();
        const utterance = new SpeechSynthesisUtterance(button.dataset.say || "");
        utterance.lang = button.dataset.lang || "en";
        const want = utterance.lang.toLowerCase();
        const voices = (synth.getVoices && synth.getVoices()) || [];
        const named = (v) => (v.lang || "").toLowerCase().replace("_", "-");
        const match = voices.find((v) => named(v) === want)
          || voices.find((v) => named(v).split("-")[0] === want.split("-")[0]);
        if (match) utterance.voice = match;
        utterance.rate = 0.9;
        synth.speak(utterance);
      } catch (e) { /* no voice here: the screen works without one */ }
    };
    document.addEventListener("click", (event) => {
      const button = event.target.closest && event.target.closest(".kiosk-speaker");
      if (button) say(button);
    });
    document.addEventListener("pointerdown", (event) => {
      const tile = event.target.closest && event.target.closest("[data-testid='stMain'] .stButton button");
      if (!tile || tile.disabled) return;
      tile.setAttribute("data-tapped", "");
      setTimeout(() => tile.removeAttribute("data-tapped"), 900);
    }, true);
    return {say, shown: null};
  })());
  const button = here && here.querySelector(".kiosk-speaker");
  if (!button) return;
  if (!window.speechSynthesis || typeof SpeechSynthesisUtterance === "undefined") {
    document.documentElement.classList.add("kiosk-no-speech");  // no speaker, no switch (KIOSK_CSS)
    return;
  }
  if (voice.shown === button.dataset.screen) return;
  voice.shown = button.dataset.screen;
  try { window.speechSynthesis.cancel(); } catch (e) { /* nothing was speaking */ }
  if (button.dataset.auto === "1") voice.say(button);
})();
</script>
"""


def speaker_html(read: Reading, label: str, screen: str, auto: bool) -> str:
    """The speaker button: a real button named by its words (the kiosk's own, in the child's
    language); what it reads sits in data attributes, escaped."""
    def attr(value: str) -> str:
        return html.escape(value, quote=True)

    return (f'<div class="kiosk-read"><button type="button" class="kiosk-speaker" data-say="{attr(read.text)}" '
            f'data-lang="{attr(read.lang)}" data-screen="{attr(screen)}" data-auto="{1 if auto else 0}">'
            f'<span aria-hidden="true">🔊</span> {attr(label)}</button></div>{SPEAK_JS}')


def speaker(parts: list[str | None], lang: str, label: str, screen: str, auto: bool) -> Reading:
    """The speaker button for one screen, reading `parts`; read at once when `auto` and new."""
    read = reading(parts, lang)
    st.html(speaker_html(read, label, screen, auto), unsafe_allow_javascript=True)
    return read
