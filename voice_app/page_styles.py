"""The pages' static styles and the kiosk's draft-keeping script: constants only, and no user
text is ever put into them."""

# Static CSS only: no user text is ever put into HTML.
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], footer { display: none !important; }
.block-container { padding-top: 1.5rem; max-width: 900px; }
.stButton button { min-height: 4.5rem; font-size: 1.35rem; border-radius: 1rem; }
.stButton button p { font-size: 1.35rem; }
[data-testid="stTextArea"] textarea { font-size: 1.3rem; min-height: 10rem; }
h1, h2, h3 { line-height: 1.3; }
.stButton button div, .stButton button p { white-space: normal; overflow: visible; }
/* Emoji faces: the first line of a scale button is the face, drawn large. */
.st-key-kiosk_scale .stButton button { min-height: 9rem !important; }
.st-key-kiosk_scale .stButton button p { display: block; }
.st-key-kiosk_scale .stButton button p::first-line { font-size: 3.2rem; line-height: 1.5; }
/* No keyboard hints under the text box ("Press Ctrl+Enter to apply"): children tap Next. */
[data-testid="InputInstructions"] { display: none !important; }
/* Help lines and where to get help: reading size, in the text colour (never small light grey). */
.st-key-kiosk_help [data-testid="stText"], .st-key-kiosk_help [data-testid="stText"] *,
.st-key-kiosk_help p, .st-key-kiosk_help li {
  font-family: inherit; font-size: 1.35rem !important; line-height: 1.5; white-space: pre-wrap;
  color: inherit !important; opacity: 1 !important; }
/* The words for a child who has just told us: plain text (never markdown), at reading size. */
.st-key-kiosk_concern [data-testid="stText"], .st-key-kiosk_concern [data-testid="stText"] * {
  font-family: inherit; font-size: 1.35rem; line-height: 1.5; white-space: pre-wrap; }
/* Made for children: warm, rounded tiles that press in (the palette is in .streamlit/config.toml;
   every colour here keeps 4.5:1 for its words, checked by axe in the e2e tests). */
