"""A small partnership with known figures, for the role journeys (tests/e2e/test_journeys.py).

Set up the way a new install is, by the commands alone (init, setup, import-responses,
create-user), so every number a journey asserts follows from the rows written here:

- Riverside CAMHS: 40 responses at the Riverside clinic waiting room (50 invited) and 3 at
  Northgate clinic (10 invited): 43 of 60, 72%. "How happy are you with how staff helped you
  and listened to you?" 30 of the 40 who answered it (Northgate's 3 left it blank): 75%
  positive. Five comments about waiting times.
- Hillside Youth Service: 20 responses at the Hillside youth hub (30 invited), two of whose
  comments the screen flags (a concern, then a check); the school drop-in has none yet. One
  "You said… We did…" item published, one still a draft.

Run as `python -m tests.e2e.journey_town` with VOICE_DATABASE_URL set; dates are relative to
today, so the round is open (a kiosk adds to it) and the board's default year holds it.
"""
from __future__ import annotations

import csv
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PASSWORD = "a long e2e password"
ROUND = "Autumn term"
SURVEY = "camhs-wellbeing"
WAITING = ["I waited months for my first appointment",
           "We sat there ages past our appointment time",
           "It took forever to hear back after the referral",
           "The wait to be seen was far too long",
           "The waiting list was really long and nobody told us anything"]
OTHER_BETTER = ["The waiting room is boring and too hot", "More comfy chairs in the waiting room please",
                "Have appointments after school"]
GOOD = ["My worker really listens to me", "The staff are kind and funny",
        "They explained everything so I understood"]
# Riverside's 40 answers to staff_listened: 16 + 14 positive of 40 = 75%.
STAFF_LISTENED = ["very_happy"] * 16 + ["happy"] * 14 + ["okay"] * 6 + ["unhappy"] * 3 + ["very_unhappy"]
HILLSIDE_CONCERN = "my brother hurts me when mum is out"
HILLSIDE_CHECK = "I dont really want to go home after club"
PUBLISHED = {"you_said": "You told us the youth hub closes too early on Fridays.",
             "we_did": "The hub now stays open until 9pm on Fridays.",
             "owner_role": "Youth hub manager"}
DRAFT = "You told us the pool table is broken."
STAFF = {"e2e-worker": ("worker", "riverside-camhs"), "e2e-hillside-worker": ("worker", "hillside-youth"),
         "e2e-lead": ("safeguarding_lead", "hillside-youth"), "e2e-board": ("board", "riverside-camhs"),
         "e2e-admin": ("admin", "riverside-camhs")}


def partnership(today: date) -> str:
    return f"""
organisations:
  - name: Riverside CAMHS
    slug: riverside-camhs
    sites:
      - name: Riverside clinic waiting room
        slug: riverside-waiting-room
      - name: Northgate clinic
        slug: northgate-clinic
  - name: Hillside Youth Service
    slug: hillside-youth
    sites:
      - name: Hillside youth hub
        slug: hillside-youth-hub
      - name: Hillside school drop-in
        slug: hillside-school-dropin
rounds:
  - survey: {SURVEY}
    name: {ROUND}
    opens: {today - timedelta(days=60)}
    closes: {today + timedelta(days=60)}
    invited: 100
    invited_at_sites:
      riverside-waiting-room: 50
      northgate-clinic: 10
      hillside-youth-hub: 30
      hillside-school-dropin: 10
"""


def rows(now: datetime) -> list[dict]:
    """Each child's answers, oldest first; `submitted_at` today, so within the board's year."""
    scales = ["clinic_location", "waiting_room", "treatment_rooms", "privacy", "overall_satisfaction"]
    out = []
    for i, listened in enumerate(STAFF_LISTENED):
        row = {q: "happy" for q in scales} | {"overall_satisfaction": "satisfied", "staff_listened": listened,
                                             "age_band": ["under_11", "11_to_15", "16_plus"][i % 3],
                                             "site": "riverside-waiting-room"}
        row["what_could_be_better"] = (WAITING + OTHER_BETTER)[i] if i < 8 else ""
        row["what_was_good"] = GOOD[i - 8] if 8 <= i < 11 else ""
        out.append(row)
    for _ in range(3):  # Northgate: a small site, and nobody there answered staff_listened
        out.append({"clinic_location": "okay", "site": "northgate-clinic", "age_band": "16_plus"})
    for i in range(20):
        out.append({"clinic_location": "very_happy", "staff_listened": "happy", "site": "hillside-youth-hub",
                    "what_could_be_better": {0: HILLSIDE_CONCERN, 1: HILLSIDE_CHECK}.get(i, "")})
    for i, row in enumerate(out):
        row["submitted_at"] = (now - timedelta(minutes=len(out) - i)).isoformat()
    return out


def build() -> None:
    from voice_app import cli
    from voice_app.services import accounts
    from voice_app.services.you_said import item_views, items

    today, now = date.today(), datetime.now(UTC)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "partnership.yaml").write_text(partnership(today))
        data = rows(now)
        columns = list(dict.fromkeys(k for row in data for k in row))
        with (folder / "answers.csv").open("w", newline="") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            writer.writerows(data)
        for argv in (["init"], ["setup", str(folder / "partnership.yaml")],
                     ["import-responses", SURVEY, str(folder / "answers.csv"), "--round", ROUND]):
            if cli.main(argv) != 0:
                raise SystemExit(f"failed: {argv}")
    for username, (role, org) in STAFF.items():
        accounts.create_user(username, PASSWORD, role, [org])
    worker = accounts.authenticate("e2e-hillside-worker", PASSWORD)
    org_id = next(iter(item_views.organisation_choices(worker)))
    done = items.create(worker, org_id, PUBLISHED["you_said"], status="done", we_did=PUBLISHED["we_did"],
                        owner_role=PUBLISHED["owner_role"])
    items.publish(worker, done)
    items.create(worker, org_id, DRAFT)


if __name__ == "__main__":
    sys.exit(build())
