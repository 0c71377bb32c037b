"""Small presentation helpers of the dashboard pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from config import vn
from reports.compliance.texts import STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def chart_value(value) -> str:
    """A number as charts read it from a table cell (a dot, no grouping); empty when none."""
    return "" if value is None else format(value.normalize(), "f")


@register.filter
def named(unit, names: dict[int, str]) -> str:
    """The unit's name on the page's day (`names`: units renamed since, units.names_on)."""
    return names.get(unit.pk, unit.name)


@register.filter
def count_status(compliance, status: str) -> int:
    return compliance.count(status)


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


EMPTY_CELL = '<td class="cell cell-none"></td>'


@register.filter
def heat_cells(cells) -> str:
    """A heatmap row's cells in one go: thousands of them per page, too many for a template
    loop (or a format_html per cell) to render quickly. Each status's opening tag is escaped
    once; the values are numbers formatted by vn.format_number (digits, "-", "." and ","
    only), which need no escaping."""
    openings: dict[str, str] = {}
    parts = []
    for cell in cells:
        if not cell:
            parts.append(EMPTY_CELL)
            continue
        opening = openings.get(cell.status)
        if opening is None:
            opening = openings[cell.status] = format_html(
                '<td class="cell cell-{}" title="{}">', cell.status, status_label(cell.status)
            )
        value = "—" if cell.value is None else vn.format_number(cell.value, 1)
        parts.append(f"{opening}{value}</td>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped openings, numbers, constants
