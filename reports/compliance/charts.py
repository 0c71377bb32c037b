"""The dashboards' chart series, from the trend lines of reports/compliance.py: each chart is
drawn from a table (static/js/dashboard_charts.js), which stays as its fallback."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from config import vn
from directives.models import Target
from directives.texts import target_statement
from reports.compliance.dashboards import HistoryLine, TrendLine, TrendPoint
from reports.compliance.texts import scope_text


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]
    kind: str = ""  # "target": drawn as a dashed line


def _target_series(target: Target, count: int) -> Series:
    """The target as a line: its value, or for "each unit" targets the share of units."""
    if target.judge == Target.Judge.EACH_UNIT:
        share = Decimal(target.effective_units_share)
        name = _("Chỉ tiêu: ≥ %(share)s%% đơn vị đạt") % {"share": vn.format_number(share, 2)}
        return Series(name, [share] * count, "target")
    name = _("Chỉ tiêu %(scope)s (%(target)s)") % {
        "scope": scope_text(target), "target": target_statement(target),
    }  # fmt: skip
    return Series(name, [target.value] * count, "target")


def percent_valued(target: Target) -> bool:
    """A target whose chart reads in percent: a ratio, a "%" figure, or a share of units."""
    indicator = target.indicator
    return (
        target.judge == Target.Judge.EACH_UNIT
        or indicator.kind == indicator.Kind.RATIO
        or indicator.display_unit == "%"
    )


def trend_series(lines: list[TrendLine]) -> list[Series]:
    """A series per target (one per level when targets differ by level), with its target line;
    "each unit" targets chart the share of units meeting them, as the figures do."""
    series: list[Series] = []
    for line in lines:
        series += card_series(line.target, line.points)
    return series


def card_series(target: Target, points: list[TrendPoint]) -> list[Series]:
    name = scope_text(target)
    if target.judge == Target.Judge.EACH_UNIT:
        name = _("%(scope)s: tỷ lệ đơn vị đạt") % {"scope": name}
    values = [p.value for p in points]
    return [Series(name, values), _target_series(target, len(points))]


def history_series(lines: list[HistoryLine]) -> list[Series]:
    return [Series(line.unit.name, line.values) for line in lines]
