"""The dashboards' reads over stored runs: the heatmap, the trends, the overview cards and an
indicator's history (the figures themselves come from reports.compliance.selectors)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from directives.models import Directive, Target
from indicators.models import Indicator
from reports.compliance.cache import remembered, restated_stamp, runs_stamp
from reports.compliance.external import external_history, has_external_figures
from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.compliance.restate import HISTORIC, Successors
from reports.compliance.restated_reads import restated_by_run
from reports.compliance.rules import (
    MET,
    MISSED,
    NO_DATA,
    ON_TRACK,
    Figure,
    figure_value,
    status_of,
)
from reports.compliance.selectors import (
    SCOPE,
    Completeness,
    Compliance,
    TargetFigure,
    area_completeness,
    directive_targets,
    in_area,
    is_whole_area,
    report_ids,
    restated_figures,
    stored_runs,
    subtree_figures,
)
from reports.compliance.services import BASIS_STATUSES
from reports.compliance.tally import tallies_by_run
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from units.models import Unit


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    status: str


@dataclass(frozen=True)
class HeatRow:
    unit: Unit
    score: Decimal | None
    cells: list[Cell | None]  # per column; None: no target of that indicator applies
    submission_id: int | None = None  # the unit's report for the period: each cell links to it


HEATMAP_SORTS = ("name", "score", "-score")


def heatmap_units(
    *, run: ComplianceRun, area: Unit | None, level: int | None, sort: str, column: int | None
) -> QuerySet[ComplianceUnit]:
    """The heatmap's rows, sorted by name, score or one indicator's value (`column`)."""
    rows = ComplianceUnit.objects.filter(Q(run=run) & in_area(area)).select_related("unit__level")
    if level:
        rows = rows.filter(unit__level_id=level)
    if column:
        value = UnitTargetResult.objects.filter(
            run=run, unit_id=OuterRef("unit_id"), target__indicator_id=column
        ).order_by("target_id")
        rows = rows.annotate(sort_value=Subquery(value.values("value")[:1]))
        key = (
            F("sort_value").desc(nulls_last=True)
            if sort.startswith("-")
            else F("sort_value").asc(nulls_last=True)
        )
        return rows.order_by(key, "unit__name")
    if sort in ("score", "-score"):
        key = (
            F("score").desc(nulls_last=True)
            if sort == "-score"
            else F("score").asc(nulls_last=True)
        )
        return rows.order_by(key, "unit__name")
    return rows.order_by("unit__name")


def heatmap_rows(
    units: Iterable[ComplianceUnit], *, run: ComplianceRun, columns: list[int]
) -> list[HeatRow]:
    """One page of heatmap_units, a cell per indicator column (one query): a unit's own
    values against its own targets; with several targets on one indicator, the worst counts."""
    units = list(units)
    period_end = run.period.ends_on
    cells: dict[tuple[int, int], Cell] = {}
    rank = {MISSED: 0, NO_DATA: 1, ON_TRACK: 2, MET: 3}
    rows = UnitTargetResult.objects.filter(
        run=run, unit_id__in=[u.unit_id for u in units]
    ).values_list("unit_id", "target__indicator_id", "reported", "value", "met", "target__due_on")
    for unit_id, indicator_id, reported, value, met, due_on in rows:
        status = status_of(met, due_on, period_end) if reported else NO_DATA
        key = (unit_id, indicator_id)
        if key not in cells or rank[status] < rank[cells[key].status]:
            cells[key] = Cell(value, status)
    reports = report_ids(run=run, unit_ids=[u.unit_id for u in units])
    return [
        HeatRow(u.unit, u.score, [cells.get((u.unit_id, c)) for c in columns],
                reports.get(u.unit_id))
        for u in units
    ]  # fmt: skip


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: Decimal | None
    status: str


@dataclass(frozen=True)
class TrendLine:
    target: Target
    points: list[TrendPoint]  # one per period of the trend, in order


def trend(
    *, directive: Directive, indicator_id: int, basis: str, area: Unit | None, kind: str,
    last: int = 12, structure: str = HISTORIC, on: datetime.date | None = None,
) -> tuple[list[Period], list[TrendLine]]:  # fmt: skip
    """An indicator over the last `last` computed periods of a kind (quarters, years…): one
    line per target on it (one per level when targets differ by level), each point judged as
    the dashboards judge it; restated (`structure="current"`), every period on the structure
    of `on`, so a line runs across a merger without a break."""
    runs = list(
        stored_runs()
        .filter(directive=directive, basis=basis, period__kind=kind)
        .select_related("period")
        .order_by("-period__ends_on")[:last]
    )[::-1]

    def compute() -> tuple[list[Period], list[TrendLine]]:
        targets = [t for t in directive_targets(directive) if t.indicator_id == indicator_id]
        if structure == HISTORIC:
            by_run = _figures_by_run(runs, targets, area)
        else:
            successors = Successors.on(on or timezone.localdate())
            by_run = {run.pk: restated_figures(targets, run, area, successors)[0] for run in runs}
        lines = []
        for target in targets:
            figures = [by_run[run.pk].get(target.pk) for run in runs]
            points = [
                TrendPoint(run.period, *_point(f)) for run, f in zip(runs, figures, strict=True)
            ]
            lines.append(TrendLine(target, points))
        return [run.period for run in runs], lines

    parts = (basis, area.pk if area else "", indicator_id, kind, last, structure)
    return remembered("trend", _stamp(runs, structure, on), parts, compute)


def _stamp(runs: list[ComplianceRun], structure: str, on: datetime.date | None) -> str:
    """The runs' stamp; restated, with the day and the unit events its structure comes from."""
    if structure == HISTORIC:
        return runs_stamp(runs)
    return restated_stamp(runs, on or timezone.localdate())


