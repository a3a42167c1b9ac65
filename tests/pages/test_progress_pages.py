"""Long work on a page shows a bar with counts and about how long is left, and says when it is
done: the annual report and learning from corrections (imports: test_import_responses_page)."""
from datetime import date

from tests.pages.test_loop_pages import demo, page  # noqa: F401  (demo: the demo data, 20 responses a round)
from voice_app.page_progress import progress_text, time_left
from voice_app.services import accounts, comments

LONG_WORK = 120  # seconds: the work these bars are for is long, more so on a busy machine


def bar_texts(at) -> list[str]:
    return [element.proto.text for element in at.get("progress")]


def test_the_words_say_how_far_and_about_how_long_is_left():
    assert progress_text("Checking rows", 1000, 2500, 10.0) == "Checking rows: 1,000 of 2,500 · about 15 s left"
    assert progress_text("Writing sections", 1, 3, 45.0) == "Writing sections: 1 of 3 · about 2 min left"
    assert progress_text("Writing sections", 0, 3, 5.0) == "Writing sections: 0 of 3"  # no pace yet
    assert progress_text("Writing sections", 3, 3, 50.0) == "Writing sections: 3 of 3"
    assert time_left(0.01, 99, 100) == "about 1 s left"  # never "0 s"


def test_the_annual_report_says_when_it_is_done(demo):  # noqa: F811
    admin = accounts.create_user("a1", "a long test password", "admin")
    at = page("annual_report", admin)
    at.date_input[0].set_value(date(2026, 1, 1))
    at.date_input[1].set_value(date(2026, 12, 31))
    at.radio[0].set_value("csv")
    at.button[0].click().run(timeout=LONG_WORK)
    assert not at.exception and not at.error
    [text] = bar_texts(at)
    assert text.startswith("Done in ") and text.endswith(" s")
    assert [b.label for b in at.get("download_button")] == ["Download (CSV)"]


def test_a_wrong_period_leaves_no_bar_only_the_reason(demo):  # noqa: F811
    admin = accounts.create_user("a1", "a long test password", "admin")
    at = page("annual_report", admin)
    at.date_input[0].set_value(date(2026, 12, 31))
    at.date_input[1].set_value(date(2026, 1, 1))
    at.button[0].click().run()
    assert not at.exception and bar_texts(at) == []
    assert [e.value for e in at.error] == ["the end of the period is before its start"]


def test_learning_from_corrections_says_when_it_is_done(demo):  # noqa: F811
    worker = accounts.create_user("w1", "a long test password", "worker", ["riverside-camhs"])
    shown = comments.explore(worker).head(40)
    assert len(shown) == 40
    for i, answer_id in enumerate(shown["answer_id"]):
        comments.correct(worker, int(answer_id), ["games_tech"] if i % 2 else ["staff_manner"], "negative")
    at = page("comments", worker)
    at.button(key=f"train_{worker.organisation_ids[0]}").click().run(timeout=LONG_WORK)
    assert not at.exception
    assert [s.value for s in at.success] == ["Learned from 40 corrected comments."]
    [text] = bar_texts(at)
    assert text.startswith("Done in ")


def test_too_few_corrections_leave_no_bar_only_the_reason(demo):  # noqa: F811
    worker = accounts.create_user("w1", "a long test password", "worker", ["riverside-camhs"])
    at = page("comments", worker)
    at.button(key=f"train_{worker.organisation_ids[0]}").click().run()
    assert not at.exception and bar_texts(at) == [] and not at.success
    assert [i.value for i in at.info] == ["0 corrected comments so far; at least 30 are needed to learn from"]
