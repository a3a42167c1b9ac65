"""How a child's answers reached us: on a tablet (the kiosk, or a link on a phone), on paper typed
in by a worker, or imported from a file. Answers combine in every figure whatever the mode;
staff can break down and filter results by it (services/results.py)."""
from __future__ import annotations

MODES = {"tablet": "Tablet", "paper": "Paper", "imported": "Imported"}


def mode_of(source: str | None) -> str:
    """"paper", "imported" or "tablet", from a response's source (kiosk, paper, import, demo: the
    demo stands for tablet answers). The store's mode_column is the same rule in SQL."""
    return {"paper": "paper", "import": "imported"}.get(source or "", "tablet")


def mode_label(mode: str) -> str:
    return MODES.get(mode, mode)