def latest_runs(*, directives: list[Directive], basis: str) -> dict[int, ComplianceRun]:
    """directive id -> its run for the latest period computed (one query)."""
    runs = (
        stored_runs()
        .filter(directive__in=directives, basis=basis)
        .select_related("period")
        .order_by("directive_id", "-period__ends_on")
    )
    latest: dict[int, ComplianceRun] = {}
    for run in runs:
        latest.setdefault(run.directive_id, run)
    return latest


@dataclass(frozen=True)
class Card:
    """A key indicator on the overview: its latest figure and its recent trend."""

    figure: TargetFigure
    points: list[TrendPoint]


@dataclass(frozen=True)
class DirectiveOverview:
    compliance: Compliance | None  # None: no period computed yet
    cards: list[Card]
    directive: Directive


CARDS = 4


def _completeness_by_run(runs: list[ComplianceRun], area: Unit | None) -> dict[int, Completeness]:
    if is_whole_area(area):
        return {run.pk: area_completeness(run, None) for run in runs}
    sent = Q(report_status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED])
    rows = (
        ComplianceUnit.objects.filter(Q(run__in=runs) & in_area(area))
        .values("run_id")
        .annotate(
            expected=Count("pk"),
            submitted=Count("pk", filter=sent),
            accepted=Count("pk", filter=Q(report_status=Submission.Status.ACCEPTED)),
            late=Count("pk", filter=sent & Q(is_late=True)),
        )
        .order_by()
    )
    found = {row.pop("run_id"): Completeness(**row) for row in rows}
    return {run.pk: found.get(run.pk, Completeness(0, 0, 0, 0)) for run in runs}


def _figures_by_run(
    runs: list[ComplianceRun], targets: list[Target], area: Unit | None
) -> dict[int, dict[int, TargetFigure]]:
    """run id -> target id -> figure, for several runs in one query."""
    by_id = {t.pk: t for t in targets}
    found: dict[int, dict[int, TargetFigure]] = defaultdict(dict)
    if is_whole_area(area):
        for r in TargetResult.objects.filter(run__in=runs, target__in=targets):
            found[r.run_id][r.target_id] = TargetFigure(
                by_id[r.target_id], r.value, r.met, r.status, r.units_expected,
                r.units_reported, r.units_met,
            )  # fmt: skip
        return found
    rows = UnitTargetResult.objects.filter(Q(run__in=runs, target__in=targets) & in_area(area))
    tallies = tallies_by_run(rows)
    for run in runs:
        own = {t.pk: tallies[(run.pk, t.pk)] for t in targets if (run.pk, t.pk) in tallies}
        found[run.pk] = subtree_figures(
            [t for t in targets if t.task.directive_id == run.directive_id], run, own
        )
    return found