[data-testid="stMain"] .stButton button {
  border-radius: 1.4rem; border: 2px solid #e9b98c; box-shadow: 0 4px 0 #e9b98c; position: relative; }
[data-testid="stMain"] .stButton button[kind="secondary"] { background: #ffffff; color: #161412; }
[data-testid="stMain"] .stButton button[kind="primary"] { border-color: #8f3314; box-shadow: 0 4px 0 #8f3314; }
[data-testid="stMain"] .stButton button:disabled { box-shadow: none; }
/* A tap shows at once: the tile lights up, presses in and a tick shows, before the next screen
   (no transition: nothing of the kiosk's moves by itself, calm for a child who finds motion hard,
   and no frames to draw on a cheap tablet). */
[data-testid="stMain"] .stButton button:not(:disabled):active,
[data-testid="stMain"] .stButton button[data-tapped] {
  transform: translateY(3px); box-shadow: 0 1px 0 #e9b98c; }
[data-testid="stMain"] .stButton button[kind="secondary"][data-tapped] {
  background: #ffe2bd; border-color: #b4411b; }
[data-testid="stMain"] .stButton button[data-tapped]::after {
  content: "✓"; position: absolute; top: -0.7rem; right: -0.5rem; width: 2.2rem; height: 2.2rem;
  line-height: 2.2rem; border-radius: 50%; background: #1f7a3a; color: #ffffff;
  font-size: 1.4rem; font-weight: 700; text-align: center; }
/* The way through: a thick, rounded path, and how many are left in words. */
[data-testid="stProgress"] p { font-size: 1.25rem; font-weight: 600; }
[data-testid="stProgress"] [role="progressbar"] > div,
[data-testid="stProgress"] [data-testid="stProgressBarTrack"] { height: 0.9rem; border-radius: 0.45rem; }
/* The speaker: a big round-ended button, its words beside the loudspeaker. */
.kiosk-speaker {
  min-height: 3.5rem; min-width: 3.5rem; padding: 0.4rem 1.4rem; border-radius: 999px;
  font: inherit; font-size: 1.3rem; font-weight: 600; color: #7a2e10; background: #ffffff;
  border: 2px solid #b4411b; box-shadow: 0 3px 0 #e9b98c; cursor: pointer; }
.kiosk-speaker span { font-size: 1.6rem; vertical-align: -0.15rem; }
.kiosk-speaker:active { transform: translateY(2px); box-shadow: none; background: #ffe2bd; }
.kiosk-speaker:focus-visible { outline: 3px solid #161412; outline-offset: 3px; }
.kiosk-no-speech .kiosk-speaker, .kiosk-no-speech .st-key-kiosk_read_switch { display: none; }
/* The switch: its words and its track are one big target (the whole label toggles it). */
.st-key-kiosk_read_switch label { min-height: 3.5rem; align-items: center; }
.st-key-kiosk_read_switch label > div:not([data-testid]) { transform: scale(1.5); margin-inline: 0.5rem 1rem; }
.st-key-kiosk_read_switch label p { font-size: 1.3rem; }
/* The friend: small and centred, standing still. */
.st-key-kiosk_friend, .st-key-kiosk_friend_thanks { align-items: center; }
.st-key-kiosk_friend img, .st-key-kiosk_friend_thanks img { max-height: 150px; width: auto; }
/* A phone: the faces stand in a column, so each is a lower tile, the face beside its word. */
@media (max-width: 640px) {
  .st-key-kiosk_friend img, .st-key-kiosk_friend_thanks img { max-height: 100px; }
  h1 { font-size: 2rem !important; }
  h3 { font-size: 1.4rem !important; }
  .st-key-kiosk_scale .stButton button { min-height: 4.5rem !important; }
  .st-key-kiosk_scale .stButton button p::first-line { font-size: 2.2rem; line-height: 1.3; }
}
</style>
"""

# "How old are you?": big picture buttons, the picture (the first line) drawn large.
KIOSK_AGES_CSS = """
<style>
.st-key-kiosk_ages .stButton button { min-height: 10rem; }
.st-key-kiosk_ages .stButton button p { display: block; }
.st-key-kiosk_ages .stButton button p::first-line { font-size: 4rem; line-height: 1.4; }
</style>
"""

# A right-to-left language (Arabic): the whole kiosk reads from the right, the text box too, and
# the faces run from the right. Static CSS, shown only on the screens of such a language.
KIOSK_RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stMain"] textarea { direction: rtl; text-align: right; }
/* Streamlit sets left on each element; buttons keep their own centre. */
[data-testid="stMain"] [data-testid="stElementContainer"] { text-align: right; }
[data-testid="stMain"] [data-testid="stProgressBarTrack"] { transform: scaleX(-1); }  /* fills from the right */
</style>
"""

# Typed words reach the server only when the box is left (or Ctrl+Enter): a child who types and
# walks away would lose them. After a pause in typing, commit the box the way Ctrl+Enter does,
# without taking the keyboard away, so the draft is saved as they go. Static script, no user text.
KIOSK_DRAFT_JS = """
<script>
(() => {
  if (window.__kioskDrafts) return;
  window.__kioskDrafts = true;
  let timer = null;
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement)) return;
    clearTimeout(timer);
    timer = setTimeout(() => box.dispatchEvent(new KeyboardEvent("keydown",
      {key: "Enter", code: "Enter", ctrlKey: true, bubbles: true, cancelable: true})), 2000);
  }, true);
})();
</script>
"""


# Staff pages: people's words in any language read in their own direction. A paragraph that is
# mostly Arabic or Hebrew runs right to left, with its punctuation where its writer put it.
STAFF_CSS = """
<style>
[data-testid="stText"], [data-testid="stText"] *, [data-testid="stMarkdownContainer"] p,
[data-testid="stTextArea"] textarea, [data-testid="stTextInput"] input {
  unicode-bidi: plaintext; text-align: start; }
/* A date's day, month and year are each a target of their own: at least 24 px (WCAG 2.5.8). */
[data-testid="stDateInput"] [role="spinbutton"] {
  display: inline-block; min-width: 24px; min-height: 24px; text-align: center; }
</style>
"""
