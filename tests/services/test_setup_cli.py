"""Setting up a partnership by commands alone: add-organisation, add-site, setup FILE."""
from pathlib import Path

import pytest

from voice_app.cli import main
from voice_app.services.organisations import list_rounds, list_sites

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "partnership.example.yaml"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def audit_actions() -> list[str]:
    from sqlalchemy import select

    from voice_app.store.db import session_scope
    from voice_app.store.models import AuditEvent

    with session_scope() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_add_organisation_and_site_print_their_slugs_and_are_idempotent(database, capsys):
    assert run(capsys, "add-organisation", "Riverside CAMHS") == (0, "riverside-camhs\n",
                                                                  "organisation riverside-camhs: created\n")
    code, out, err = run(capsys, "add-site", "riverside-camhs", "Riverside clinic waiting room",
                         "--slug", "riverside-wr", "--contact-email", "desk@riverside.example.org")
    assert (code, out) == (0, "riverside-wr\n") and "created" in err
    assert run(capsys, "add-organisation", "Riverside CAMHS")[:2] == (0, "riverside-camhs\n")
    code, out, err = run(capsys, "add-site", "riverside-camhs", "Riverside clinic waiting room",
                         "--slug", "riverside-wr")
    assert (code, out) == (0, "riverside-wr\n") and "nothing changed" in err
    assert [(s.slug, s.name, s.organisation) for s in list_sites()] == [
        ("riverside-wr", "Riverside clinic waiting room", "Riverside CAMHS")]
    assert audit_actions() == ["organisation.create", "site.create"]


def test_add_site_errors_are_clear(database, capsys):
    run(capsys, "add-organisation", "Riverside CAMHS")
    run(capsys, "add-organisation", "Hillside Youth", "--slug", "hillside")
    run(capsys, "add-site", "riverside-camhs", "Waiting room", "--slug", "waiting-room")
    code, out, err = run(capsys, "add-site", "the-moon", "Crater")
    assert (code, out) == (1, "") and "no organisation 'the-moon'" in err
    code, _, err = run(capsys, "add-site", "hillside", "Waiting room", "--slug", "waiting-room")
    assert code == 1 and "already used by the site 'Waiting room' of riverside-camhs" in err
    code, _, err = run(capsys, "add-site", "hillside", "Hub", "--contact-email", "not an address")
    assert code == 1 and "is not an email address" in err
    code, _, err = run(capsys, "add-organisation", "Someone Else", "--slug", "hillside")
    assert code == 1 and "already used by the organisation 'Hillside Youth'" in err
    code, _, err = run(capsys, "add-organisation", "Bad", "--slug", "Bad Slug")
    assert code == 1 and "may only have lower-case letters" in err
    assert "Traceback" not in err


def test_setup_creates_the_partnership_prints_links_and_a_second_run_changes_nothing(database, capsys):
    code, out, err = run(capsys, "setup", str(EXAMPLE))
    assert code == 0, err
    assert "organisation riverside-camhs: created" in out
    assert "site riverside-waiting-room (riverside-camhs): created" in out
    assert "round camhs-wellbeing / 2020-21: created" in out
    assert ("camhs-wellbeing at riverside-waiting-room: "
            "http://localhost:8501/kiosk?survey=camhs-wellbeing&site=riverside-waiting-room") in out
    assert out.count("/kiosk?") == 2 * 3  # two surveys at three sites
    [round_] = list_rounds("camhs-wellbeing")
    assert (round_.name, round_.invited, str(round_.opens_on), str(round_.closes_on)) == (
        "2020-21", 240, "2020-04-01", "2021-03-31")
    events = audit_actions()

    code, again, _ = run(capsys, "setup", str(EXAMPLE))
    assert code == 0 and "created" not in again and "updated" not in again
    assert "Nothing changed" in again and again.count("/kiosk?") == 6
    assert audit_actions() == events