def _from_latest_reported(runs: list[ComplianceRun]) -> list[ComplianceRun]:
    """Runs latest first (annotated `has_reports`), less those of periods nobody has reported
    in yet that come before a directive's latest period with reports: the overview opens on
    figures, not on "0 of N sent" (a directive without reports at all keeps its latest run)."""
    reported = {run.directive_id for run in runs if run.has_reports}
    started: set[int] = set()
    kept = []
    for run in runs:
        if run.directive_id in reported and run.directive_id not in started:
            if not run.has_reports:
                continue
            started.add(run.directive_id)
        kept.append(run)
    return kept


def overview(
    *, directives: list[Directive], basis: str, area: Unit | None, last: int = 6,
    structure: str = HISTORIC, on: datetime.date | None = None,
) -> list[DirectiveOverview]:  # fmt: skip
    """Each directive's latest computed period: its targets, completeness and key indicators
    with their last `last` periods (a fixed number of queries for any number of directives);
    restated (`structure="current"`) onto the structure of `on`, every period of the cards'
    trends too."""
    runs = _overview_runs(directives, basis)

    def compute() -> list[DirectiveOverview]:
        return _overview(runs, directives, basis, area, last, structure, on)

    parts = (basis, area.pk if area else "", last, structure, *(d.pk for d in directives))
    return remembered("overview", _overview_stamp(runs, structure, on), parts, compute)


def overview_stamp(*, directives: list[Directive], basis: str) -> str:
    """The stored runs the overview's figures come from (cache.py), for its rendered HTML;
    the rendering adds the unit events and the day restated onto."""
    return _overview_stamp(_overview_runs(directives, basis), HISTORIC, None)


def _overview_runs(directives: list[Directive], basis: str) -> list[ComplianceRun]:
    reports = Submission.objects.filter(
        directive_id=OuterRef("directive_id"), period_id=OuterRef("period_id")
    )
    return list(
        stored_runs()
        .filter(directive__in=directives, basis=basis)
        .annotate(has_reports=Exists(reports))
        .select_related("period")
        .order_by("directive_id", "-period__ends_on")
    )


def _overview_stamp(runs: list[ComplianceRun], structure: str, on: datetime.date | None) -> str:
    return _stamp(runs, structure, on) + "".join("r" if run.has_reports else "-" for run in runs)


def _overview(
    runs: list[ComplianceRun], directives: list[Directive], basis: str, area: Unit | None,
    last: int, structure: str, on: datetime.date | None,
) -> list[DirectiveOverview]:  # fmt: skip
    recent: dict[int, list[ComplianceRun]] = defaultdict(list)
    for run in _from_latest_reported(runs):  # the trend follows its period's kind
        rows = recent[run.directive_id]
        if len(rows) < last and (not rows or rows[0].period.kind == run.period.kind):
            rows.append(run)
    latest = [rows[0] for rows in recent.values()]
    targets = list(
        Target.objects.filter(task__directive__in=directives)
        .select_related("task", "indicator")
        .prefetch_related(SCOPE)
        .order_by("task__position", "position", "pk")
    )
    by_directive: dict[int, list[Target]] = defaultdict(list)
    for target in targets:
        by_directive[target.task.directive_id].append(target)
    cards = {
        d.pk: ([t for t in by_directive[d.pk] if t.featured] or by_directive[d.pk])[:CARDS]
        for d in directives
    }
    # Every target for the latest runs; for the earlier ones only the cards' trends need them.
    earlier = [run for rows in recent.values() for run in rows[1:]]
    featured = [t for chosen in cards.values() for t in chosen]
    apart: dict[int, list] = {}
    if structure != HISTORIC:
        day = on or timezone.localdate()
        figures, completeness, apart = restated_by_run(latest, targets, area, day)
        figures.update(restated_by_run(earlier, featured, area, day)[0])
    else:
        figures = _figures_by_run(latest, targets, area)
        figures.update(_figures_by_run(earlier, featured, area) if earlier else {})
        completeness = _completeness_by_run(latest, area)
    result = []
    for directive in directives:
        rows = recent.get(directive.pk)
        if not rows:
            result.append(DirectiveOverview(None, [], directive))
            continue
        run = rows[0]
        own = figures[run.pk]
        compliance = Compliance(
            directive, run.period, basis, area, run,
            [own.get(t.pk) or TargetFigure(t, None, None, NO_DATA, 0, 0, 0)
             for t in by_directive[directive.pk]],
            completeness[run.pk], structure, on if structure != HISTORIC else None,
            apart.get(run.pk, []),
        )  # fmt: skip
        directive_cards = [
            Card(
                own.get(t.pk) or TargetFigure(t, None, None, NO_DATA, 0, 0, 0),
                [TrendPoint(r.period, *_point(figures[r.pk].get(t.pk))) for r in rows[::-1]],
            )
            for t in cards[directive.pk]
        ]
        result.append(DirectiveOverview(compliance, directive_cards, directive))
    return result


