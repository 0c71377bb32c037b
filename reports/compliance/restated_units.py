"""Restated reads unit by unit: the heatmap's rows and the units behind one target's figure,
each successor judged on its predecessors' pooled figures (restate.py), a fixed number of
queries whatever the number of units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from directives.models import Target
from reports.compliance.cache import remembered, restated_stamp
from reports.compliance.dashboards import Cell, HeatRow
from reports.compliance.models import ComplianceRun, ComplianceUnit
from reports.compliance.restate import (
    NotRestated,
    Successors,
    judged_successors,
    not_restated,
    successor_scores,
)
from reports.compliance.rules import MET, MISSED, NO_DATA, ON_TRACK, status_of
from reports.compliance.selectors import UnitFigure, directive_targets, restated_area
from reports.submissions.models import Submission
from units.models import Unit

_WORST = {MISSED: 0, NO_DATA: 1, ON_TRACK: 2, MET: 3}


def _by_name(ids: set[int], level: int | None = None) -> dict[int, Unit]:
    units = Unit.objects.filter(pk__in=ids).select_related("level")
    if level:
        units = units.filter(level_id=level)
    return {u.pk: u for u in units}


def restated_heat_rows(
    *, run: ComplianceRun, area: Unit | None, on: datetime.date, level: int | None, sort: str,
    column: int | None, columns: list[int],
) -> tuple[list[HeatRow], list[NotRestated]]:  # fmt: skip
    """The heatmap restated onto the structure of `on`: a row per successor of the run's units
    (sorted by name, score or one indicator's value like heatmap_units), and the units apart;
    remembered for the run and the structure (cache.py)."""
    parts = (area.pk if area else "", level or "", sort, column or "", *columns)
    return remembered(
        "restated-heat", restated_stamp([run], on), parts,
        lambda: _heat_rows(run, area, on, level, sort, column, columns),
    )  # fmt: skip


def _heat_rows(
    run: ComplianceRun, area: Unit | None, on: datetime.date, level: int | None, sort: str,
    column: int | None, columns: list[int],
) -> tuple[list[HeatRow], list[NotRestated]]:  # fmt: skip
    targets = directive_targets(run.directive)
    successors = Successors.on(on)
    wanted = restated_area(area)
    judged = judged_successors(targets, run, successors, wanted)
    scores, _ = successor_scores(targets, judged, run.period.ends_on)
    rows = set(scores)
    lost = set(judged.restated.lost)
    for unit in ComplianceUnit.objects.filter(run=run).values_list("unit_id", flat=True):
        successor = successors.of(unit)
        if successor is None:
            lost.add(unit)
        elif wanted is None or successor in wanted:
            rows.add(successor)
    cells: dict[tuple[int, int], Cell] = {}
    sort_value: dict[int, Decimal | None] = {}
    for target in sorted(targets, key=lambda t: t.pk):
        for successor, j in judged.units[target.pk].items():
            status = status_of(j.met, target.due_on, run.period.ends_on) if j.reported else NO_DATA
            key = (successor, target.indicator_id)
            if key not in cells or _WORST[status] < _WORST[cells[key].status]:
                cells[key] = Cell(j.value, status)
            if target.indicator_id == column:
                sort_value.setdefault(successor, j.value)
    units = _by_name(rows, level)
    found = [
        HeatRow(unit, scores[pk].score if pk in scores else None,
                [cells.get((pk, c)) for c in columns])
        for pk, unit in units.items()
    ]  # fmt: skip
    found.sort(key=lambda r: r.unit.name)
    if column or sort in ("score", "-score"):
        value = (lambda r: sort_value.get(r.unit.pk)) if column else (lambda r: r.score)
        present = sorted((r for r in found if value(r) is not None), key=value,
                         reverse=sort.startswith("-"))  # fmt: skip
        found = present + [r for r in found if value(r) is None]  # nulls last, like the SQL
    return found, not_restated(lost, successors, wanted, run.period.ends_on)


@dataclass(frozen=True)
class PooledFrom:
    unit: Unit
    submission_id: int | None


@dataclass(frozen=True)
class RestatedUnitFigure(UnitFigure):
    pooled_from: list[PooledFrom]  # the units whose reports make up a successor's figure


def restated_target_units(
    *, run: ComplianceRun, target: Target, area: Unit | None, on: datetime.date
) -> tuple[list[RestatedUnitFigure], list[NotRestated]]:
    """The successors behind one target's restated figure, worst first (as target_units),
    each with the reports it pools, and the units whose figures could not be restated;
    remembered for the run and the structure (cache.py)."""
    parts = (area.pk if area else "", target.pk)
    return remembered(
        "restated-units", restated_stamp([run], on), parts,
        lambda: _target_units(run, target, area, on),
    )  # fmt: skip


def _target_units(
    run: ComplianceRun, target: Target, area: Unit | None, on: datetime.date
) -> tuple[list[RestatedUnitFigure], list[NotRestated]]:
    successors = Successors.on(on)
    wanted = restated_area(area)
    judged = judged_successors([target], run, successors, wanted)
    units = judged.units[target.pk]
    sources = judged.restated.sources[target.pk]
    reporters = {u for ids in sources.values() for u in ids}
    names = _by_name(set(units) | reporters)
    reports = dict(
        Submission.objects.filter(directive_id=run.directive_id, period_id=run.period_id,
                                  unit_id__in=reporters).values_list("unit_id", "pk")
    )  # fmt: skip
    rows = []
    for successor, j in units.items():
        pooled = judged.pooled[target.pk].get(successor)
        status = status_of(j.met, target.due_on, run.period.ends_on) if j.reported else NO_DATA
        own = sources.get(successor, []) == [successor]  # its own report, nothing pooled
        rows.append(RestatedUnitFigure(
            names[successor], j.reported, j.value, j.met,
            pooled.numerator if pooled else None, pooled.denominator if pooled else None,
            status, reports.get(successor) if own else None,
            [] if own else [PooledFrom(names[u], reports.get(u))
                            for u in sorted(sources.get(successor, []), key=lambda u: names[u].name)],
        ))  # fmt: skip
    return sorted(rows, key=lambda r: _worst_first(r, target)), not_restated(
        judged.restated.lost, successors, wanted, run.period.ends_on
    )


def _worst_first(row: RestatedUnitFigure, target: Target) -> tuple:
    """Not judged first, then not met, then by distance from the target; as target_units."""
    met = {None: 0, False: 1, True: 2}[row.met]
    if row.value is None:
        return (met, 0, Decimal(0), row.unit.name)
    value = -row.value if target.op == "<=" else row.value
    return (met, 1, value, row.unit.name)