def test_setup_updates_what_changed_in_the_file(database, capsys, tmp_path):
    run(capsys, "setup", str(EXAMPLE))
    changed = tmp_path / "p.yaml"
    changed.write_text(EXAMPLE.read_text().replace("invited: 240", "invited: 250")
                       .replace("reception@riverside", "desk@riverside"))
    code, out, _ = run(capsys, "setup", str(changed))
    assert code == 0
    assert "round camhs-wellbeing / 2020-21: updated" in out
    assert "site riverside-waiting-room (riverside-camhs): updated" in out
    assert list_rounds("camhs-wellbeing")[0].invited == 250


BAD_FILES = [
    ("organisations:\n  - name: A\n    sites:\n      - name: B\n        contact_emial: x@y.org\n",
     "line 5", "contact_emial"),
    ("organisations:\n  - name: A\n    sites:\n      - name: B\n        contact_email: not-an-address\n",
     "line 5", "not an email address"),
    ("organisations:\n  - slug: a\n", "line 2", "name"),
    ("rounds:\n  - survey: camhs-wellbeing\n    name: R1\n    invited: -3\n", "line 4", "invited"),
    ("rounds:\n  - survey: camhs-wellbeing\n    name: R1\n    opens: 2021-04-01\n    closes: 2020-04-01\n",
     "line 2", "cannot close before it opens"),
    ("rounds:\n  - survey: no-such-survey\n    name: R1\n", "line 2", "no survey called 'no-such-survey'"),
    ("organisations:\n  - name: A\n    slug: a\n  - name: B\n    slug: a\n", "line 4", "slug 'a' appears twice"),
    ("organisations:\n  - name: A\n    sites: [{name: Hub, slug: hub}]\n  - name: B\n    sites:\n"
     "      - {name: Hub, slug: hub}\n", "line 6", "site slug 'hub' appears twice"),
    ("organisations: [\n", "line 2", "not valid YAML"),
    ("- just a list\n", "line 1", "a mapping"),
]


@pytest.mark.parametrize("text, line, says", BAD_FILES)
def test_a_bad_file_names_the_line_and_field_and_changes_nothing(database, capsys, tmp_path, text, line, says):
    path = tmp_path / "partnership.yaml"
    path.write_text(text)
    code, out, err = run(capsys, "setup", str(path))
    assert code == 1 and out == ""
    assert f"partnership.yaml, {line}" in err and says in err, err
    assert "Traceback" not in err
    assert list_sites() == [] and audit_actions() == []


def test_a_clash_with_the_database_names_the_line_and_nothing_is_created(database, capsys, tmp_path):
    run(capsys, "add-organisation", "Elsewhere", "--slug", "elsewhere")
    run(capsys, "add-site", "elsewhere", "Hub", "--slug", "riverside-waiting-room")
    code, out, err = run(capsys, "setup", str(EXAMPLE))
    assert code == 1
    assert "line 12 (organisations[0].sites[0])" in err and "already used by the site 'Hub' of elsewhere" in err
    assert [s.slug for s in list_sites()] == ["riverside-waiting-room"]
    assert list_rounds("camhs-wellbeing") == []


def test_invited_per_site_gives_each_site_its_own_response_rate(database, capsys, tmp_path):
    from voice_app.services.organisations import invited_at_sites

    path = tmp_path / "p.yaml"
    path.write_text(EXAMPLE.read_text().replace(
        "    invited: 240\n", "    invited: 240\n    invited_at_sites:\n      riverside-waiting-room: 80\n"))
    code, _, err = run(capsys, "setup", str(path))
    assert code == 0, err
    [round_] = [r for r in list_rounds("camhs-wellbeing")]
    assert invited_at_sites("camhs-wellbeing", round_.name) == {"riverside-waiting-room": 80}
    path.write_text(path.read_text().replace("riverside-waiting-room: 80", "nowhere: 80"))
    code, _, err = run(capsys, "setup", str(path))
    assert code == 1 and "no site 'nowhere'" in err

