"""Who may do what lives in one place (voice_app/services/access.py): the menus, the pages and
the services all ask it, and no other code names a role."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from voice_app.app import STAFF_PAGES
from voice_app.services import access
from voice_app.services.access import Can, Role
from voice_app.services.accounts import StaffUser

ROOT = Path(__file__).resolve().parents[2] / "voice_app"
ROLE_VALUES = {role.value for role in Role}


def person(role: str) -> StaffUser:
    return StaffUser(1, "someone", role, (1,))


def test_each_role_may_do_what_the_product_says():
    assert access.can(person("worker"), Can.READ_COMMENTS)
    assert not access.can(person("worker"), Can.HANDLE_SAFEGUARDING)
    assert access.can(person("safeguarding_lead"), Can.HANDLE_SAFEGUARDING)
    assert not access.can(person("safeguarding_lead"), Can.READ_COMMENTS)
    assert not access.can(person("board"), Can.SEE_STAFF_FIGURES)  # a board sees suppressed figures only
    assert not access.can(person("board"), Can.READ_COMMENTS)  # and never a raw comment
    assert access.audience(person("board")) == "board"
    assert all(access.can(person("admin"), c) for c in Can)


@pytest.mark.parametrize("role", ["", "Admin", "superuser", "board_member"])
def test_an_unknown_role_may_do_nothing(role):
    assert not any(access.can(person(role), c) for c in Can)
    with pytest.raises(PermissionError):
        access.require(person(role), Can.SEE_FIGURES)
    assert not access.can(None, Can.SEE_FIGURES)


def test_the_menus_follow_the_capabilities():
    shown = {role: [title for pages in STAFF_PAGES.values() for _, title, _, _, roles in pages if role in roles]
             for role in Role}
    assert "Safeguarding queue" not in shown[Role.WORKER] and "What children wrote" in shown[Role.WORKER]
    assert "What children wrote" not in shown[Role.BOARD] and "Board summary" in shown[Role.BOARD]
    assert "Staff users" in shown[Role.ADMIN] and "Staff users" not in shown[Role.LEAD]


def _role_names_outside_access(path: Path) -> list[str]:
    """Role names written as text: a literal compared with a `.role`, or an unmistakable role
    name ('admin', 'safeguarding_lead') anywhere. ('worker' and 'board' are also audiences and
    coding sources, so only their comparisons with a role count.)"""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in {"admin", "safeguarding_lead"}:
            found.append(f"{path.name}:{node.lineno} {node.value!r}")
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "role":
            for right in node.comparators:
                values = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
                found += [f"{path.name}:{node.lineno} role compared with {v.value!r}" for v in values
                          if isinstance(v, ast.Constant) and v.value in ROLE_VALUES]
    return found


def test_no_role_name_is_written_outside_access():
    files = [p for p in ROOT.rglob("*.py") if p.name != "access.py" and "migrations" not in p.parts]
    assert [hit for p in files for hit in _role_names_outside_access(p)] == []
