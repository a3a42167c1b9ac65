"""The setting of a site: where children are heard there (school, hospital, social care,
community, family: the seed report's No Wrong Door settings). A site may have none yet: its
children's views then count under "Setting not given"."""
from __future__ import annotations

from voice_app.store.models import SETTING_NAMES, Setting

NO_SETTING = "Setting not given"


def setting_choices() -> dict[str, str]:
    """{setting value: name} in the order a form or a table lists them."""
    return {s.value: SETTING_NAMES[s] for s in Setting}


def setting_name(value: str | None) -> str:
    return setting_choices().get(value or "", NO_SETTING)


def check_setting(value: str | None, error: type[ValueError] = ValueError) -> str | None:
    """A setting as stored: a Setting value, or None for "not given" (blank). A name ("Social
    care") or dashes (social-care) are read too; anything else is refused, naming it."""
    text = (value or "").strip()
    if not text:
        return None
    key = text.lower().replace("-", "_").replace(" ", "_")
    by_name = {name.lower().replace(" ", "_"): value for value, name in setting_choices().items()}
    found = key if key in setting_choices() else by_name.get(key)
    if found is None:
        raise error(f"unknown setting '{text}': use one of {', '.join(setting_choices())} (or leave it out)")
    return found
