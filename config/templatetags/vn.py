"""Template filters for Vietnamese number, percentage and date formats."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from config import vn
from directives.models import Target
from indicators.models import Indicator

register = template.Library()

register.filter("vn_number", vn.format_number)
register.filter("vn_percent", vn.format_percent)
register.filter("vn_date", vn.format_date)
register.filter("vn_long_date", vn.long_date)


@register.filter
def target_statement(target: Target) -> str:
    """ "≥ 80%", "≥ 1 người", "Có", "≤ hạng 20": a target as an officer would write it."""
    indicator = target.indicator
    if indicator.kind == Indicator.Kind.BOOLEAN:
        return str(_("Có") if target.value else _("Không"))
    number = vn.format_number(target.value, 2)
    if indicator.kind == Indicator.Kind.RANK:
        return f"{target.get_op_display()} " + str(_("hạng %(rank)s") % {"rank": number})
    unit = indicator.display_unit
    value = f"{number}%" if unit == "%" else f"{number} {unit}".rstrip()
    return f"{target.get_op_display()} {value}"