def _point(figure: TargetFigure | None) -> tuple[Decimal | None, str]:
    return (figure.value, figure.status) if figure else (None, NO_DATA)


def trend_indicators(directive: Directive) -> list[Indicator]:
    """The indicators of a directive's targets, and the external indexes (rank indicators
    without a target) its reports carry."""
    reported = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), submission__directive=directive
    )
    # Each part as its own subquery: an EXISTS or'ed into the join made the planner look at
    # every reported figure of the directive (1.6 s at 1,000 units × 12 periods).
    targeted = Indicator.objects.filter(targets__task__directive=directive).values("pk")
    untargeted = Indicator.objects.filter(targets__isnull=True)
    reported_ranks = untargeted.filter(Exists(reported), kind=Indicator.Kind.RANK).values("pk")
    external = untargeted.filter(pk__in=has_external_figures(directive)).values("pk")
    return list(
        Indicator.objects.filter(
            Q(pk__in=targeted) | Q(pk__in=reported_ranks) | Q(pk__in=external)
        ).order_by("code")
    )


@dataclass(frozen=True)
class HistoryLine:
    unit: Unit
    values: list[Decimal | None]  # one per period of the history


def indicator_history(
    *, directive: Directive, indicator: Indicator, basis: str, area: Unit | None, last: int = 12
) -> tuple[list[Period], list[HistoryLine]]:
    """An indicator without a target (an external index the province enters, such as its ICT
    Index rank) over the periods it was reported in: each reporting unit's own figures, read
    from the reports of the basis (one query; no roll-up is made of them)."""
    rows = (
        IndicatorValue.objects.filter(
            Q(
                submission__directive=directive,
                indicator=indicator,
                submission__status__in=BASIS_STATUSES[basis],
            )
            & in_area(area, "submission__unit")
        )
        .select_related("submission__period", "submission__unit")
        .order_by("submission__period__ends_on", "submission__unit__name")
    )
    periods: dict[int, Period] = {}
    units: dict[int, Unit] = {}
    found: dict[tuple[int, int], Decimal | None] = {}
    for row in rows:
        period, unit = row.submission.period, row.submission.unit
        periods[period.pk], units[unit.pk] = period, unit
        figure = Figure(row.value, row.numerator, row.denominator)
        found[(unit.pk, period.pk)] = figure_value(indicator.kind, figure)
    # Published figures (indicators.ExternalFigure) are official: on every basis, and they
    # override a reported one of the same unit and year.
    for period, unit, figure in external_history(directive, indicator.pk, area):
        periods[period.pk], units[unit.pk] = period, unit
        found[(unit.pk, period.pk)] = figure_value(indicator.kind, figure)
    ordered = sorted(periods.values(), key=lambda p: (p.ends_on, p.kind))
    shown = ordered[-last:]
    return shown, [
        HistoryLine(unit, [found.get((unit.pk, p.pk)) for p in shown]) for unit in units.values()
    ]
