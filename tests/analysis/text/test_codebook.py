import pytest

from analysis.text.codebook import Codebook, CodebookError, default_codebook


@pytest.fixture(scope="module")
def cb():
    return default_codebook()


def test_default_codebook_loads(cb):
    ids = [t.id for t in cb.themes]
    for wanted in ["staff_manner", "staff_listening", "feeling_safe", "environment", "location_travel",
                   "waiting_times", "appointments", "remote_sessions", "information", "family_involvement",
                   "school", "activities", "positive_experience", "negative_experience"]:
        assert wanted in ids
    assert len(cb.version) == 12
    assert all(t.description for t in cb.themes)


def test_version_changes_with_content(tmp_path, cb):
    text = (Codebook.load().themes and open(__import__("analysis.text.codebook", fromlist=["x"]).DEFAULT_PATH).read())
    path = tmp_path / "cb.yaml"
    path.write_text(text + "\n# edited\n")
    assert Codebook.load(path).version != cb.version


@pytest.mark.parametrize("text,theme", [
    ("the lady on reception was really friendly", "staff_manner"),
    ("she was so kind to me", "staff_manner"),
    ("they actually listened to me", "staff_listening"),
    ("i felt safe talking to her", "feeling_safe"),
    ("the waiting room has comfy bean bags", "environment"),
    ("it takes ages to get here on the bus", "location_travel"),
    ("i waited 6 months to be seen", "waiting_times"),
    ("my appointment got cancelled twice", "appointments"),
    ("i didnt like the video calls", "remote_sessions"),
    ("they explained everything", "information"),
    ("they let my mum come in with me", "family_involvement"),
    ("i miss school for appointments", "school"),
    ("more toys and colouring", "activities"),
    ("amazing thank you 😊", "positive_experience"),
    ("it was rubbish", "negative_experience"),
    ("the waiting room is sick", "positive_experience"),
    ("Freindly staff", "staff_manner"),
    # what children in care and at youth services say (the your-views and my-life-in-care surveys)
    ("I want a say in my review meeting", "having_a_say"),
    ("ask us before you change things", "having_a_say"),
    ("nobody asked me what I wanted", "having_a_say"),
    ("I miss my friends from my old school", "friends"),
    ("more time with my mates", "friends"),
    ("I keep getting new social workers", "same_worker"),
    ("my social worker never rings me back", "contacting"),
])
def test_theme_examples(cb, text, theme):
    assert theme in cb.code(text)


def test_waiting_room_is_not_waiting_time(cb):
    assert "waiting_times" not in cb.code("the waiting room is nice")


def test_negation(cb):
    assert "positive_experience" not in cb.code("it was not good")
    assert "negative_experience" in cb.code("it was not good")
    assert "positive_experience" not in cb.code("the sessions weren't great")
    assert "positive_experience" in cb.code("nothing, it was good")  # a comma ends the negation
    assert "staff_manner" in cb.code("the staff were not friendly")  # still about manner


def test_code_is_deterministic_and_ordered(cb):
    text = "thank you, the staff were kind but the wait was long"
    assert cb.code(text) == cb.code(text)
    order = [t.id for t in cb.themes]
    codes = cb.code(text)
    assert codes == sorted(codes, key=order.index)
    assert cb.code("") == []


def _write(tmp_path, body):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    return path


def test_bad_codebook_names_the_theme(tmp_path):
    body = "themes:\n  - id: good_one\n    name: Good\n    description: d\n    phrases: [good]\n" \
           "  - id: broken_theme\n    name: Broken\n    description: d\n    phrases: []\n"
    with pytest.raises(CodebookError, match="broken_theme"):
        Codebook.load(_write(tmp_path, body))


def test_bad_regex_names_the_theme(tmp_path):
    body = "themes:\n  - id: regex_theme\n    name: R\n    description: d\n    phrases: ['re:(unclosed']\n"
    with pytest.raises(CodebookError, match="regex_theme"):
        Codebook.load(_write(tmp_path, body))


def test_duplicate_and_missing_fields(tmp_path):
    body = "themes:\n  - id: twice\n    name: A\n    description: d\n    phrases: [a]\n" \
           "  - id: twice\n    name: B\n    description: d\n    phrases: [b]\n"
    with pytest.raises(CodebookError, match="twice"):
        Codebook.load(_write(tmp_path, body))
    body = "themes:\n  - id: no_name\n    description: d\n    phrases: [a]\n"
    with pytest.raises(CodebookError, match="no_name.*name"):
        Codebook.load(_write(tmp_path, body))
    with pytest.raises(CodebookError, match="YAML"):
        Codebook.load(_write(tmp_path, "themes: [unclosed"))
    with pytest.raises(CodebookError):
        Codebook.load(_write(tmp_path, "just text"))


def test_nhs_categories_mapping(cb):
    assert cb.nhs_categories(["staff_manner"]) == {"Staff manner & personal attributes"}
    assert cb.nhs_categories(["school"]) == set()


def test_friendly_is_manner_not_friends(cb):
    assert "friends" not in cb.code("the staff are really friendly")
