"""Survey files have limits: a small file cannot expand into a huge survey (YAML aliases), and an
option's picture is a file inside the surveys folder, never anywhere else on the server."""
import pytest

from surveys import SurveyFileError, builtin_survey_files, load_survey_file
from surveys.schema import MAX_EXPANDED_CHARS, MAX_SURVEY_FILE_BYTES
from tests.images import bomb_png, png


def alias_bomb(questions: int = 30) -> str:
    """A valid survey of a few kB whose aliases name a 5,000-character label in 50 languages, five
    options of that, in every question: written out, tens of MB."""
    locales = "\n".join(f"          l{n}: *long" for n in range(50))
    others = "\n".join(f"  - {{id: q{n}, type: single, text: Pick, options: *options}}"
                        for n in range(1, questions))
    return f"""id: bomb
title: {{en: &long "{'x' * 5000}"}}
questions:
  - id: q0
    type: single
    text: Pick
    options: &options
      - id: a
        label: &label
{locales}
      - {{id: b, label: *label}}
      - {{id: c, label: *label}}
      - {{id: d, label: *label}}
      - {{id: e, label: *label}}
{others}
"""


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    assert path.stat().st_size < 10_000
    with pytest.raises(SurveyFileError, match=r"^bomb\.yaml: .*expands to more than"):
        load_survey_file(path)


def test_an_alias_that_refers_to_itself_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("id: loop\ntitle: Loop\nquestions: &q [*q]\n")
    with pytest.raises(SurveyFileError, match=r"^loop\.yaml: "):
        load_survey_file(path)


def test_ordinary_aliases_are_still_fine():
    # The built-in survey shares one 5-point scale between its questions by an alias.
    assert any("*happy_scale" in p.read_text() for p in builtin_survey_files())
    for path in builtin_survey_files():
        load_survey_file(path)


def test_a_file_that_is_too_big_is_refused_by_its_size(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_SURVEY_FILE_BYTES + "\nid: big\n")
    with pytest.raises(SurveyFileError, match=r"^big\.yaml: the file is too large"):
        load_survey_file(path)


def test_the_limit_on_expansion_leaves_room_for_a_real_survey():
    biggest = max(len(p.read_text()) for p in builtin_survey_files())
    assert MAX_EXPANDED_CHARS > 20 * biggest


def survey_with_picture(image: str) -> str:
    return f"""id: pics
title: Pictures
questions:
  - id: mood
    type: single
    text: How are you?
    options:
      - {{id: good, label: Good, image: '{image}'}}
      - {{id: bad, label: Bad}}
"""


@pytest.mark.parametrize("image", ["/etc/passwd", "../secret.png", "pictures/../../secret.png",
                                   "pictures\\..\\..\\secret.png", "~/secret.png", "C:/secret.png"])
def test_a_picture_must_be_a_file_inside_the_surveys_folder(tmp_path, image):
    folder = tmp_path / "surveys"
    (folder / "pictures").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(png())
    path = folder / "pics.yaml"
    path.write_text(survey_with_picture(image))
    with pytest.raises(SurveyFileError, match=r"^pics\.yaml: question 'mood'.*picture.*inside the surveys folder"):
        load_survey_file(path)


def test_a_picture_that_leaves_the_folder_by_a_link_is_refused(tmp_path):
    folder = tmp_path / "surveys"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(png())
    (folder / "sneaky.png").symlink_to(tmp_path / "secret.png")
    path = folder / "pics.yaml"
    path.write_text(survey_with_picture("sneaky.png"))
    with pytest.raises(SurveyFileError, match="inside the surveys folder"):
        load_survey_file(path)


def test_a_picture_must_be_a_picture_of_a_sensible_size(tmp_path):
    (tmp_path / "pictures").mkdir()
    path = tmp_path / "pics.yaml"
    path.write_text(survey_with_picture("pictures/good.png"))
    (tmp_path / "pictures" / "good.png").write_bytes(b"not a picture")
    with pytest.raises(SurveyFileError, match="not a picture"):
        load_survey_file(path)
    (tmp_path / "pictures" / "good.png").write_bytes(bomb_png(5_000, 5_000))
    with pytest.raises(SurveyFileError, match="too many pixels"):
        load_survey_file(path)
    (tmp_path / "pictures" / "good.png").write_bytes(png())
    assert load_survey_file(path).question("mood").option("good").image == "pictures/good.png"


def test_an_uploaded_survey_takes_its_pictures_from_the_surveys_folder_only(tmp_path, monkeypatch):
    from voice_app.config import get_settings
    from voice_app.services import survey_admin

    folder = tmp_path / "surveys"
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "good.png").write_bytes(png())
    monkeypatch.setenv("VOICE_SURVEYS_DIR", str(folder))
    get_settings.cache_clear()
    try:
        assert survey_admin.parse_upload("up.yaml", survey_with_picture("pictures/good.png").encode())
        for image in ("/etc/passwd", "../../../../../../etc/passwd"):
            with pytest.raises(SurveyFileError, match=r"^up\.yaml: .*inside the surveys folder"):
                survey_admin.parse_upload("up.yaml", survey_with_picture(image).encode())
        with pytest.raises(SurveyFileError, match=r"^big\.yaml: the file is too large"):
            survey_admin.parse_upload("big.yaml", b"#" * (MAX_SURVEY_FILE_BYTES + 1))
        with pytest.raises(SurveyFileError, match=r"^bomb\.yaml: .*expands to more than"):
            survey_admin.parse_upload("bomb.yaml", alias_bomb().encode())
    finally:
        get_settings.cache_clear()


def test_the_kiosk_shows_a_picture_only_from_inside_the_surveys_folder(tmp_path):
    from surveys.schema import picture_path

    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "good.png").write_bytes(png())
    assert picture_path(tmp_path, "pictures/good.png") == (tmp_path / "pictures" / "good.png").resolve()
    for image in ("/etc/passwd", "../x.png", "pictures/../../x.png", "pictures//good.png", ""):
        assert picture_path(tmp_path, image) is None


def test_pictures_must_exist_beside_the_survey_file(tmp_path):
    path = tmp_path / "pics.yaml"
    path.write_text(survey_with_picture("pictures/good.png"))
    with pytest.raises(SurveyFileError, match="question 'mood', option 'good': picture 'pictures/good.png' not found"):
        load_survey_file(path)
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "good.png").write_bytes(png())
    assert load_survey_file(path).question("mood").option("good").image == "pictures/good.png"
