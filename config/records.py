"""Small helpers for writing model rows."""

from __future__ import annotations

from typing import Any


def assign_changed(obj: Any, wanted: dict[str, Any]) -> bool:
    """Set the fields whose value differs from `wanted`; True when any did (then save it)."""
    changed = False
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
