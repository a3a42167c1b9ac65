"""Surveys, for admins: versions, a preview as a child sees it, editing, uploading a file.

Saving adds a new version: past responses keep the wording they answered.
"""
import streamlit as st

from surveys import SurveyFileError
from surveys.schema import pick
from voice_app.kiosk_words import LANGUAGE_NAMES
from voice_app.services import survey_admin as service
from voice_app.services import survey_editor as editor
from voice_app.services.access import Can
from voice_app.ui import plain, require_user

user = require_user(Can.ADMINISTER)
st.title("📝 Surveys")
state = st.session_state
NEW = "➕ New survey"


def language_name(code: str) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def preview(definition, prefix: str) -> None:
    """The survey read-only, wording as a child of the chosen language and age band would see it."""
    left, right = st.columns(2)
    lang = left.selectbox("Language", definition.languages, key=f"{prefix}_lang", format_func=language_name)
    age = right.selectbox("Age band", [None, *service.age_bands(definition)], key=f"{prefix}_age",
                          format_func=lambda a: "Any age" if a is None else a)
    if lang in definition.needs_review:
        st.warning(plain(f"{language_name(lang)}: these words have not been checked by a native speaker yet. "
                         "Ask one to read them before children use them."))
    st.header(plain(pick(definition.title, lang, age)))
    if definition.intro:
        st.markdown(plain(pick(definition.intro, lang, age)))
    for n, q in enumerate(definition.questions, 1):
        with st.container(border=True):
            st.caption(plain(f"Question {n} of {len(definition.questions)} · {q.type} · id {q.id}"
                             + (" · optional" if q.optional else "")))
            st.subheader(plain(pick(q.text, lang, age)))
            if q.help:
                st.caption(plain(pick(q.help, lang, age)))
            preview_answers(q, lang, age, f"{prefix}_{n}")


def preview_answers(q, lang, age, prefix: str) -> None:
    if q.type == "text":
        st.text_area("Answer", disabled=True, placeholder="Type here…", key=f"{prefix}_text",
                     label_visibility="collapsed", help=f"Up to {q.max_length} characters")
        return
    columns = st.columns(len(q.options)) if q.type == "scale" else [st.container()] * len(q.options)
    for col, o in zip(columns, q.options):
        tick = "⬜  " if q.type == "multi" else ""
        face = f"{plain(o.emoji)}  \n" if q.type == "scale" and o.emoji else (f"{plain(o.emoji)}  " if o.emoji else "")
        col.button(f"{tick}{face}{plain(pick(o.label, lang, age))}", disabled=True, width="stretch",
                   key=f"{prefix}_{o.id}")


def save(definition, confirm_key: str, keep_editing: bool = False) -> None:
    """Save a new version; a refusal is kept for the next run, which offers to confirm removals."""
    try:
        result = service.save_survey(user, definition, confirm_removal=state.get(confirm_key, False))
    except service.SurveyChangeError as err:
        state[f"{confirm_key}_refused"] = (err.problems, err.confirmable)
    else:
        state.pop(f"{confirm_key}_refused", None)
        state["survey_saved"] = plain(f"Saved {result.key} as version {result.number}." if result.created
                                       else f"No changes: {result.key} stays at version {result.number}.")
        if keep_editing:
            state["survey_draft"] = editor.draft_from(definition)
    st.rerun()


def refusal(confirm_key: str) -> None:
    """Why the last save was refused; removals of answered ids can be confirmed."""
    problems, confirmable = state.get(f"{confirm_key}_refused", ([], False))
    for problem in problems:
        st.error(plain(f"Not saved: {problem}"))
    if confirmable:
        st.checkbox("Yes, stop asking these: past answers stay with the version they answered",
                    key=confirm_key)


if state.get("survey_saved"):
    st.success(state.pop("survey_saved"))

list_tab, edit_tab, upload_tab = st.tabs(["Surveys", "Create or edit", "Upload a file"])

with list_tab:
    summaries = service.list_surveys(user)
    st.dataframe([{"id": s.key, "title": s.title, "versions": s.versions, "latest": s.latest,
                   "updated": s.updated_at, "responses": s.responses} for s in summaries],
                 hide_index=True, width="stretch")
    if summaries:
        left, right = st.columns(2)
        key = left.selectbox("Survey", [s.key for s in summaries], key="list_survey")
        history = service.versions(user, key)
        number = right.selectbox("Version", [v.number for v in history], key=f"list_version_{key}",
                                 format_func=lambda n: f"{n}" + (" (latest)" if n == history[0].number else ""))
        st.dataframe([{"version": v.number, "created": v.created_at, "responses": v.responses}
                      for v in history], hide_index=True)
        shown = service.definition(user, key, number)
        st.download_button("Download this version as YAML", service.as_yaml(shown).encode("utf-8"),
                           file_name=f"{key}-v{number}.yaml", mime="application/x-yaml", key="list_yaml")
        with st.expander("Preview as a child sees it", expanded=True):
            preview(shown, "list_preview")


