"""A site's setting (school, hospital, social care, community, family): set by the admin page's
service, add-site --setting and the partnership file; an unknown one is refused, naming it."""
import pytest

from voice_app.cli import main
from voice_app.services import accounts
from voice_app.services import organisations as orgs
from voice_app.services import organisations_admin as org_admin
from voice_app.services.partnership import PartnershipError, apply_file
from voice_app.services.site_settings import NO_SETTING, check_setting, setting_name


def settings_by_slug(user) -> dict[str, str | None]:
    return {s.slug: s.setting for s in org_admin.list_site_details(user)}


def test_names_dashes_and_blanks_are_read_and_anything_else_is_refused():
    assert check_setting("Social care") == check_setting("social-care") == "social_care"
    assert check_setting("  ") is None and check_setting(None) is None
    assert setting_name("school") == "School or college" and setting_name(None) == NO_SETTING
    with pytest.raises(ValueError, match="unknown setting 'prison': use one of school, hospital, social_care"):
        check_setting("prison")


def test_an_admin_sets_and_clears_a_sites_setting(database):
    admin = accounts.create_user("ada", "a long test password", "admin")
    orgs.ensure_organisation("Riverside CAMHS", "riverside-camhs")
    site = org_admin.save_site(admin, "riverside-camhs", "Ward 4", setting="hospital")
    assert site.setting == "hospital" and site.setting_name == "Hospital or clinic"
    assert settings_by_slug(admin) == {"ward-4": "hospital"}
    org_admin.save_site(admin, "riverside-camhs", "Ward 4", site_id=site.id, setting=None)
    assert settings_by_slug(admin) == {"ward-4": None}
    with pytest.raises(orgs.AdminError, match="unknown setting 'ward'"):
        org_admin.save_site(admin, "riverside-camhs", "Ward 4", site_id=site.id, setting="ward")
    assert settings_by_slug(admin) == {"ward-4": None}  # nothing changed by the refused save


def test_add_site_setting_and_its_error(database, capsys):
    admin = accounts.create_user("ada", "a long test password", "admin")
    main(["add-organisation", "Hillside Youth", "--slug", "hillside"])
    assert main(["add-site", "hillside", "School drop-in", "--setting", "school"]) == 0
    assert main(["add-site", "hillside", "School drop-in", "--setting", "community"]) == 0  # updated
    assert main(["add-site", "hillside", "Hub", "--setting", "playground"]) == 1
    err = capsys.readouterr().err
    assert "unknown setting 'playground'" in err and "Traceback" not in err
    assert settings_by_slug(admin) == {"school-drop-in": "community"}


def test_the_partnership_file_sets_settings_and_names_an_unknown_one(database, tmp_path):
    admin = accounts.create_user("ada", "a long test password", "admin")
    good = tmp_path / "partnership.yaml"
    good.write_text("organisations:\n  - name: Oak\n    sites:\n      - name: Oak school\n        setting: school\n"
                    "      - name: Oak hub\n")
    apply_file(good)
    assert settings_by_slug(admin) == {"oak-school": "school", "oak-hub": None}
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisations:\n  - name: Elm\n    sites:\n      - name: Elm ward\n        setting: ward\n")
    with pytest.raises(PartnershipError, match=r"bad.yaml, line 5 \(organisations\[0\].sites\[0\].setting\): "
                                               r"unknown setting 'ward'"):
        apply_file(bad)
    assert "elm-ward" not in settings_by_slug(admin)


def test_the_demo_sites_have_settings(database):
    from voice_app.services.demo import load_demo

    load_demo(responses_per_round=3)
    admin = accounts.create_user("ada", "a long test password", "admin")
    assert settings_by_slug(admin) == {"riverside-waiting-room": "hospital", "northgate-clinic": "hospital",
                                       "hillside-youth-hub": "community"}
