"""The schema of a survey file, and loading with errors that name the file, question and problem.

Wording is a `Text`: a plain string, or a mapping from a locale to a string. A locale is a
language ("en", "pl"), a variant ("en-easy" for Easy Read) and optionally an age band after
a colon ("en:under_11"), so a file can carry translations and age-banded wording.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SURVEYS_DIR = Path(__file__).resolve().parent
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
# An option's picture: a relative name of plain parts (pictures/happy.png), never a path elsewhere.
_PICTURE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*\.(png|jpe?g)", re.IGNORECASE)
QuestionType = Literal["scale", "single", "multi", "text"]
Text = str | dict[str, str]
# The age bands a survey can be worded for and asked of (the age_band question's options, less
# "prefer not to say"). Under-11s see at most MAX_YOUNG_QUESTIONS questions.
AGE_BANDS = ("under_11", "11_to_15", "16_plus")
YOUNG = "under_11"
MAX_YOUNG_QUESTIONS = 6


class SurveyFileError(ValueError):
    """A survey file that cannot be used, with where and why."""


def pick(text: Text | None, lang: str = "en", age_band: str | None = None) -> str:
    """The wording for a language and age band, falling back to the language, then English."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    base = lang.split("-")[0]
    # A variant (Easy Read) keeps its age band's words first: an under-11 reads the under-11 words.
    keys = ([f"{lang}:{age_band}", f"{base}:{age_band}"] if age_band else []) + [lang, base]
    if age_band:
        keys.append(f"en:{age_band}")
    keys.append("en")
    for key in keys:
        if key in text:
            return text[key]
    return next(iter(text.values()), "")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: Text
    emoji: str | None = None
    image: str | None = None  # a picture for under-11s, relative to surveys/
    exclusive: bool = False  # e.g. "neither": ticking it clears the others

    @field_validator("label")
    @classmethod
    def _label_not_blank(cls, v: Text) -> Text:
        values = [v] if isinstance(v, str) else list(v.values())
        if not values or any(not s.strip() for s in values):
            raise ValueError("label must not be blank")
        return v


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    type: QuestionType
    text: Text
    help: Text | None = None
    optional: bool = False
    options: list[Option] = []
    max_length: int = Field(default=1000, ge=1, le=5000)
    ages: list[str] | None = None  # the age bands it is asked of; None: every child
    # Single choice only: the options reported as "positive", like the Friends and Family Test's
    # "very good" and "good" (a scale's are always its top two).
    positive: list[str] = []

    @field_validator("ages")
    @classmethod
    def _known_bands(cls, v: list[str] | None) -> list[str] | None:
        if v is None:
            return v
        unknown = [band for band in v if band not in AGE_BANDS]
        if not v or unknown or len(set(v)) != len(v):
            raise ValueError(f"ages lists age bands once each, from {', '.join(AGE_BANDS)}"
                             + (f" (not {', '.join(map(repr, unknown))})" if unknown else ""))
        return v

    def asked_of(self, age_band: str | None) -> bool:
        return self.ages is None or age_band is None or age_band in self.ages

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        if self.type == "text" and self.options:
            raise ValueError("a free-text question has no options")
        if self.type == "scale" and len(self.options) != 5:
            raise ValueError(f"a scale needs exactly 5 options, got {len(self.options)}")
        if self.type in ("single", "multi") and len(self.options) < 2:
            raise ValueError("a choice question needs at least 2 options")
        if self.positive and self.type != "single":
            raise ValueError("only a single choice question names its positive options")
        unknown = [p for p in self.positive if p not in ids]
        if unknown:
            raise ValueError(f"positive names unknown option {', '.join(map(repr, unknown))}")
        return self

    def positive_options(self) -> list[str]:
        """Top two options of a 5-point scale count as positive (the reporting rule); a single
        choice question's are those it names."""
        return [o.id for o in self.options[-2:]] if self.type == "scale" else list(self.positive)

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    def meta(self) -> dict:
        """The shape analysis/figures.py expects."""
        return {"id": self.id, "type": self.type, "options": [o.id for o in self.options],
                "positive": self.positive_options()}


# What a child who may just have told us about harm reads on the thank-you screen. Checked
# against the NSPCC's advice on responding when a child tells you about abuse, point by point:
# thank them and say they did the right thing by telling; tell them it is not their fault (here:
# they are not in trouble); take them seriously and explain what happens next (who will read it
# and why); never promise to keep it a secret (nothing here says it stays private); and give a
# way to get help now (Childline, a member of staff here). The survey is anonymous, so it also
# says it has no name on it, and offers someone here to talk to.
DEFAULT_CONCERN_MESSAGE = (
    "Thank you for telling us. You did the right thing. You are not in trouble. "
    "A grown-up whose job is to keep children safe will read what you wrote, so that they "
    "can work out how to help. This survey does not have your name on it.")
