"""The lock file is what every machine installs (`make install`): it must pin, with hashes,
every package requirements.txt asks for, at a version inside the range asked for."""
import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9_.\-\[\]]+)==([^\s\\]+)", block)
        if head:
            name = canonicalize_name(head.group(1).split("[")[0])
            pins[name] = (head.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return pins


def test_every_requirement_is_pinned_with_hashes_inside_its_range():
    pins = _pins()
    wanted = [Requirement(line.split("#")[0].strip())
              for line in (ROOT / "requirements.txt").read_text().splitlines() if line.split("#")[0].strip()]
    assert wanted
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in requirements.txt but not in requirements.lock: run `make lock`"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} is outside {req.specifier}"
        assert hashes, f"{req.name} has no hash in requirements.lock"


def test_every_pin_has_a_hash():
    assert all(hashes for _, hashes in _pins().values())
