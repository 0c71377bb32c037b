"""Small presentation helpers of the dashboard pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from config import vn
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


EMPTY_CELL = '<td class="cell cell-none"></td>'


@register.filter
def heat_cells(cells) -> str:  # type: ignore[no-untyped-def]
    """A heatmap row's cells in one go: thousands of them per page, too many for a template
    loop to render quickly. Values are escaped by format_html."""
    return mark_safe(  # noqa: S308 - built by format_html, or the constant cell
        "".join(
            format_html(
                '<td class="cell cell-{}" title="{}">{}</td>',
                cell.status,
                status_label(cell.status),
                "—" if cell.value is None else vn.format_number(cell.value, 1),
            )
            if cell
            else EMPTY_CELL
            for cell in cells
        )
    )
