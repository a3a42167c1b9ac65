"""You said… We did…: rules for items, publishing, quotes, history, the public notice and the poster."""
from datetime import date

import pytest

from voice_app.services import accounts, audit, comments, poster
from voice_app.services.demo import load_demo
from voice_app.services.you_said import drafts, item_views, items, notices
from voice_app.store import comments as comment_store
from voice_app.store.db import session_scope


@pytest.fixture
def demo(database):
    load_demo(responses_per_round=30)
    admin = accounts.create_user("admin1", "a long test password", "admin")
    worker = accounts.create_user("worker1", "a long test password", "worker", ["riverside-camhs"])
    other = accounts.create_user("worker2", "a long test password", "worker", ["hillside-youth"])
    return admin, worker, other


def approve_a_quote(admin, org_id: int, text="The fish tank is great") -> int:
    with session_scope() as session:
        df = comment_store.comment_rows(session, organisation_ids=[org_id])
    answer_id = int(df["answer_id"].iloc[0])
    comments.decide_quote(admin, answer_id, True, text)
    return answer_id


def test_a_theme_becomes_a_prefilled_item_and_then_a_published_notice(demo):
    admin, worker, _ = demo
    org = worker.organisation_ids[0]
    quote = approve_a_quote(admin, org)
    draft = drafts.draft_from_theme(worker, "camhs-wellbeing", "Autumn 2026", "environment", org)
    assert draft.you_said.startswith("You told us") and draft.source_count >= 0
    item_id = items.create(worker, org, draft.you_said, survey_key="camhs-wellbeing",
                           round_name="Autumn 2026", theme_id="environment",
                           source_count=3, quote_answer_ids=[quote])
    assert notices.public_notice("riverside-camhs").items == []  # not published yet
    with pytest.raises(items.ItemError, match="what we did"):
        items.update(worker, item_id, status="done")
    items.update(worker, item_id, status="done", we_did="We bought new games for the waiting room.")
    items.publish(worker, item_id)
    notice = notices.public_notice("riverside-camhs")
    [item] = notice.items
    assert item.we_did.startswith("We bought") and item.quotes == ["The fish tank is great"]
    assert item.source_count == "<5"  # a count the public sees is suppressed
    assert item.done_at is not None
    assert any(e == "published a you-said item" for e in audit.events(admin)["action"])
    site_notice = notices.public_notice(site_slug="riverside-waiting-room")
    assert [i.id for i in site_notice.items] == [item_id]  # organisation-wide items show at each site


def test_each_status_needs_its_answer(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    with pytest.raises(items.ItemError, match="named role and a due date"):
        items.create(worker, org, "Too hot", status="in_progress", owner_role="Clinic manager")
    with pytest.raises(items.ItemError, match="reason"):
        items.create(worker, org, "Open at night", status="not_possible")
    with pytest.raises(items.ItemError, match="status must be"):
        items.create(worker, org, "x", status="finished")
    ok = items.create(worker, org, "Too hot", status="in_progress", owner_role="Clinic manager",
                      due_on=date(2026, 12, 1), progress="A fan is ordered")
    assert item_views.get_item(worker, ok).status == "in_progress"


def test_only_approved_unflagged_quotes_reach_the_public(demo):
    admin, worker, _ = demo
    org = worker.organisation_ids[0]
    with session_scope() as session:
        df = comment_store.comment_rows(session, organisation_ids=[org])
    not_approved = int(df["answer_id"].iloc[1])
    with pytest.raises(items.ItemError, match="approved quotes"):
        items.create(worker, org, "x", quote_answer_ids=[not_approved])
    quote = approve_a_quote(admin, org)
    item_id = items.create(worker, org, "x", quote_answer_ids=[quote])
    items.publish(worker, item_id)
    assert notices.public_notice("riverside-camhs").items[0].quotes
    comments.hide(admin, quote)  # a quote hidden later drops off at once
    assert notices.public_notice("riverside-camhs").items[0].quotes == []


def test_workers_only_touch_their_own_organisation(demo):
    _, worker, other = demo
    item_id = items.create(worker, worker.organisation_ids[0], "x")
    with pytest.raises(PermissionError):
        items.update(other, item_id, you_said="changed")
    with pytest.raises(PermissionError):
        items.create(other, worker.organisation_ids[0], "x")
    assert item_views.list_items(other) == []
    board_user = accounts.create_user("board1", "a long test password", "board")
    with pytest.raises(PermissionError):
        item_views.list_items(board_user)


def test_history_keeps_every_change(demo):
    _, worker, _ = demo
    item_id = items.create(worker, worker.organisation_ids[0], "first words")
    items.update(worker, item_id, you_said="second words")
    items.update(worker, item_id, you_said="second words")  # no change, no history
    changes = [h["change"] for h in items.history(worker, item_id)]
    assert len(changes) == 2 and changes[1] == {"you_said": ["first words", "second words"]}


def test_evidence_link_and_photo_are_checked(demo):
    _, worker, _ = demo
    item_id = items.create(worker, worker.organisation_ids[0], "x")
    with pytest.raises(items.ItemError, match="http"):
        items.update(worker, item_id, evidence_link="javascript:alert(1)")
    with pytest.raises(items.ItemError, match="photo"):
        items.set_photo(worker, item_id, b"not an image")
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), "red").save(buf, format="PNG")
    items.set_photo(worker, item_id, buf.getvalue())
    stored = Image.open(io.BytesIO(items.photo(worker, item_id)))
    assert stored.format == "JPEG" and max(stored.size) <= items.MAX_PHOTO_SIDE
    with pytest.raises(PermissionError):
        items.photo(None, item_id)


