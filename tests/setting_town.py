"""A small partnership with known views by topic and setting, for the service, page and browser
tests of the board's "Views by topic and setting" (run as `python -m tests.setting_town` with
VOICE_DATABASE_URL set, it also makes a board member, e2e-board).

One round of camhs-wellbeing, answered this year. Counted comments (partnership):

| topic          | School | Hospital | Community | not given | all |
|----------------|--------|----------|-----------|-----------|-----|
| Waiting times  | 6      | 12       | 0         | 0         | 18  |
| Staff manner   | 2      | 9        | 7         | 0         | 18  |
| Activities     | 0      | 0        | 3         | 0         | 3   |
| Privacy        | 0      | 0        | 0         | 5         | 5   |

Riverside CAMHS has the school and the hospital sites, Hillside Youth the community site and
the drop-in without a setting. Not counted: a hidden comment and one with an open safeguarding
flag (both about waiting times, at the hospital). Quotes about waiting times: one approved in
January, a newer one approved in March (the representative one), one rejected, and one approved
on the hidden comment (never shown).
"""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select, update

TODAY = date.today()
ANSWERED = datetime(TODAY.year, 1, 10, 10, tzinfo=UTC)
EXPECTED = {  # (topic, setting name): shown count, for the partnership
    ("Waiting times", "Hospital or clinic"): 12, ("Waiting times", "School or college"): 6,
    ("Waiting times", "All settings"): 18, ("Staff manner", "School or college"): "<5",
    ("Privacy and confidentiality", "Setting not given"): 5,
}
NEWEST_QUOTE = "the wait for my first appointment was far too long"
OLDER_QUOTE = "waiting was boring"
HIDDEN_QUOTE = "a quote on a comment a worker hid"


def _comments(session, round_id: int, version_id: int, site_id: int, themes: str, how_many: int,
              **code) -> list[int]:
    """how_many submitted responses at a site, each with one comment coded with these themes."""
    from voice_app.store import comments as comment_store
    from voice_app.store import queries
    from voice_app.store.models import Answer, Response

    keys = [f"town-{uuid.uuid4()}" for _ in range(how_many)]
    responses = [{"client_key": k, "round_id": round_id, "site_id": site_id, "survey_version_id": version_id,
                  "source": "demo", "lang": "en", "position": 0, "started_at": ANSWERED,
                  "submitted_at": ANSWERED, "completed": True} for k in keys]
    answers = [[{"question_id": "what_could_be_better", "option_id": None, "text": f"about {themes} {i}"}]
               for i in range(how_many)]
    queries.bulk_add_responses(session, responses, answers)
    session.flush()
    ids = list(session.execute(select(Answer.id).join(Response, Response.id == Answer.response_id)
                               .where(Response.client_key.in_(keys)).order_by(Answer.id)).scalars())
    for answer_id in ids:
        comment_store.save_code(session, answer_id, themes=themes, sentiment=code.get("sentiment", "negative"),
                                coded_by="worker", redacted=f"about {themes}", hidden=code.get("hidden", False))
    return ids


def build() -> None:
    from voice_app.services.organisations import ensure_organisation, ensure_round, ensure_site
    from voice_app.services.surveys import latest_definition
    from voice_app.store import comments as comment_store
    from voice_app.store import queries
    from voice_app.store.db import session_scope
    from voice_app.store.models import CommentCode

    ensure_organisation("Riverside CAMHS", "riverside-camhs")
    ensure_organisation("Hillside Youth", "hillside-youth")
    for org, slug, name, setting in [("riverside-camhs", "ward", "Riverside ward", "hospital"),
                                     ("riverside-camhs", "school-nurse", "School nurse room", "school"),
                                     ("hillside-youth", "hub", "Hillside hub", "community"),
                                     ("hillside-youth", "drop-in", "Hillside drop-in", None)]:
        ensure_site(org, name, slug, setting)
    round_ = ensure_round("camhs-wellbeing", "Spring", None)
    with session_scope() as session:
        _, version, _ = latest_definition(session, "camhs-wellbeing")
        site = {s.slug: s.id for s in queries.all_sites(session)}

        def add(slug, themes, n, **code):
            return _comments(session, round_.id, version.id, site[slug], themes, n, **code)

        waiting = add("ward", "waiting_times", 12)
        add("school-nurse", "waiting_times", 6)
        add("ward", "staff_manner", 9)
        add("school-nurse", "staff_manner", 2)
        add("hub", "staff_manner", 7)
        add("hub", "activities", 3)
        add("drop-in", "privacy", 5)
        hidden = add("ward", "waiting_times", 1, hidden=True)[0]
        flagged = add("ward", "waiting_times", 1)[0]
        comment_store.raise_flag(session, flagged, queries.site_by_slug(session, "ward").organisation_id,
                                 "possible disclosure")
        for answer_id, status, text, month in [(waiting[0], "approved", OLDER_QUOTE, 1),
                                               (waiting[1], "approved", NEWEST_QUOTE, 3),
                                               (waiting[2], "rejected", None, 4),
                                               (hidden, "approved", HIDDEN_QUOTE, 5)]:
            session.execute(update(CommentCode).where(CommentCode.answer_id == answer_id).values(
                quote_status=status, quote_text=text, quote_at=datetime(TODAY.year, month, 1, tzinfo=UTC)))


if __name__ == "__main__":
    from voice_app.services import accounts
    from voice_app.services.surveys import sync_survey_files
    from voice_app.store.db import migrate

    migrate()
    sync_survey_files()
    build()
    accounts.create_user("e2e-board", "a long e2e password", "board")
