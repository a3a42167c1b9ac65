"""Synthetic demo data so a newcomer sees a populated app. Every comment here is invented."""
from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from voice_app.services.coding import code_pending
from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site
from voice_app.services.surveys import latest_definition
from voice_app.store import figures as store_figures
from voice_app.store import queries
from voice_app.store.db import session_scope

# (slug, name, setting): the setting places each site's comments in the board's views by topic
# and setting (the seed's No Wrong Door picture).
ORGANISATIONS = {
    "riverside-camhs": ("Riverside CAMHS", [("riverside-waiting-room", "Riverside clinic waiting room", "hospital"),
                                             ("northgate-clinic", "Northgate clinic", "hospital")]),
    "hillside-youth": ("Hillside Youth Service", [("hillside-youth-hub", "Hillside youth hub", "community")]),
}
ROUNDS = [("Spring 2026", 320, datetime(2026, 3, 2, tzinfo=UTC)),
          ("Autumn 2026", 280, datetime(2026, 9, 14, tzinfo=UTC))]
# Of those invited, how many at each site: a site's response rate needs its own number.
INVITED_AT = {"Spring 2026": {"riverside-waiting-room": 110, "northgate-clinic": 110, "hillside-youth-hub": 100},
              "Autumn 2026": {"riverside-waiting-room": 100, "northgate-clinic": 90, "hillside-youth-hub": 90}}
GOOD = ["My worker really listens to me and doesn't judge", "the staff are kind and funny",
        "I like the fish tank in the waiting room", "they explained everything so I understood",
        "I feel better than before I came", "my mum was allowed to come in with me",
        "easy to get to on the bus", "the drawing stuff to do while you wait", "",
        "nothing really", "They helped me with my anxiety at school", "comfy chairs and nice lights"]
# A few worrying comments, so the safeguarding queue can be seen working (and one that is not).
DISCLOSURES = ["sometimes i dont feel safe at home when my step dad is drunk",
               "i've been thinking about hurting myself again", "I killed it at football this week lol"]
BETTER = ["waiting too long for my first appointment", "the waiting room is boring and too hot",
          "more things for teenagers to do while waiting", "it's really far from my house",
          "I didn't like having sessions on the phone", "people at reception can hear what you say",
          "changing workers all the time", "", "nothing its fine", "have appointments after school",
          "better wifi", "tell us what's going to happen before the first session"]
# The surveys added later (`make run` shows them; a test asks for them, since each round's board
# figures take seconds to make safe), each at the sites that would run it, with a third as many
# responses a round, and comments of their own where the CAMHS ones would not fit.
MORE_SURVEYS = {"how-was-today": ["riverside-waiting-room", "northgate-clinic"],
                "camhs-experience": ["riverside-waiting-room", "northgate-clinic"],
                "your-views": ["hillside-youth-hub"], "my-life-in-care": ["hillside-youth-hub"]}
YOUTH = ["listen to us properly and don't just say you will", "stop talking about us like we're not there",
         "more things to do in the evenings", "teachers should explain things better", "",
         "let us choose the activities", "ask us before you change things", "nothing really",
         "more help with exams at school", "be on time when you say you'll come"]
CARE = ["I want to see my brother more", "I keep getting new social workers", "my foster carers are really kind",
        "tell me what's happening with my plans", "", "I like my room and I feel safe here", "nothing its good",
        "my social worker never rings me back", "I want a say in my review meeting", "more pocket money"]
OWN_COMMENTS = {("your-views", "adults_should_change"): YOUTH, ("my-life-in-care", "what_could_be_better"): CARE}