def test_figure_draft_uses_the_suppressed_figure(demo):
    _, worker, _ = demo
    draft = drafts.draft_from_figure(worker, "camhs-wellbeing", "Autumn 2026", "treatment_rooms",
                                     worker.organisation_ids[0])
    assert "(n=" in draft.source_figure or "not enough" in draft.source_figure


def test_poster_png_and_pdf_with_qr(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    item_id = items.create(worker, org, "The waiting room is boring", survey_key="camhs-wellbeing",
                           status="done", we_did="We added games and books")
    items.publish(worker, item_id)
    notice = notices.public_notice(site_slug="riverside-waiting-room")
    link = notices.notice_link(notice)
    assert link.endswith("/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room")
    png = poster.poster_png(notice, "A3", link)
    assert png.startswith(b"\x89PNG")
    from PIL import Image
    import io
    assert Image.open(io.BytesIO(png)).size == (1754, 2480)
    pdf = poster.poster_pdf(notice, "A4", link)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValueError):
        poster.poster_png(notice, "A5")


def test_loop_stats_count_closed_loops(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    items.create(worker, org, "a")
    b = items.create(worker, org, "b")
    items.update(worker, b, status="done", we_did="did it")
    c = items.create(worker, org, "c")
    items.update(worker, c, status="not_possible", cant_because="no money")
    stats = item_views.loop_stats([org])
    assert stats.items == 3 and stats.we_did == 1 and stats.closed == 2
    assert stats.closed_pct == 67 and stats.median_days_to_close == 0


def test_a_theme_draft_reads_as_a_child_would(demo):
    _, worker, _ = demo
    assert drafts.theme_words("staff_manner", negative=True) == "You told us the staff could be kinder."
    assert drafts.theme_words("staff_manner", negative=False) == "You told us the staff are kind and friendly."
    for theme in comments.theme_names():
        for negative in (True, False):
            words = drafts.theme_words(theme, negative)
            assert words.startswith("You told us ") and not words.startswith("You told us about"), words
    textstat = pytest.importorskip("textstat")
    every = " ".join(drafts.theme_words(t, n) for t in comments.theme_names() for n in (True, False))
    assert textstat.flesch_kincaid_grade(every) <= 4  # a 9-year-old reads it
    org = worker.organisation_ids[0]
    draft = drafts.draft_from_theme(worker, "camhs-wellbeing", "Autumn 2026", "staff_manner", org)
    assert draft.you_said in {drafts.theme_words("staff_manner", n) for n in (True, False)}
    assert "staff manner" not in draft.you_said.lower()


def test_a_theme_draft_carries_a_childs_approved_words(demo):
    admin, worker, _ = demo
    org = worker.organisation_ids[0]
    rows = comments.explore(admin, survey_key="camhs-wellbeing", theme="waiting_times")
    answer_id = int(rows["answer_id"].iloc[0])
    comments.decide_quote(admin, answer_id, True, "I waited ages for my first appointment")
    round_name = rows["round"].iloc[0]
    draft = drafts.draft_from_theme(worker, "camhs-wellbeing", round_name, "waiting_times", org)
    assert draft.quote_answer_ids == [answer_id]
    assert draft.you_said.endswith("One of you said: “I waited ages for my first appointment”")


def test_the_survey_an_item_is_about_is_the_themes_own(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    counts = comments.explore(worker, theme="waiting_times")["survey"].value_counts()
    assert drafts.theme_survey(worker, "waiting_times", org) == counts.index[0]
    assert drafts.theme_survey(worker, "no_such_theme", org) is None


def test_the_poster_qr_opens_the_kiosk_of_the_site_it_is_printed_for(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    item = items.create(worker, org, "x", survey_key="camhs-wellbeing", status="done", we_did="y")
    items.publish(worker, item)
    sites = item_views.site_choices(worker, org)
    slugs = {"Northgate clinic": "northgate-clinic", "Riverside clinic waiting room": "riverside-waiting-room"}
    assert sorted(sites.values()) == sorted(slugs)
    for site_id, name in sites.items():  # each clinic's poster opens its own kiosk
        notice = notices.site_notice(worker, site_id)
        assert notice.site_slug == slugs[name] and [i.id for i in notice.items] == [item]
        assert notices.notice_link(notice).endswith(f"/kiosk?survey=camhs-wellbeing&site={slugs[name]}")
    northgate = next(i for i, name in sites.items() if name == "Northgate clinic")
    # A notice for no one clinic has no kiosk to point to, rather than another clinic's.
    assert notices.notice_link(notices.public_notice("riverside-camhs")) is None
    _, _, other = demo
    with pytest.raises(PermissionError):
        notices.site_notice(other, northgate)


def test_who_and_when_are_said_and_only_done_has_a_tick(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    planned = items.create(worker, org, "More games", owner_role="Clinic manager", due_on=date(2026, 12, 1))
    done = items.create(worker, org, "Too hot", status="done", we_did="We put in a fan")
    views = {i.id: i for i in item_views.list_items(worker)}
    assert poster.heading(views[planned]) == "We are planning"
    assert poster.heading(views[done]) == "✅ We did"
    assert poster.who_when(views[planned]) == "Who: Clinic manager · By: 1 December 2026"
    assert poster.who_when(views[done]).startswith("Done: ")
    assert "✅" not in "".join(poster.heading(views[planned]) for _ in range(1))


def test_every_text_has_a_limit_said_in_plain_words(demo):
    _, worker, _ = demo
    org = worker.organisation_ids[0]
    with pytest.raises(items.ItemError, match="you said is too long: 1,000 characters at most"):
        items.create(worker, org, "x" * 1_000_000)
    item = items.create(worker, org, "Too hot")
    with pytest.raises(items.ItemError, match="owner role is too long: 120 characters at most"):
        items.update(worker, item, owner_role="r" * 121)
    for field in ("we_did", "progress", "cant_because", "evidence_text"):
        with pytest.raises(items.ItemError, match="2,000 characters at most"):
            items.update(worker, item, **{field: "y" * 2001})
    # A NUL byte (which PostgreSQL refuses) or another control character is dropped, not stored.
    items.update(worker, item, owner_role="Clinic\x00 manager\x07", we_did="We put in a fan\r\nand blinds")
    saved = item_views.get_item(worker, item)
    assert saved.owner_role == "Clinic manager" and saved.we_did == "We put in a fan\nand blinds"


def test_a_photo_that_would_decode_to_gigabytes_is_refused_before_decoding(demo, monkeypatch):
    """A decompression bomb: a small PNG whose header says 12,000 × 12,000 pixels. Refused from
    the header: nothing is decoded (decoding would fail this test at once)."""
    from PIL import ImageFile

    from tests.images import bomb_png

    _, worker, _ = demo
    item_id = items.create(worker, worker.organisation_ids[0], "x")

    def decoded(self):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)
    for side in (12_000, 8_000):  # Pillow's own refusal starts at 2 × its limit; ours before that
        bomb = bomb_png(side, side)
        assert len(bomb) < 1024 * 1024
        with pytest.raises(items.ItemError, match="too many pixels"):
            items.set_photo(worker, item_id, bomb)
    assert not item_views.get_item(worker, item_id).has_photo


def test_a_photo_must_be_a_png_or_a_jpeg(demo):
    import io

    from PIL import Image

    _, worker, _ = demo
    item_id = items.create(worker, worker.organisation_ids[0], "x")
    gif = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(gif, format="GIF")
    with pytest.raises(items.ItemError, match="PNG or JPEG"):
        items.set_photo(worker, item_id, gif.getvalue())
    with pytest.raises(items.ItemError, match="too large"):
        items.set_photo(worker, item_id, b"\x89PNG" + b"\x00" * items.MAX_PHOTO_BYTES)