DEFAULT_CONCERN_HELP = (
    "If you want to talk to someone now, tell a member of staff here, or call Childline on "
    "0800 1111. It is free, and you can call any time, day or night. If you are in danger "
    "right now, call 999.")
DEFAULT_TALK_BUTTON = "I'd like someone here to talk to me"
DEFAULT_TALK_DONE = "Thank you. Someone will come and find you."


class AfterConcern(Strict):
    """The thank-you wording when something a child wrote may need a grown-up to act.

    Never says that anything was "flagged", and never promises secrecy."""
    message: Text = DEFAULT_CONCERN_MESSAGE
    help: Text = DEFAULT_CONCERN_HELP
    talk_button: Text = DEFAULT_TALK_BUTTON
    talk_done: Text = DEFAULT_TALK_DONE

    @field_validator("message", "help", "talk_button", "talk_done")
    @classmethod
    def _not_blank(cls, v: Text) -> Text:
        values = [v] if isinstance(v, str) else list(v.values())
        if not values or any(not s.strip() for s in values):
            raise ValueError("must not be blank")
        return v


class SurveyDefinition(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    intro: Text | None = None
    thanks: Text | None = None
    languages: list[str] = ["en"]
    # Languages whose wording a native speaker has still to check (shown to staff, not children).
    needs_review: list[str] = []
    questions: list[Question]
    after_concern: AfterConcern | None = None  # None: the schema's wording

    @model_validator(mode="after")
    def _unique_questions(self) -> SurveyDefinition:
        if not self.questions:
            raise ValueError("a survey needs at least one question")
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question '{q.id}': id used twice")
            seen.add(q.id)
        unknown = [lang for lang in self.needs_review if lang not in self.languages]
        if unknown:
            raise ValueError(f"needs_review names {', '.join(map(repr, unknown))}, not in languages")
        return self

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def asked_of(self, age_band: str | None) -> list[Question]:
        """The questions a child of this age band is asked (every one when the age is not known)."""
        return [q for q in self.questions if q.asked_of(age_band)]

    def worded_for(self, age_band: str) -> bool:
        """Whether the survey has a version for this age band: its own words or its own questions."""
        texts = [self.title, self.intro, self.thanks]
        for q in self.questions:
            texts += [q.text, q.help, *(o.label for o in q.options)]
        return (any(isinstance(t, dict) and any(k.endswith(f":{age_band}") for k in t) for t in texts)
                or any(q.ages is not None and age_band in q.ages for q in self.questions))

    @property
    def concern_wording(self) -> AfterConcern:
        return self.after_concern or AfterConcern()

    def canonical_json(self) -> str:
        data = self.model_dump(mode="json")
        if data.get("after_concern") is None:
            # A file without the block keeps the hash (and version) it had before the block existed.
            data.pop("after_concern", None)
        if not data.get("needs_review"):
            data.pop("needs_review", None)  # likewise a file without the review mark
        for q in data["questions"]:
            if q.get("ages") is None:
                q.pop("ages", None)  # and a question asked of every age
            if not q.get("positive"):
                q.pop("positive", None)  # and a question that names no positive options
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]


def _describe(err: ValidationError, data: dict) -> str:
    """Turn pydantic's error locations into 'question "x": problem'."""
    problems = []
    for e in err.errors():
        loc = list(e["loc"])
        where = []
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            qs = data.get("questions") or []
            qid = qs[loc[1]].get("id", f"#{loc[1] + 1}") if loc[1] < len(qs) and isinstance(qs[loc[1]], dict) else f"#{loc[1] + 1}"
            where.append(f"question '{qid}'")
            loc = loc[2:]
        field = ".".join(str(p) for p in loc if not re.fullmatch(r"[a-z_]+\[.*\]|function-after.*", str(p)))
        if field:
            where.append(field)
        msg = e["msg"].removeprefix("Value error, ")
        problems.append(f"{', '.join(where) or 'survey'}: {msg}")
    return "; ".join(problems)


def parse_survey(data: object, source: str = "<survey>") -> SurveyDefinition:
    if not isinstance(data, dict):
        raise SurveyFileError(f"{source}: the file must be a mapping with id, title and questions")
    try:
        return SurveyDefinition.model_validate(data)
    except ValidationError as err:
        raise SurveyFileError(f"{source}: {_describe(err, data)}") from None


# A survey file is a few kB; the biggest sensible one (many languages, many questions) is far
# below these. YAML aliases let a small file name the same block again and again: counted as
# written out in full, a file may not pass MAX_EXPANDED_CHARS (a 45 kB file once became 30 MB).
MAX_SURVEY_FILE_BYTES = 512 * 1024
MAX_EXPANDED_CHARS = 1_000_000
# Option pictures are small: a child's tablet shows them a few hundred pixels wide.
MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_PICTURE_PIXELS = 16_000_000


