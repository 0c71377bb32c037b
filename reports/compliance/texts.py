"""How figures read in Vietnamese: one wording for the dashboards, the PDF report and the
workbook ("87,5%", "12 người", "hạng 22", "50% đơn vị đạt", "Cấp huyện, Cấp xã")."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from config import vn
from directives.models import Target
from indicators.models import Indicator
from indicators.texts import figure_text as indicators_figure_text
from reports.compliance.rules import MET, MISSED, NO_DATA, ON_TRACK

STATUS_LABELS = {
    MET: _("Đạt"),
    MISSED: _("Không đạt"),
    ON_TRACK: _("Chưa đến hạn"),
    NO_DATA: _("Chưa có số liệu"),
}


def figure_text(value: Decimal | None, indicator: Indicator) -> str:
    """A figure as its indicator reads: "87,5%", "12 người", "Có", "hạng 22"."""
    return "—" if value is None else indicators_figure_text(value, indicator)


def target_value_text(value: Decimal | None, target: Target) -> str:
    """A target's rolled-up value; for "each unit" targets the share of units meeting it."""
    if value is None:
        return "—"
    if target.judge == Target.Judge.EACH_UNIT:
        return str(_("%(share)s đơn vị đạt") % {"share": vn.format_percent(value)})
    text = figure_text(value, target.indicator)
    return f"+{text}" if target.change_per_year else text


def scope_text(target: Target) -> str:
    """ "Cấp huyện, Cấp xã": levels from the top down, then named units (prefetched, sorted
    here so every database prints the same)."""
    scope = sorted(target.scope.all(), key=lambda s: (0, s.level.order, "") if not s.unit_id
                   else (1, 0, s.unit.name))  # fmt: skip
    return ", ".join(s.unit.name if s.unit_id else s.level.name for s in scope)


def structure_text(compliance: object) -> str:
    """Which structure of units a compliance's figures are in (a `selectors.Compliance`)."""
    on = getattr(compliance, "on", None)
    if not getattr(compliance, "restated", False) or on is None:
        return str(_("Theo cơ cấu đơn vị của kỳ báo cáo"))
    return str(_("Quy đổi theo cơ cấu đơn vị ngày %(day)s")) % {"day": on.strftime("%d/%m/%Y")}
