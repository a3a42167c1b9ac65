"""Text from staff is text. Markdown and HTML typed into every name and wording an admin, a worker
or a lead can set (and into a survey file's every wording) shows on every page as the very
characters typed: no picture loads, no link, no HTML, no bold. Checked on every element of every
page, staff and public, with the markdown rendered as GitHub-flavoured markdown; and in the
poster and the reports."""
import io
import re
import time
import zipfile
from datetime import date

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from surveys import parse_survey
from tests.conftest import demo_database
from tests.markdown_text import markup_in, rendered, shown
from voice_app.services import accounts, organisations, organisations_admin, poster, safeguarding, survey_admin
from voice_app.services.annual_report import documents
from voice_app.services.demo import DISCLOSURES
from voice_app.services.you_said import items, notices
from voice_app.store import queries
from voice_app.store.db import session_scope

APP = "../../streamlit_app.py"


def nasty(tag: str) -> str:
    """Markdown and HTML of every kind that could fetch, link or format, after a tag naming the field."""
    return (f"{tag} **b** ![x](http://e.vil/{tag}.png) <img src=http://e.vil/x> "
            "[l](javascript:alert(1)) www.e.vil a@e.vil")


ORG, SITE, ROUND, USER = nasty("ORG"), nasty("SITE"), nasty("ROUND"), nasty("USER")
TITLE, INTRO, THANKS, QUESTION, HELP, OPTION, EMOJI = (nasty(t) for t in (
    "TITLE", "INTRO", "THANKS", "QUESTION", "HELP", "OPTION", "EMOJI"))
CONCERN = {key: nasty(key.upper()) for key in ("message", "help", "talk_button", "talk_done")}
SAID, DID, OWNER, EVIDENCE, FIGURE = (nasty(t) for t in ("SAID", "DID", "OWNER", "EVIDENCE", "FIGURE"))
CLOSED_ACTION = nasty("ACTION")
EVERY = [ORG, SITE, ROUND, USER, TITLE, INTRO, THANKS, QUESTION, HELP, OPTION, EMOJI, *CONCERN.values(),
         SAID, DID, OWNER, EVIDENCE, FIGURE, CLOSED_ACTION]
TAGS = re.compile(r"\b(ORG|SITE|ROUND|USER|TITLE|INTRO|THANKS|QUESTION|HELP|OPTION|EMOJI|MESSAGE|TALK_BUTTON|"
                  r"TALK_DONE|SAID|DID|OWNER|EVIDENCE|FIGURE|ACTION) \*\*b")


def nasty_survey(definition) -> dict:
    """The same survey (same ids: its answers stay), every wording replaced."""
    data = definition.model_dump(mode="json", exclude_none=True)
    data.update(title=TITLE, intro=INTRO, thanks=THANKS, after_concern=CONCERN)
    for q in data["questions"]:
        q["text"], q["help"] = QUESTION, HELP
        for n, o in enumerate(q["options"]):
            o["label"] = OPTION
            o["emoji"] = EMOJI if n == 0 else o.get("emoji")
            o.pop("image", None)
    return data


@pytest.fixture(scope="module")
def staff_text(tmp_path_factory):
    with demo_database(tmp_path_factory, "plain"):
        yield staff_everywhere()


def staff_everywhere() -> dict:
    """Markdown and HTML in every name and wording staff can set; the users of each role."""
    from voice_app.services.surveys import get_definition

    admin = accounts.create_user(USER, "a long test password", "admin")
    worker = accounts.create_user("worker-p", "a long test password", "worker", ["riverside-camhs"])
    lead = accounts.create_user("lead-p", "a long test password", "safeguarding_lead", ["riverside-camhs"])
    board = accounts.create_user("board-p", "a long test password", "board", ["riverside-camhs"])
    with session_scope() as session:
        org = queries.organisation_by_slug(session, "riverside-camhs")
        site = queries.site_by_slug(session, "riverside-waiting-room")
        org_id, site_id = org.id, site.id
    organisations_admin.save_organisation(admin, ORG, "riverside-camhs", ORG, org_id)
    organisations_admin.save_site(admin, "riverside-camhs", SITE, "riverside-waiting-room", site_id)
    autumn = next(r for r in organisations.list_rounds("camhs-wellbeing") if r.name == "Autumn 2026")
    organisations_admin.save_round(admin, "camhs-wellbeing", ROUND, autumn.invited, autumn.opens_on, autumn.closes_on,
                                   autumn.id)
    survey_admin.save_survey(admin, parse_survey(nasty_survey(get_definition("camhs-wellbeing"))))
    item = items.create(worker, org_id, SAID, survey_key="camhs-wellbeing", round_name=ROUND,
                        source_figure=FIGURE, site_id=site_id)
    items.update(worker, item, status="done", we_did=DID, owner_role=OWNER, evidence_text=EVIDENCE)
    items.publish(worker, item)
    flag = int(safeguarding.queue(lead)["id"].iloc[0])
    safeguarding.close(lead, flag, CLOSED_ACTION, next(iter(safeguarding.OUTCOMES)), CLOSED_ACTION)
    return {"admin": admin, "worker": worker, "lead": lead, "board": board}


