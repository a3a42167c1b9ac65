"""Writes the sample exports beside this file, shaped like each tool's own (run it again after
changing them): `python tests/data/imports/make_samples.py`.

All three are camhs-remote answered in another tool, with the tools' own columns filled in as
the tools fill them (made-up names, emails, IDs and an IP address: the tests check that none of
them is stored).
  - ms_forms_camhs_remote.xlsx: Microsoft Forms' Excel export (ID, Start time, Completion time,
    Email, Name, Last modified time; times as Excel dates; multiple choice "A;B;").
  - google_forms_camhs_remote.csv: Google Forms' CSV (Timestamp, Email address; multiple choice
    "A, B"), numbered questions in the Easy Read wording, "(optional)" after the text ones.
  - surveymonkey_camhs_remote.csv: SurveyMonkey's CSV with two header rows (a merged header over
    one column per option), in the Polish wording.
"""
from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DISCLOSURE = "my mums boyfriend hits me"

MS_HEADERS = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
              "Have you had a session by video or by phone?",
              "Which way of having sessions do you like best?",
              "Did having sessions by video or phone change how you get on with your therapist?",
              "Would you have sessions by video or phone again?",
              "What did you like about sessions by video or phone?",
              "What didn't you like about them?",
              "Is there anything else you want to tell us?"]
MS_ROWS = [
    [1, datetime(2026, 3, 2, 9, 58, 12), datetime(2026, 3, 2, 10, 1, 40), "anonymous", None, None,
     "Video call;Phone call;", "Video call", "It got better", "Yes", "I could stay at home", None, None],
    [2, datetime(2026, 3, 3, 16, 20, 5), datetime(2026, 3, 3, 16, 24, 51), "amy.pupil@school.example",
     "Amy Pupil", None, "Phone call;", "Face to face", "No difference", "Not sure", None,
     "The phone kept cutting out", "Thank you"],
    [3, datetime(2026, 3, 5, 11, 2, 0), datetime(2026, 3, 5, 11, 3, 30), "anonymous", None, None,
     "Neither;", "I don't mind", "Not sure", "No", None, None, None],
]

GOOGLE_HEADERS = ["Timestamp", "Email address",
                  "1. Have you had a session on a video call or on the phone?",
                  "2. Which kind of session do you like best?",
                  "3. You had sessions by video or phone. Did that change how you get on with your worker?",
                  "4. Would you have a session by video or phone again?",
                  "5. What did you like about sessions by video or phone? (optional)",
                  "6. What did you not like about them? (optional)",
                  "7. Is there anything else you want to tell us? (optional)"]
GOOGLE_ROWS = [
    ["14/03/2026 10:31:05", "ben.child@gmail.example", "Video call, Phone call", "In the same room",
     "It got better", "Yes", "Not having to miss school", "", ""],
    ["14/03/2026 11:02:44", "", "Neither of these", "In the same room", "No change", "No", "", "", DISCLOSURE],
    ["15/03/2026 09:15:00", "cara@example.org", "Video call", "Video call", "Not sure", "Not sure", "",
     "Sometimes my brother could hear", ""],
]

MONKEY_OWN = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
              "First Name", "Last Name", "Custom Data 1"]
MONKEY_QUESTIONS = [  # (header, second-row words under it)
    ("Czy zdarzyło ci się mieć spotkanie przez wideo albo przez telefon?",
     ["Rozmowa wideo", "Rozmowa telefoniczna", "Żadne"]),
    ("Jaki rodzaj spotkań lubisz najbardziej?", ["Response"]),
    ("Czy spotkania przez wideo lub telefon zmieniły to, jak dogadujesz się ze swoim terapeutą?", ["Response"]),
    ("Czy chcesz jeszcze mieć spotkania przez wideo lub telefon?", ["Response"]),
    ("Co ci się podobało w spotkaniach przez wideo lub telefon?", ["Open-Ended Response"]),
    ("Co ci się w nich nie podobało?", ["Open-Ended Response"]),
    ("Czy chcesz nam powiedzieć coś jeszcze?", ["Open-Ended Response"]),
]
MONKEY_ROWS = [
    ["114233445566", "405112233", "03/20/2026 02:10:11 PM", "03/20/2026 02:14:52 PM", "203.0.113.7",
     "dan.pupil@example.net", "Dan", "Pupil", "Year 9",
     "Rozmowa wideo", "", "", "Rozmowa wideo", "Jest lepiej", "Tak", "Mogłem zostać w domu", "", ""],
    ["114233445590", "405112233", "03/21/2026 09:01:00 AM", "03/21/2026 09:03:12 AM", "198.51.100.23",
     "", "", "", "",
     "Rozmowa wideo", "Rozmowa telefoniczna", "", "Twarzą w twarz", "Bez zmian", "Nie wiem", "",
     "Za krótko", ""],
]


def ms_forms() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(MS_HEADERS)
    for row in MS_ROWS:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in cells:
            cell.number_format = "m/d/yy h:mm:ss"
    book.save(HERE / "ms_forms_camhs_remote.xlsx")


def write_csv(name: str, rows: list[list[str]]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as out:
        csv.writer(out, quoting=csv.QUOTE_ALL).writerows(rows)


def surveymonkey() -> list[list[str]]:
    first, second = list(MONKEY_OWN), [""] * len(MONKEY_OWN)
    for header, under in MONKEY_QUESTIONS:
        first += [header] + [""] * (len(under) - 1)
        second += under
    return [first, second, *MONKEY_ROWS]


if __name__ == "__main__":
    ms_forms()
    write_csv("google_forms_camhs_remote.csv", [GOOGLE_HEADERS, *GOOGLE_ROWS])
    write_csv("surveymonkey_camhs_remote.csv", surveymonkey())
