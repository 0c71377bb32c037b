from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def dom_id(name: str) -> str:
    """A safe, unique element id for a form field named like `task:1.a:status`."""
    return "f-" + name.encode().hex()


@register.simple_tag
def field_messages(field: Any, oob: bool = False) -> SafeString:
    """A field's errors and warnings, in the span the autosave swaps (out of band with `oob`).
    A tag, not an included template: a 60-indicator, 40-task report has some 300 such spans,
    and an include each is the heavier way to draw them (6 % of the form's Python calls)."""
    errors = format_html_join(
        "", '<span class="field-error">{}</span>', ((e,) for e in field.errors)
    )
    warnings = format_html_join(
        "", '<span class="field-warning">{}</span>', ((w,) for w in field.warnings)
    )
    swap = mark_safe(' hx-swap-oob="true"') if oob else ""  # a constant
    return format_html(
        '<span class="field-messages" id="{}"{}>{}{}</span>', dom_id(field.name), swap, errors,
        warnings,
    )  # fmt: skip


# Cleared first (htmx swaps out-of-band elements in document order): every message span
# of the form is emptied, then the spans that have something to say are swapped in.
CLEAR_ALL = mark_safe('<span hx-swap-oob="innerHTML:#report-form .field-messages"></span>')


@register.simple_tag
def changed_field_messages(*groups: Any) -> SafeString:
    """What a save changes in the fields' message spans of the rows in `groups` (indicators,
    tasks), swapped out of band: the messages of fields put right since the last save go, and
    only the fields with errors or warnings are sent (a few spans, not the 300 of a large
    report, on every autosave)."""
    return CLEAR_ALL + format_html_join(
        "", "{}",
        ((field_messages(field, oob=True),) for group in groups for item in group
         for field in item.fields.values() if field.errors or field.warnings),
    )  # fmt: skip
