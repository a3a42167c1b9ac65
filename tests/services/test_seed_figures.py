"""The seed annual report's published CAMHS figures come back from a CSV import through the CLI."""
import csv
import json
import random

from voice_app.cli import main


def column(counts: dict[str, int], total: int, rng: random.Random) -> list[str]:
    values = [v for v, n in counts.items() for _ in range(n)]
    values += [""] * (total - len(values))  # blanks: not answered
    rng.shuffle(values)
    return values


def write_csv(path, columns: dict[str, list[str]]) -> None:
    names = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        w.writerows(zip(*columns.values()))


def wellbeing_csv(path) -> None:
    rng = random.Random(1)
    scale = lambda pos, neg: {"Very happy": pos // 2, " happy ": pos - pos // 2,  # noqa: E731
                              "okay": neg // 2, "UNHAPPY": neg - neg // 2}
    write_csv(path, {
        "clinic_location": column(scale(37, 11), 48, rng),
        "waiting_room": column(scale(33, 14), 48, rng),  # one blank: 33/47 = 70%
        "treatment_rooms": column(scale(33, 15), 48, rng),
        "privacy": column(scale(34, 14), 48, rng),
        "staff_listened": column(scale(39, 9), 48, rng),
        "overall_satisfaction": column({"very_satisfied": 17, "satisfied": 17, "neither": 8,
                                        "dissatisfied": 5}, 48, rng),
        "what_was_good": column({'=HYPERLINK("x")': 1, "My worker listened, and <b>that</b> helped": 1}, 48, rng),
    })


def remote_csv(path) -> None:
    rng = random.Random(2)
    write_csv(path, {
        "remote_used": column({"video;telephone": 20, "video": 12, "Phone call": 6, "neither": 5}, 43, rng),
        "preferred_format": column({"face_to_face": 24, "telephone": 4, "video": 10, "no_preference": 5}, 43, rng),
        "relationship_effect": column({"no_difference": 25, "better": 6, "worse": 7, "not_sure": 5}, 43, rng),
        "future_remote": column({"yes": 18, "no": 16, "not_sure": 9}, 43, rng),
    })


def report(capsys, survey: str) -> dict:
    capsys.readouterr()
    assert main(["report", survey, "--round", "2020-21", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_seed_figures_reproduced(demo_site, tmp_path, capsys):
    wellbeing_csv(tmp_path / "wellbeing.csv")
    remote_csv(tmp_path / "remote.csv")
    assert main(["import-responses", "camhs-wellbeing", str(tmp_path / "wellbeing.csv"),
                 "--round", "2020-21", "--invited", "200", "--org", "riverside-camhs"]) == 0
    assert main(["import-responses", "camhs-remote", str(tmp_path / "remote.csv"), "--round", "2020-21",
                 "--org", "riverside-camhs"]) == 0

    w = report(capsys, "camhs-wellbeing")
    assert (w["responses"], w["invited"], w["response_rate_pct"]) == (48, 200, 24)
    q = w["questions"]
    assert [q[k]["positive_pct"] for k in ("clinic_location", "waiting_room", "treatment_rooms",
                                           "privacy", "staff_listened")] == [77, 70, 69, 71, 81]
    assert q["waiting_room"]["n"] == 47
    assert q["overall_satisfaction"]["pct"]["very_satisfied"] == 36
    assert q["overall_satisfaction"]["pct"]["satisfied"] == 36

    r = report(capsys, "camhs-remote")
    q = r["questions"]
    assert r["responses"] == 43 and r["response_rate_pct"] is None
    assert q["preferred_format"]["pct"]["face_to_face"] == 56
    assert q["preferred_format"]["pct"]["telephone"] == 9
    assert q["relationship_effect"]["pct"]["no_difference"] == 58
    assert q["future_remote"]["pct"]["yes"] == 42
    assert q["future_remote"]["pct"]["no"] == 37
    # Multiple choice is a share of people: 32 of 43 had video.
    assert q["remote_used"]["counts"]["video"] == 32 and q["remote_used"]["pct"]["video"] == 74


def test_reimporting_the_same_file_adds_nothing(demo_site, tmp_path, capsys):
    wellbeing_csv(tmp_path / "w.csv")
    args = ["import-responses", "camhs-wellbeing", str(tmp_path / "w.csv"), "--round", "2020-21",
            "--org", "riverside-camhs"]
    assert main(args) == 0
    assert main(args) == 0
    assert "48 were already imported" in capsys.readouterr().out
    assert report(capsys, "camhs-wellbeing")["responses"] == 48


def test_text_report_reads_like_the_seed(demo_site, tmp_path, capsys):
    wellbeing_csv(tmp_path / "w.csv")
    main(["import-responses", "camhs-wellbeing", str(tmp_path / "w.csv"), "--round", "2020-21", "--invited", "200",
          "--org", "riverside-camhs"])
    capsys.readouterr()
    assert main(["report", "camhs-wellbeing", "--round", "2020-21", "--format", "text", "--audience", "board"]) == 0
    out = capsys.readouterr().out
    assert "Responses: 48 of 200 invited, a response rate of 24%" in out
    assert "clinic_location (n=48): 77% positive (95% CI" in out and "None" not in out
