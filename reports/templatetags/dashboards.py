"""Small presentation helpers of the dashboard pages."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from config import vn
from indicators.models import Indicator
from reports.compliance.charts import percent_valued
from reports.compliance.dashboards import HeatRow
from reports.compliance.texts import STATUS_LABELS, scope_text

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


register.filter("percent_valued", percent_valued)
# "Cấp xã", "Sở Nội vụ, Cấp huyện": whom a target binds, where targets differ by level.
register.filter("target_scope", scope_text)


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


def _cell_text(indicator: Indicator) -> Callable[[Decimal], str]:
    """How a column's values read: Có/Không (escaped) for yes/no, a percentage with its sign."""
    if indicator.kind == Indicator.Kind.BOOLEAN:
        yes, no = escape(_("Có")), escape(_("Không"))
        return lambda value: yes if value else no
    if indicator.kind == Indicator.Kind.RATIO or indicator.display_unit == "%":
        return lambda value: vn.format_percent(value, 1)
    return lambda value: vn.format_number(value, 1)


@register.filter
def heat_cells(row: HeatRow, columns: list[Indicator]) -> str:
    """A heatmap row's cells in one go: thousands of them per page, too many for a template
    loop (or a format_html per cell) to render quickly. Each status's opening tag is escaped
    once; the values are numbers formatted by config.vn (digits, "-", ".", "," and "%") or
    the translated Có/Không, escaped once per column. A cell links to the unit's report for
    the period (the report page checks who may open it)."""
    texts = [_cell_text(c) for c in columns]
    link = ""
    if row.submission_id:
        link = escape(reverse("reports:review", args=[row.submission_id]))
    openings: dict[str, str] = {}
    parts = []
    for cell, text in zip(row.cells, texts, strict=True):
        if not cell:
            parts.append(EMPTY_CELL)
            continue
        opening = openings.get(cell.status)
        if opening is None:
            opening = openings[cell.status] = format_html(
                '<td class="cell cell-{}" title="{}">', cell.status, status_label(cell.status)
            )
        value = "—" if cell.value is None else text(cell.value)
        if link:
            value = f'<a href="{link}">{value}</a>'
        parts.append(f"{opening}{value}</td>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped openings and words, numbers