def _expanded_chars(root: yaml.Node, source: str) -> int:
    """How many characters the document holds with every alias written out, without writing it
    out: an alias is the same node object as its anchor, so each node's size is worked out once."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise SurveyFileError(f"{source}: an alias refers to a block that holds it (it never ends)")
        busy.add(key)
        if isinstance(node, yaml.ScalarNode):
            total = len(node.value) + 1
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        busy.discard(key)
        sizes[key] = total = min(total, MAX_EXPANDED_CHARS + 1)
        return total

    return size(root)


def _read_yaml(text: str, source: str) -> object:
    """The file's data, once its size and its size with aliases written out are within limits."""
    if len(text.encode("utf-8")) > MAX_SURVEY_FILE_BYTES:
        raise SurveyFileError(f"{source}: the file is too large ({MAX_SURVEY_FILE_BYTES // 1024} kB at most)")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: aliases not written out
        if root is not None and _expanded_chars(root, source) > MAX_EXPANDED_CHARS:
            raise SurveyFileError(f"{source}: with its aliases (*name) written out, the file expands to "
                                  f"more than {MAX_EXPANDED_CHARS:,} characters; write each block out "
                                  "instead of repeating it by alias")
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise SurveyFileError(f"{source}: not valid YAML: {err}") from None
    except RecursionError:
        raise SurveyFileError(f"{source}: the file is nested too deeply") from None


def picture_path(folder: Path, image: str) -> Path | None:
    """An option's picture as a file inside `folder` (the surveys folder), or None when it names
    anything else: an absolute path, a way up (..), or a link that leads outside."""
    if not _PICTURE_NAME.fullmatch(image) or ".." in image.split("/"):
        return None
    folder = folder.resolve()
    path = (folder / image).resolve()
    return path if path.is_relative_to(folder) else None


def _check_picture(folder: Path, source: str, question: Question, option: Option) -> None:
    from voice_app.pictures import PictureError, open_picture

    where = f"{source}: question '{question.id}', option '{option.id}': picture '{option.image}'"
    path = picture_path(folder, option.image)
    if path is None:
        raise SurveyFileError(f"{where} must be a .png or .jpg file inside the surveys folder "
                              "(a name like pictures/happy.png, without .. or a leading /)")
    if not path.is_file():
        raise SurveyFileError(f"{where} not found beside the survey file")
    try:
        open_picture(path, max_bytes=MAX_PICTURE_BYTES, max_pixels=MAX_PICTURE_PIXELS).close()
    except PictureError as err:
        raise SurveyFileError(f"{where}: {err}") from None


def load_survey_file(path: str | Path, text: str | None = None, pictures: Path | None = None) -> SurveyDefinition:
    """A survey file, checked; `pictures` is the surveys folder its option pictures must be in
    (by default the file's own folder: an uploaded file passes the app's surveys folder)."""
    path = Path(path)
    if text is None:
        if path.stat().st_size > MAX_SURVEY_FILE_BYTES:
            raise SurveyFileError(f"{path.name}: the file is too large ({MAX_SURVEY_FILE_BYTES // 1024} kB at most)")
        text = path.read_text(encoding="utf-8")
    data = _read_yaml(text, path.name)
    survey = parse_survey(data, path.name)
    for q in survey.questions:
        for o in q.options:
            if o.image:
                _check_picture(pictures or path.parent, path.name, q, o)
    check_young_version(survey, path.name)
    return survey


def check_young_version(survey: SurveyDefinition, source: str) -> None:
    """A survey with an under-11 version asks under-11s at most MAX_YOUNG_QUESTIONS questions,
    and every option they see has a face (emoji) or a picture, so a child can answer by tapping it."""
    if not survey.worded_for(YOUNG):
        return
    young = survey.asked_of(YOUNG)
    if len(young) > MAX_YOUNG_QUESTIONS:
        others = ", ".join(band for band in AGE_BANDS if band != YOUNG)
        raise SurveyFileError(f"{source}: under-11s would see {len(young)} questions "
                              f"({', '.join(q.id for q in young)}); at most {MAX_YOUNG_QUESTIONS}. "
                              f"Give the others 'ages: [{others}]'")
    for q in young:
        for o in q.options:
            if not (o.emoji or o.image):
                raise SurveyFileError(f"{source}: question '{q.id}', option '{o.id}': under-11s see this "
                                      "question, so every option needs a face or a picture (emoji: or image:)")


def builtin_survey_files() -> list[Path]:
    return sorted(SURVEYS_DIR.glob("*.yaml"))