def page(name: str, user=None, **params) -> AppTest:
    """The page opened in the app (its menu and links work), signed in as `user`."""
    at = AppTest.from_file(APP, default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
        at.session_state["last_seen"] = time.time()
    for k, v in params.items():
        at.query_params[k] = v
    return at.run().switch_page(f"voice_app/pages/{name}.py").run()


# Fields Streamlit shows as plain text (never markdown): st.text, inputs, the choices of a
# selectbox or multiselect, a chart's data, an address. Every other string is markdown.
PLAIN = {("text", "body"), ("code", "body")} | {
    (kind, field) for kind in ("selectbox", "multiselect")
    for field in ("options", "default", "raw_values", "placeholder", "value")} | {
    (kind, field) for kind in ("text_input", "text_area", "number_input", "date_input")
    for field in ("default", "value", "placeholder")}
NOT_SHOWN = {"id", "form_id", "key", "url", "page", "css_class", "icon", "mime_type", "file_name", "widget_id"}
# A chart draws its words as SVG text (and escapes its tooltips): no markdown there.
CHART = {"spec", "datasets", "data"}


def strings(message, path=()):
    """(field, text) of every string in a protobuf message, nested ones too."""
    if isinstance(message, dict):
        for key, value in message.items():
            yield from strings(value, (*path, key))
    elif isinstance(message, list):
        for value in message:
            yield from strings(value, path)
    elif isinstance(message, str) and path:
        yield path[-1], message


def looked_at(at: AppTest, where: str) -> str:
    """Every element checked; returns all the words a person sees on the page, for `in` tests."""
    assert not at.exception, f"{where}: {at.exception}"
    seen = []
    for node in at._tree:
        if getattr(node, "proto", None) is None:
            continue
        kind = node.type
        for field, text in strings(MessageToDict(node.proto, preserving_proto_field_name=True)):
            if field in CHART:
                continue
            if field in NOT_SHOWN or kind == "html":
                assert not TAGS.search(text), f"{where}: staff text in {kind}.{field}"
                continue
            if (kind, field) in PLAIN:
                seen.append(re.sub(r"\s+", " ", text))
                continue
            if not TAGS.search(text) and "e.vil" not in text:
                seen.append(shown(text))
                continue
            # Staff text in a markdown element: it must render as its own characters.
            found = markup_in(text)
            assert not [t for t in found if "e.vil" in t or "javascript" in t or t.startswith(("<img", "<a"))], \
                f"{where}: {kind}.{field} renders markup from staff text: {found} in {rendered(text)}"
            assert "<strong>b</strong>" not in rendered(text), f"{where}: {kind}.{field} makes staff text bold"
            seen.append(shown(text))
    return "\n".join(seen)


def assert_shows(words: str, where: str, *texts: str) -> None:
    for text in texts:
        assert text in words, f"{where}: {text[:12]}… not shown literally"


def test_the_kiosk_shows_every_wording_as_typed(staff_text):
    link = {"survey": "camhs-wellbeing", "site": "riverside-waiting-room"}
    at = page("kiosk", **link)
    assert_shows(looked_at(at, "kiosk welcome"), "kiosk welcome", TITLE, INTRO, SITE)
    at.button[0].click().run()
    first = looked_at(at, "kiosk question")
    assert_shows(first, "kiosk question", QUESTION, HELP, OPTION, EMOJI)
    # Through the survey: the first option, or the words of a child who needs a grown-up.
    for _ in range(20):
        if at.text_area:
            at.text_area[0].set_value(DISCLOSURES[0])
            [b for b in at.button if b.key and b.key.startswith("kiosk_next_")][0].click().run()
        elif [b for b in at.button if b.key and b.key.startswith("kiosk_opt_")]:
            [b for b in at.button if b.key and b.key.startswith("kiosk_opt_")][0].click().run()
        elif [b for b in at.button if b.key == "kiosk_send"]:
            at.button(key="kiosk_send").click().run()
            break
        looked_at(at, "kiosk question")
    concern = looked_at(at, "kiosk after a worrying answer")
    assert_shows(concern, "kiosk after a worrying answer", CONCERN["message"], CONCERN["help"],
                 CONCERN["talk_button"])
    at.button(key="kiosk_talk").click().run()
    assert_shows(looked_at(at, "kiosk after asking to talk"), "kiosk", CONCERN["talk_done"])

    at = page("kiosk", **link)  # the next child: "I'd rather not say" to everything
    at.button[0].click().run()
    for _ in range(20):
        skip = [b for b in at.button if b.key and b.key.startswith("kiosk_skip_")]
        own = [b for b in at.button if b.key and b.key.startswith("kiosk_opt_")]
        if skip or own:
            (skip or own[-1:])[0].click().run()
        else:
            at.button(key="kiosk_send").click().run()
            break
    assert_shows(looked_at(at, "kiosk thank-you"), "kiosk thank-you", THANKS)


def test_the_public_page_shows_every_words_as_typed(staff_text):
    words = looked_at(page("public_you_said", org="riverside-camhs"), "public page")
    assert_shows(words, "public page", ORG, SAID, DID, OWNER, EVIDENCE)
    words = looked_at(page("public_you_said", site="riverside-waiting-room"), "public page of a site")
    assert_shows(words, "public page of a site", SITE, SAID)


STAFF_PAGES = [
    ("home", "admin", [USER]),
    ("results", "admin", [TITLE, ROUND, SITE]),
    ("results", "board", [TITLE, ROUND]),
    ("comments", "worker", [TITLE, SITE]),
    ("safeguarding", "lead", []),
    ("you_said", "worker", [ORG, SAID, DID, OWNER, EVIDENCE, FIGURE, SITE]),
    ("board", "board", [ORG, TITLE, ROUND]),
    ("annual_report", "board", []),
    ("surveys_admin", "admin", []),
    ("organisations_admin", "admin", [ORG, SITE, TITLE]),
    ("users_admin", "admin", [USER, ORG]),
    ("kiosk_links", "admin", [TITLE, SITE]),
    ("audit_log", "admin", []),
]


@pytest.mark.parametrize("name,role,expected", STAFF_PAGES, ids=[f"{n}-{r}" for n, r, _ in STAFF_PAGES])
def test_staff_pages_show_every_name_as_typed(staff_text, name, role, expected):
    at = page(name, staff_text[role])
    assert_shows(looked_at(at, name), name, *expected)


def test_names_deeper_in_the_pages_show_as_typed(staff_text):
    admin, lead = staff_text["admin"], staff_text["lead"]
    at = page("results", admin)
    at.selectbox[3].set_value("Spring 2026").run()  # compare: "Change since <round>"
    assert_shows(looked_at(at, "results compared"), "results compared", ROUND)
    at = page("organisations_admin", admin)
    at.selectbox(key="rounds_survey").set_value("camhs-wellbeing").run()
    at.selectbox(key="rounds_pick").set_value(
        next(r.id for r in organisations.list_rounds("camhs-wellbeing") if r.name == ROUND)).run()
    assert_shows(looked_at(at, "a round's invited numbers"), "a round's invited numbers", ROUND, SITE, ORG)
    at = page("safeguarding", lead)
    at.button_group[0].set_value("Closed").run()
    assert_shows(looked_at(at, "closed flags"), "closed flags", CLOSED_ACTION, SITE)
    at = page("surveys_admin", admin)
    at.selectbox(key="list_survey").set_value("camhs-wellbeing").run()
    assert_shows(looked_at(at, "survey preview"), "survey preview", TITLE, INTRO, QUESTION, HELP, OPTION, EMOJI)
    at.selectbox(key="edit_target").set_value("camhs-wellbeing").run()
    at.button(key="edit_load").click().run()
    at.toggle(key="edit_preview").set_value(True).run()
    assert_shows(looked_at(at, "survey editor"), "survey editor", TITLE, QUESTION)
    at = page("users_admin", admin)
    at.session_state["users_handover"] = (USER, "a password")
    at.run()
    assert_shows(looked_at(at, "password handover"), "password handover", USER)


def test_poster_and_reports_carry_no_link_or_markup_from_staff_text(staff_text):
    from lxml import html as lxml_html

    board, worker = staff_text["board"], staff_text["worker"]
    report = documents.export(board, date(2026, 1, 1), date(2026, 12, 31), "html")
    tree = lxml_html.fromstring(report)
    assert not tree.xpath("//a | //script | //iframe")
    assert all(src.startswith("data:image/png;base64,") for src in tree.xpath("//img/@src"))
    text = tree.text_content()
    for words in (ORG, TITLE, ROUND, SAID):
        assert words in text, f"{words[:12]}… not in the HTML report as typed"
    docx = documents.export(board, date(2026, 1, 1), date(2026, 12, 31), "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
        document = z.read("word/document.xml").decode()
    assert "e.vil" not in rels and "hyperlink" not in document
    assert "ORG **b** ![x](http://e.vil/ORG.png) &lt;img src=http://e.vil/x&gt;" in document
    pdf = documents.export(board, date(2026, 1, 1), date(2026, 12, 31), "pdf")
    assert b"/URI" not in pdf and b"e.vil" not in pdf.split(b"stream")[0]
    with session_scope() as session:
        site_id = queries.site_by_slug(session, "riverside-waiting-room").id
    notice = notices.site_notice(worker, site_id)
    link = notices.notice_link(notice)
    assert b"/URI" not in poster.poster_pdf(notice, "A4", link).replace(link.encode(), b"")
    assert poster.poster_png(notice, "A4", link).startswith(b"\x89PNG")