def question_fields(q: dict, n: int, count: int, locked: dict) -> editor.QuestionFields:
    """One question's editor; ids that already have answers cannot be changed here."""
    base, uid = editor.fields_of(q), q["_uid"]
    answered = base.id in locked
    with st.expander(plain(f"{n}. {base.id or 'new question'}"), expanded=not base.id):
        left, right = st.columns(2)
        qid = left.text_input("Id (never changes once answered)", base.id, key=f"sq_{uid}_id", disabled=answered)
        qtype = right.selectbox("Type", editor.TYPES, index=editor.TYPES.index(base.type),
                                key=f"sq_{uid}_type", disabled=answered)
        text = st.text_input("Wording", base.text, key=f"sq_{uid}_text")
        young = st.text_input("Wording for under-11s (optional)", base.text_under_11, key=f"sq_{uid}_young")
        help_ = st.text_input("Help text (optional)", base.help, key=f"sq_{uid}_help")
        optional = st.checkbox("Optional", base.optional, key=f"sq_{uid}_optional")
        max_length, options = base.max_length, base.options
        if qtype == "text":
            max_length = st.number_input("Longest answer (characters)", 1, 5000, base.max_length,
                                         key=f"sq_{uid}_max")
        else:
            options = st.text_area("Options, one per line: id | label | emoji | exclusive"
                                   + (" (a scale has exactly 5, worst first)" if qtype == "scale" else ""),
                                   base.options, key=f"sq_{uid}_options")
            if answered:
                st.caption(plain(f"Answered options: {', '.join(sorted(locked[base.id])) or 'none'}; keep their ids."))
        up, down, remove = st.columns(3)
        draft = state["survey_draft"]
        up.button("↑ Move up", key=f"sq_{uid}_up", disabled=n == 1, on_click=editor.move_question,
                  args=(draft, n - 1, -1))
        down.button("↓ Move down", key=f"sq_{uid}_down", disabled=n == count, on_click=editor.move_question,
                    args=(draft, n - 1, 1))
        remove.button("🗑 Remove", key=f"sq_{uid}_remove", on_click=draft["questions"].pop, args=(n - 1,))
    return editor.QuestionFields(qid, qtype, text, young, help_, optional, int(max_length), options)


with edit_tab:
    keys = [s.key for s in summaries]
    target = st.selectbox("Survey to edit", [NEW, *keys], key="edit_target")
    if target == NEW:
        with st.form("edit_new"):
            new_key = st.text_input("Survey id (lower-case, e.g. youth-club-2026; never changes)")
            new_title = st.text_input("Title children see")
            if st.form_submit_button("Start a new survey"):
                try:
                    state["survey_draft"] = editor.new_draft(user, new_key, new_title)
                except SurveyFileError as err:
                    st.error(plain(err))
    elif st.button("Load the latest version for editing", key="edit_load"):
        state["survey_draft"] = editor.draft_from(service.definition(user, target))

    draft = state.get("survey_draft")
    if draft:
        st.subheader(f"Editing {plain(draft['id'])}")
        locked = service.locked_ids(user, draft["id"])
        title = st.text_input("Title", editor.english(draft.get("title")),
                              key=f"sd_{draft['id']}_title")
        intro = st.text_area("Welcome text (optional)", editor.english(draft.get("intro")),
                             key=f"sd_{draft['id']}_intro")
        thanks = st.text_area("Thank-you text (optional)", editor.english(draft.get("thanks")),
                              key=f"sd_{draft['id']}_thanks")
        count = len(draft["questions"])
        fields = [question_fields(q, n, count, locked) for n, q in enumerate(draft["questions"], 1)]
        st.button("➕ Add a question", key="edit_add",
                  on_click=lambda: draft["questions"].append(editor.blank_question()))
        refusal("edit_confirm")
        check, store = st.columns(2)
        previewing = check.toggle("Preview", key="edit_preview")
        save_clicked = store.button("Save as a new version", type="primary", key="edit_save")
        built = None
        if previewing or save_clicked:
            try:
                built = editor.build_definition(draft, title, intro, thanks, fields)
            except SurveyFileError as err:
                st.error(plain(err))
        if built and save_clicked:
            save(built, "edit_confirm", keep_editing=True)
        if built and previewing:
            preview(built, "edit_preview")

with upload_tab:
    st.write("Upload a survey file (YAML, the same format as the built-in surveys). If its id "
             "matches a survey here, it becomes that survey's next version. Nothing is saved if "
             "the file has a problem.")
    uploaded = st.file_uploader("Survey file", type=["yaml", "yml"], key="upload_file", max_upload_size=1)
    if uploaded is not None:
        try:
            definition = service.parse_upload(uploaded.name, uploaded.getvalue())
        except SurveyFileError as err:
            st.error(plain(err))
        else:
            exists = definition.id in keys
            st.success(plain(f"{uploaded.name} is valid: {definition.id}, {len(definition.questions)} questions"
                             + (" (a new version of an existing survey)." if exists else " (a new survey).")))
            refusal("upload_confirm")
            if st.button("Save", type="primary", key="upload_save"):
                save(definition, "upload_confirm")
            with st.expander("Preview"):
                preview(definition, "upload_preview")
