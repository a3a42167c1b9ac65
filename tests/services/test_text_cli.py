import csv
import json

from voice_app.cli import main


def test_code_text_json(tmp_path, capsys):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "comment"])
        w.writerow([1, "The staff were really kind and listened to me"])
        w.writerow([2, "i want to kill myself"])
        w.writerow([3, "I killed it at football"])
    assert main(["code-text", str(path), "--text-column", "comment", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["flagged"] for r in rows] == [False, True, False]
    assert rows[0]["sentiment"] == "positive" and rows[0]["themes"]


def test_code_text_gives_the_flag_level(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("comment\ni want to kill myself\nthe waiting room was nice\n")
    assert main(["code-text", str(path), "--text-column", "comment", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["flagged"], r["flag_reason"], r["flag_level"]) for r in rows] == [
        (True, "self-harm or suicidal thoughts", "concern"), (False, None, None)]
    assert main(["code-text", str(path), "--text-column", "comment"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",")[-3:] == ["flagged", "flag_reason", "flag_level"]
    assert lines[1].endswith(",True,self-harm or suicidal thoughts,concern")
    assert lines[2].endswith(",False,,")  # no "None" or "nan" in the file


def test_code_text_csv_and_missing_column(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("comment\n=1+1 waiting room boring\n")
    assert main(["code-text", str(path), "--text-column", "comment"]) == 0
    assert "'=1+1" in capsys.readouterr().out  # a formula stays text
    assert main(["code-text", str(path), "--text-column", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_recode_keeps_worker_corrections(demo_site, tmp_path, capsys):
    from voice_app.services.importer import import_responses
    path = tmp_path / "r.csv"
    path.write_text("what_was_good\nmy worker listened\n")
    import_responses("camhs-wellbeing", path, "R1", org="riverside-camhs")
    assert main(["recode-text", "camhs-wellbeing"]) == 0
    assert "Recoded 0 comments" in capsys.readouterr().out  # nothing stale
