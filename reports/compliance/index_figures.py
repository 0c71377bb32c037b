"""The portal's official figures of a year, as an index edition's criteria read them.

A criterion linked to an indicator is scored from the indicator's figure for the edition's year.
The portal's own figure is read from the compliance engine's stored **official** runs (accepted
reports only) of the yearly periods of that year: the stored unit rows of the targets on the
indicator are pooled by the rules of reports/compliance/rules.py (a ratio from Σ numerators /
Σ denominators, a count or amount summed, a rank the best), over the province or over each
scored unit's subtree. When several directives' targets carry the indicator, the target with
the most reporting units in the area gives the figure (ties: the earliest target), so a unit's
figure is never counted twice. One query, whatever the number of units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from directives.models import PeriodKind
from reports.compliance.models import ComplianceRun, UnitTargetResult
from reports.compliance.rules import Figure, Pool, pooled_value
from units.models import Unit


@dataclass(frozen=True)
class PortalFigure:
    value: Decimal
    directive: str  # the code of the directive whose accepted reports gave it
    units_reported: int
    units_expected: int


def unit_areas(province: Unit, level_codes: list[str] | None = None) -> dict[int, int]:
    """unit id -> the area its figures count in: the province itself, or (with `level_codes`)
    its nearest ancestor-or-self on one of those levels (units outside any are left out)."""
    rows = Unit.objects.descendants(province, include_self=True).order_by()
    tree = {pk: (parent, level) for pk, parent, level in
            rows.values_list("pk", "parent_id", "level__code")}  # fmt: skip
    if not level_codes:
        return dict.fromkeys(tree, province.pk)
    found: dict[int, int] = {}
    for pk in tree:
        current: int | None = pk
        while current is not None and current in tree and tree[current][1] not in level_codes:
            current = tree[current][0]
        if current is not None and current in tree:
            found[pk] = current
    return found


def portal_figures(
    *, year: int, indicators: dict[str, str], areas: dict[int, int]
) -> dict[int, dict[str, PortalFigure]]:
    """area id -> indicator code -> the official figure of `year` over the area's units.

    `indicators` maps each indicator code to its kind; `areas` maps unit ids to their area
    (unit_areas)."""
    if not indicators or not areas:
        return {}
    rows = UnitTargetResult.objects.filter(
        run__basis=ComplianceRun.Basis.OFFICIAL,
        run__period__kind=PeriodKind.YEAR,
        run__period__year=year,
        target__indicator__code__in=list(indicators),
        unit_id__in=list(areas),
    ).values_list(
        "target_id", "target__indicator__code", "run__directive__code", "unit_id", "reported",
        "reported_value", "numerator", "denominator",
    )  # fmt: skip
    grouped: dict[tuple[int, str, int, str], list[Figure | None]] = defaultdict(list)
    for target, code, directive, unit, reported, value, numerator, denominator in rows:
        figure = Figure(value, numerator, denominator) if reported else None
        grouped[areas[unit], code, target, directive].append(figure)
    best: dict[int, dict[str, tuple[tuple[int, int], PortalFigure]]] = defaultdict(dict)
    for (area, code, target, directive), figures in sorted(grouped.items()):
        reported = [f for f in figures if f is not None]
        value = pooled_value(indicators[code], Pool.of(reported))
        if value is None:
            continue
        rank = (len(reported), -target)
        if code not in best[area] or rank > best[area][code][0]:
            found = PortalFigure(value, directive, len(reported), len(figures))
            best[area][code] = (rank, found)
    return {area: {code: pair[1] for code, pair in codes.items()} for area, codes in best.items()}
