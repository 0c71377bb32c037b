"""Published figures (indicators.ExternalFigure) read like reported ones.

A province's officer enters a figure it does not collect from its units (a national rank, a
survey result) for a year; the compliance computation of that year's yearly period treats it
as the province root unit's own figure, overriding a reported one, since the published figure
is the official one. A target on it is scoped to the province's root unit (or `@province`).
"""

from __future__ import annotations

from directives.models import Directive, PeriodKind, Target
from indicators.models import ExternalFigure
from reports.compliance.rules import Figure
from reports.periods.models import Period
from units.models import Unit
from units.permissions import root_id_of


def external_figures(
    directive: Directive, period: Period | None, units: set[int] | None = None
) -> list[tuple[int, int, Figure]]:
    """(indicator id, province unit id, figure) published for the period's year, for the
    indicators of the directive's targets; only yearly periods take yearly figures."""
    if period is None or period.kind != PeriodKind.YEAR:
        return []
    rows = ExternalFigure.objects.filter(
        year=period.year,
        indicator__in=Target.objects.filter(task__directive=directive).values("indicator"),
    )
    if units is not None:
        rows = rows.filter(province_id__in=units)
    return [
        (indicator_id, province_id, Figure(value=value))
        for indicator_id, province_id, value in rows.values_list(
            "indicator_id", "province_id", "value"
        )
    ]


def pairs_for(indicator_id: int, year: int) -> list[tuple[Directive, Period]]:
    """The directive × yearly period pairs a published figure of `indicator_id` in `year`
    reaches, with the year after (whose yearly targets compare with it)."""
    directives = Directive.objects.filter(tasks__targets__indicator_id=indicator_id).distinct()
    periods = Period.objects.filter(kind=PeriodKind.YEAR, year__in=[year, year + 1])
    return [(directive, period) for directive in directives for period in periods]


def external_pairs() -> list[tuple[Directive, Period]]:
    """Every directive × yearly period some published figure reaches (for the nightly run)."""
    found: dict[tuple[int, int], tuple[Directive, Period]] = {}
    for indicator_id, year in ExternalFigure.objects.values_list("indicator_id", "year").distinct():
        for directive, period in pairs_for(indicator_id, year):
            found[directive.pk, period.pk] = (directive, period)
    return list(found.values())


def external_history(
    directive: Directive, indicator_id: int, area: Unit | None
) -> list[tuple[Period, Unit, Figure]]:
    """The figures published for the directive's province on an indicator, each on the yearly
    period of its year (a year without one is left out), for the trends page."""
    province = root_id_of(directive.report_to)
    if area is not None and area.pk != province:
        return []
    rows = ExternalFigure.objects.filter(province_id=province, indicator_id=indicator_id)
    figures = {year: (unit, value) for year, unit, value in
               ((r.year, r.province, r.value) for r in rows.select_related("province"))}  # fmt: skip
    periods = Period.objects.filter(kind=PeriodKind.YEAR, year__in=figures)
    return [(p, figures[p.year][0], Figure(value=figures[p.year][1])) for p in periods]


def has_external_figures(directive: Directive) -> list[int]:
    """Ids of the indicators with figures published for the directive's province."""
    province = root_id_of(directive.report_to)
    return list(
        ExternalFigure.objects.filter(province_id=province)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