def _answers(definition, rng: random.Random, bias: float) -> list[dict]:
    rows = []
    for q in definition.questions:
        if q.type == "scale":
            if rng.random() < 0.04:
                continue  # a child skipped it
            weights = [1, 2, 4, 8 + 6 * bias, 6 + 6 * bias]
            rows.append({"question_id": q.id, "option_id": rng.choices([o.id for o in q.options], weights)[0]})
        elif q.positive:  # very good first, as the Friends and Family Test asks it
            weights = [6 + 6 * bias, 8 + 6 * bias, 4, 2, 1, 2]
            rows.append({"question_id": q.id, "option_id": rng.choices([o.id for o in q.options], weights)[0]})
        elif q.type == "single":
            rows.append({"question_id": q.id, "option_id": rng.choice(q.options).id})
        elif q.type == "multi":
            picked = [o.id for o in q.options if not o.exclusive and rng.random() < 0.5]
            picked = picked or [o.id for o in q.options if o.exclusive][:1]
            rows += [{"question_id": q.id, "option_id": p} for p in picked]
        else:
            own = OWN_COMMENTS.get((definition.id, q.id))
            text = rng.choice(own or (GOOD if "good" in q.id or "liked" in q.id else BETTER))
            if text:
                rows.append({"question_id": q.id, "text": text})
    return rows


def load_demo(responses_per_round: int = 150, seed: int = 7, more_surveys: bool = False) -> dict:
    """Create the demo partnership and responses (to the CAMHS surveys, and with `more_surveys` to
    the other built-in ones too); a second call adds nothing."""
    for org_slug, (org_name, sites) in ORGANISATIONS.items():
        ensure_organisation(org_name, org_slug)
        for slug, name, setting in sites:
            ensure_site(org_slug, name, slug, setting)
    rng = random.Random(seed)
    added = sum(_rounds(key, responses_per_round, rng) for key in ("camhs-wellbeing", "camhs-remote"))
    if more_surveys:
        added += sum(_rounds(key, responses_per_round // 3, rng, sites) for key, sites in MORE_SURVEYS.items())
    return {"responses_added": added}


def _rounds(survey_key: str, count: int, rng: random.Random, sites: list[str] | None = None) -> int:
    """Each demo round of a survey, given at `sites` (None: every site, with the round's invited number)."""
    added = 0
    for i, (round_name, invited, start) in enumerate(ROUNDS):
        # The newest round stays open, so the demo kiosk adds to it rather than a new one.
        closes = (start + timedelta(days=60)).date() if i < len(ROUNDS) - 1 else None
        round_ = ensure_round(survey_key, round_name, invited if sites is None else None,
                              opens_on=start.date(), closes_on=closes)
        _invited_at_sites(round_.id, {s: n for s, n in INVITED_AT[round_name].items() if sites is None or s in sites})
        added += _fill_round(survey_key, round_.id, start, count, rng, bias=i * 0.3, sites=sites)
    return added


def _invited_at_sites(round_id: int, invited: dict[str, int]) -> None:
    with session_scope() as session:
        for slug, number in invited.items():
            queries.set_site_invited(session, round_id, queries.site_by_slug(session, slug).id, number)


def _fill_round(survey_key: str, round_id: int, start: datetime, count: int,
                rng: random.Random, bias: float, sites: list[str] | None = None) -> int:
    with session_scope() as session:
        if store_figures.response_count(session, [round_id]):
            return 0
        _, version, definition = latest_definition(session, survey_key)
        site_ids = [s.id for s in queries.all_sites(session) if sites is None or s.slug in sites]
        responses, answers = [], []
        for _ in range(count):
            when = start + timedelta(days=rng.randint(0, 59), minutes=rng.randint(540, 1020))
            responses.append({"client_key": f"demo-{uuid.UUID(int=rng.getrandbits(128))}",
                              "round_id": round_id, "site_id": rng.choice(site_ids),
                              "survey_version_id": version.id, "source": "demo", "lang": "en",
                              "position": 0, "started_at": when, "submitted_at": when, "completed": True})
            rows = _answers(definition, rng, bias)
            if len(answers) < len(DISCLOSURES) and survey_key == "camhs-wellbeing":
                rows = [r for r in rows if r["question_id"] != "what_could_be_better"]
                rows.append({"question_id": "what_could_be_better", "text": DISCLOSURES[len(answers)]})
            answers.append([{"option_id": None, "text": None, **a} for a in rows])
        added = queries.bulk_add_responses(session, responses, answers)
        code_pending(session, round_ids=[round_id])
        return added
