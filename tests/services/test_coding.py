"""Coding as its own service: themes stored as rows with where they came from, a worker's rows
never overwritten by recoding, counts by the database, each model loaded once until retrained,
and progress heard from long work."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from voice_app.services import accounts, coding, comments, disclosure, importer, kiosk
from voice_app.services.importer import import_responses
from voice_app.store import comments as comment_store
from voice_app.store.db import session_scope
from voice_app.store.models import Answer, CommentCode, Response, Round, SafeguardingFlag
from voice_app.store.themes import CommentTheme

BORING = "the waiting room is boring and the staff were kind"


def theme_rows(answer_id: int) -> list[tuple[str, str]]:
    with session_scope() as session:
        stmt = (select(CommentTheme.theme_id, CommentTheme.source)
                .where(CommentTheme.answer_id == answer_id).order_by(CommentTheme.position))
        return [tuple(r) for r in session.execute(stmt).all()]


@pytest.fixture
def k(demo_site):
    return kiosk.open_kiosk("camhs-wellbeing", demo_site)


@pytest.fixture
def worker(demo_site):
    return accounts.create_user("w", "a long test password", "worker", ["riverside-camhs"])


def _make_stale():
    with session_scope() as session:
        session.execute(update(CommentCode).values(codebook_version="an older codebook"))


def test_themes_are_rows_from_the_codebook_and_a_workers_rows_survive_recoding(k, worker):
    kiosk.save_answer(k, "c1", "what_could_be_better", BORING, 8)
    kiosk.submit(k, "c1")
    row = comments.explore(worker).iloc[0]
    answer_id = int(row["answer_id"])
    rows = theme_rows(answer_id)
    assert rows and {source for _, source in rows} == {"codebook"}
    assert row["themes"] == ";".join(theme for theme, _ in rows)  # the same order as coded

    comments.correct(worker, answer_id, ["privacy", "environment"], "negative")
    assert theme_rows(answer_id) == [("privacy", "worker"), ("environment", "worker")]
    kiosk.save_answer(k, "c2", "what_could_be_better", "more comfy chairs", 8)
    kiosk.submit(k, "c2")
    _make_stale()
    assert coding.recode_round([k.round_id]) == 1  # the other comment only
    assert theme_rows(answer_id) == [("privacy", "worker"), ("environment", "worker")]
    assert comments.explore(worker, words="boring").iloc[0]["themes"] == "privacy;environment"


def test_the_theme_filter_finds_a_theme_by_its_row(k, worker):
    kiosk.save_answer(k, "c1", "what_could_be_better", BORING, 8)
    kiosk.submit(k, "c1")
    kiosk.save_answer(k, "c2", "what_could_be_better", "nothing", 8)
    kiosk.submit(k, "c2")
    answer_id = int(comments.explore(worker, words="boring").iloc[0]["answer_id"])
    comments.correct(worker, answer_id, ["food_drink"], "negative")
    assert list(comments.explore(worker, theme="food_drink")["answer_id"]) == [answer_id]
    assert comments.explore(worker, theme="food_drink", words="nothing").empty
    assert comments.explore(worker, theme="games_tech").empty


def test_theme_cells_counted_by_the_database_match_the_comments_listed(database):
    from voice_app.services.demo import load_demo
    from voice_app.store.models import Round

    load_demo(responses_per_round=40)
    with session_scope() as session:
        round_ids = list(session.execute(select(Round.id)).scalars())
        assert round_ids
        for round_id in round_ids:
            listed = comment_store.comment_rows(session, organisation_ids=None, round_ids=[round_id], limit=10**7)
            expected: dict = {}
            for themes, sentiment, org in zip(listed["themes"], listed["sentiment"], listed["organisation_id"]):
                mood = sentiment if sentiment in ("positive", "negative") else "other"
                for theme in filter(None, themes.split(";")):
                    key = (theme, disclosure.NONE if org is None else int(org), mood)
                    expected[key] = expected.get(key, 0) + 1
            counted = disclosure._theme_cells(comment_store.theme_counts(session, organisation_ids=None,
                                                                         round_ids=[round_id]))
            assert counted == expected and sum(counted.values()) > 0


def forty_corrected(k) -> accounts.StaffUser:
    """40 comments at the kiosk, each coded again by a worker (returned): enough to learn from."""
    lines = [("the wifi is slow", ["games_tech"]), ("no signal for my phone", ["games_tech"]),
             ("kind staff", ["staff_manner"]), ("the nurse was lovely", ["staff_manner"])]
    for i in range(40):
        kiosk.save_answer(k, f"t{i}", "what_could_be_better", f"{lines[i % 4][0]} {i}", 8)
        kiosk.submit(k, f"t{i}")
    worker = accounts.create_user("w2", "a long test password", "worker", ["riverside-camhs"])
    for row in comments.explore(worker).itertuples():
        comments.correct(worker, int(row.answer_id), lines[int(row.text.split()[-1]) % 4][1], "negative")
    return worker


def test_a_model_is_loaded_once_and_again_when_retrained(k, monkeypatch):
    worker = forty_corrected(k)
    loads = []
    real = coding._load_model
    monkeypatch.setattr(coding, "_load_model", lambda blob: loads.append(len(blob)) or real(blob))
    comments.train_model(worker, worker.organisation_ids[0])
    for i in range(3):
        kiosk.save_answer(k, f"n{i}", "what_could_be_better", f"the wifi is slow again {i}", 8)
        kiosk.submit(k, f"n{i}")
    assert len(loads) == 1
    comments.train_model(worker, worker.organisation_ids[0])
    kiosk.save_answer(k, "n9", "what_could_be_better", "the wifi is slow once more", 8)
    kiosk.submit(k, "n9")
    assert len(loads) == 2
    assert comments.explore(worker, words="more").iloc[0]["coded_by"] == "model"
    assert {s for _, s in theme_rows(int(comments.explore(worker, words="more").iloc[0]["answer_id"]))} <= {"model"}


def test_an_import_reports_its_progress_stage_by_stage(demo_site, tmp_path):
    path = tmp_path / "paper.csv"
    texts = [f"the waiting room is boring {i}" if i % 3 == 0 else "" for i in range(2500)]
    path.write_text("what_could_be_better,site\n" + "".join(f"{t},{demo_site}\n" for t in texts), encoding="utf-8")
    heard: list[tuple[str, int, int]] = []
    result = import_responses("camhs-wellbeing", path, "Paper", progress=lambda *a: heard.append(a))
    assert result.imported == 2500
    stages = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert stages == ["checking", "storing", "coding"]
    for stage, total in (("checking", 2500), ("storing", 2500), ("coding", sum(bool(t) for t in texts))):
        done = [d for s, d, t in heard if s == stage]
        assert done == sorted(done) and done[-1] == total
        assert {t for s, _, t in heard if s == stage} == {total}


def test_the_command_line_shows_no_bar_when_not_a_terminal(demo_site, tmp_path, capsys):
    from voice_app.cli import main

    path = tmp_path / "paper.csv"
    path.write_text(f"what_could_be_better,site\nthe waiting room is boring,{demo_site}\n", encoding="utf-8")
    assert main(["import-responses", "camhs-wellbeing", str(path), "--round", "Paper"]) == 0
    out = capsys.readouterr()
    assert out.out == "Imported 1 responses into round 'Paper'\n" and out.err == ""
    assert main(["recode-text", "camhs-wellbeing"]) == 0
    out = capsys.readouterr()
    assert out.out == "Recoded 0 comments (workers' corrections kept)\n" and out.err == ""


def test_machine_coding_never_replaces_a_workers_theme_rows(k, worker):
    from voice_app.store.themes import replace_machine_themes

    kiosk.save_answer(k, "c1", "what_could_be_better", BORING, 8)
    kiosk.submit(k, "c1")
    kiosk.save_answer(k, "c2", "what_could_be_better", "more comfy chairs", 8)
    kiosk.submit(k, "c2")
    ids = {r.text: int(r.answer_id) for r in comments.explore(worker).itertuples()}
    comments.correct(worker, ids[BORING], ["food_drink"], "negative")
    with session_scope() as session:
        replace_machine_themes(session, [(ids[BORING], ["games_tech"], "model"),
                                         (ids["more comfy chairs"], ["games_tech", "privacy"], "model")])
    assert theme_rows(ids[BORING]) == [("food_drink", "worker")]
    assert theme_rows(ids["more comfy chairs"]) == [("games_tech", "model"), ("privacy", "model")]


IMPORTED = ["the waiting room is boring", "my worker really listens to me", "nothing really",
            "i've been thinking about hurting myself", "sometimes i dont feel safe at home",
            "Ich warte zu lange auf einen Termin", "call Sam on 07700 900123, the staff are kind",
            "the waiting room is boring", "", "10/10 😀"]


def test_an_import_coded_ahead_stores_the_same_codes_and_flags_as_coding_when_stored(demo_site, tmp_path,
                                                                                      monkeypatch):
    """The importer codes the file's comments on a thread while it stores them; what it stores is
    what coding each comment as it is stored gives, flags and redaction included."""
    def imported(round_name: str) -> list[tuple]:
        path = tmp_path / f"{round_name}.csv"
        path.write_text("what_could_be_better,site\n" + "".join(f'"{t}",{demo_site}\n' for t in IMPORTED),
                        encoding="utf-8")
        import_responses("camhs-wellbeing", path, round_name)
        with session_scope() as session:
            stmt = (select(CommentCode.sentiment, CommentCode.sentiment_score, CommentCode.flagged,
                           CommentCode.flag_level, CommentCode.flag_reason, CommentCode.coded_by,
                           CommentCode.redacted, CommentCode.answer_id)
                    .join(Answer, Answer.id == CommentCode.answer_id).join(Response, Response.id == Answer.response_id)
                    .join(Round, Round.id == Response.round_id).where(Round.name == round_name)
                    .order_by(CommentCode.answer_id))
            return [(*r[:-1], tuple(theme_rows(r[-1])), flagged_level(r[-1])) for r in session.execute(stmt).all()]

    ahead = imported("Ahead")
    monkeypatch.setattr(coding, "code_ahead", lambda texts: None)  # every comment coded as it is stored
    monkeypatch.setattr(importer, "code_ahead", lambda texts: None)
    assert ahead == imported("As stored")
    assert len(ahead) == len([t for t in IMPORTED if t])
    assert sum(row[2] for row in ahead) >= 2 and any(row[5] == "needs_person" for row in ahead)


def flagged_level(answer_id: int) -> str | None:
    with session_scope() as session:
        return session.execute(select(SafeguardingFlag.level).where(SafeguardingFlag.answer_id == answer_id)).scalar()
