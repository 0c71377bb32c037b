"""A figure said as its indicator reads it ("87,5%", "12 người", "Có", "hạng 22"): the one
wording the review page, the dashboards, the targets, the PDF and the workbook share."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from config import vn
from indicators.models import Indicator


def figure_text(value: Decimal, indicator: Indicator, *, decimals: int = 2) -> str:
    """`decimals` is for counts and amounts; a percentage always shows two."""
    if indicator.kind == Indicator.Kind.BOOLEAN:
        return str(_("Có") if value else _("Không"))
    if indicator.kind == Indicator.Kind.RATIO:
        return vn.format_percent(value)
    number = vn.format_number(value, decimals)
    if indicator.kind == Indicator.Kind.RANK:
        return str(_("hạng %(rank)s") % {"rank": number})
    if indicator.display_unit == "%":
        return f"{number}%"
    return f"{number} {indicator.display_unit}".rstrip()
