from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def dom_id(name: str) -> str:
    """A safe, unique element id for a form field named like `task:1.a:status`."""
    return "f-" + name.encode().hex()
