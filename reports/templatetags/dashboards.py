"""Small presentation helpers of the dashboard pages."""

from __future__ import annotations

from django import template

from reports.texts import STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def chart_value(value) -> str:  # type: ignore[no-untyped-def]
    """A number as charts read it from a table cell (a dot, no grouping); empty when none."""
    return "" if value is None else format(value.normalize(), "f")


@register.filter
def count_status(compliance, status: str) -> int:  # type: ignore[no-untyped-def]
    return compliance.count(status)


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()
