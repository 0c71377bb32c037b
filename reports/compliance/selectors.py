"""Reads of the computed compliance figures: the one query layer behind the dashboards, the API
and the exports, so they always show the same numbers.

Everything here reads the tables reports/aggregation.py writes, never the reports themselves.
A figure for a whole province comes from the stored roll-ups; for a subtree (a district and its
communes) the stored unit rows are summed by the database and judged by reports/rules.py, the
same rules that made the province's figure. Each function costs a fixed number of queries,
whatever the number of units.
"""

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
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Rank

from directives.models import Directive, Target, TargetScope
from indicators.models import Indicator
from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.compliance.rules import (
    HUNDRED,
    MET,
    MISSED,
    NO_DATA,
    ON_TRACK,
    Figure,
    Tally,
    figure_value,
    status_of,
    target_outcome,
)
from reports.compliance.services import BASIS_STATUSES, rule_of
from reports.compliance.tally import EMPTY_TALLY, run_tallies, tallies_by_run
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from units.models import Unit

STATUSES = (MET, MISSED, ON_TRACK, NO_DATA)
SCOPE = Prefetch("scope", TargetScope.objects.select_related("unit", "level"))


@dataclass(frozen=True)
class TargetFigure:
    target: Target  # with its task and indicator
    value: Decimal | None
    met: bool | None
    status: str
    units_expected: int
    units_reported: int
    units_met: int


@dataclass(frozen=True)
class Completeness:
    expected: int
    submitted: int  # sent: submitted or accepted
    accepted: int
    late: int

    @property
    def on_time(self) -> int:
        return self.submitted - self.late

    @property
    def submitted_share(self) -> Decimal | None:
        return HUNDRED * self.submitted / self.expected if self.expected else None


@dataclass(frozen=True)
class Compliance:
    directive: Directive
    period: Period
    basis: str
    area: Unit | None  # None: the directive's whole province
    run: ComplianceRun | None  # None: not computed yet
    targets: list[TargetFigure]
    completeness: Completeness

    @property
    def computed_at(self) -> datetime.datetime | None:
        return self.run.computed_at if self.run else None

    def count(self, status: str) -> int:
        return sum(1 for t in self.targets if t.status == status)

    @property
    def decided(self) -> int:
        """Targets with a verdict: met or missed (on track and no data are not yet judged)."""
        return self.count(MET) + self.count(MISSED)

    @property
    def met_share(self) -> Decimal | None:
        return HUNDRED * self.count(MET) / len(self.targets) if self.targets else None


def directive_targets(directive: Directive) -> list[Target]:
    return list(
        Target.objects.filter(task__directive=directive)
        .select_related("task", "indicator")
        .prefetch_related(SCOPE)
        .order_by("task__position", "position", "pk")
    )


class _JSONArrayLength(Func):
    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra)


def _runs() -> QuerySet[ComplianceRun]:
    """Runs as the pages read them: `source_count` (the reports a run was made from) counted
    in SQL, not the list itself, whose thousands of entries per run the pages never show and
    whose JSON took a third of the overview's time to decode."""
    return ComplianceRun.objects.defer("sources").annotate(source_count=_JSONArrayLength("sources"))


def compliance_run(*, directive: Directive, period: Period, basis: str) -> ComplianceRun | None:
    run = _runs().filter(directive=directive, period=period, basis=basis).first()
    if run is not None:
        run.period = period
    return run


def _is_whole(area: Unit | None) -> bool:
    return area is None or area.parent_id is None


def subtree_ids(area: Unit) -> list[int]:
    """The ids of the area's subtree, read once per Unit object (a page filters several
    tables by it)."""
    ids = getattr(area, "_subtree_ids", None)
    if ids is None:
        tree = Unit.objects.descendants(area, include_self=True).order_by()
        ids = area._subtree_ids = sorted(tree.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return ids


def in_area(area: Unit | None, field: str = "unit") -> Q:
    """A condition on rows with a unit, keeping those in the area's subtree.

    The ids go into the SQL as a list: as a subquery of the tree's recursive CTE, PostgreSQL
    guessed one row for a freshly computed run and joined a district's 48 units against all
    60,000 of the run's rows in a nested loop (0.2 s); with the list it uses the run's index."""
    if _is_whole(area):
        return Q()
    assert area is not None
    return Q(**{f"{field}__in": subtree_ids(area)})


def _judged(
    targets: list[Target], run: ComplianceRun, area: Unit | None
) -> dict[int, TargetFigure]:
    """target id -> figure: the stored roll-up for a whole province, else judged from the
    subtree's sums."""
    by_id = {t.pk: t for t in targets}
    if _is_whole(area):
        return {
            r.target_id: TargetFigure(by_id[r.target_id], r.value, r.met, r.status,
                                      r.units_expected, r.units_reported, r.units_met)
            for r in TargetResult.objects.filter(run=run) if r.target_id in by_id
        }  # fmt: skip
    return _subtree_figures(
        targets, run, run_tallies(UnitTargetResult.objects.filter(Q(run=run) & in_area(area)))
    )


def _subtree_figures(
    targets: list[Target], run: ComplianceRun, tallies: dict[int, Tally]
) -> dict[int, TargetFigure]:
    found = {}
    for target in targets:
        tally = tallies.get(target.pk, EMPTY_TALLY)
        value, met, status = target_outcome(rule_of(target), tally, period_end=run.period.ends_on)
        found[target.pk] = TargetFigure(target, _db(value), met, status, tally.expected,
                                        tally.reported, tally.met)  # fmt: skip
    return found


def _db(value: Decimal | None) -> Decimal | None:
    """As the stored roll-ups hold it, so a district's figure reads like the province's."""
    return None if value is None else value.quantize(Decimal("0.000001"))


def _completeness(run: ComplianceRun | None, area: Unit | None) -> Completeness:
    if run is None:
        return Completeness(0, 0, 0, 0)
    if _is_whole(area):
        return Completeness(
            run.units_expected, run.units_submitted, run.units_accepted, run.units_late
        )
    sent = Q(report_status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED])
    counts = ComplianceUnit.objects.filter(Q(run=run) & in_area(area)).aggregate(
        expected=Count("pk"),
        submitted=Count("pk", filter=sent),
        accepted=Count("pk", filter=Q(report_status=Submission.Status.ACCEPTED)),
        late=Count("pk", filter=sent & Q(is_late=True)),
    )
    return Completeness(**counts)


def compliance_for(
    *, directive: Directive, period: Period, basis: str, area: Unit | None = None
) -> Compliance:
    """Every target of a directive for a period, over the province or one unit's subtree."""
    run = compliance_run(directive=directive, period=period, basis=basis)
    targets = directive_targets(directive)
    judged = _judged(targets, run, area) if run else {}
    figures = [judged.get(t.pk) or TargetFigure(t, None, None, NO_DATA, 0, 0, 0) for t in targets]
    return Compliance(directive, period, basis, area, run, figures, _completeness(run, area))


@dataclass(frozen=True)
class UnitFigure:
    unit: Unit
    reported: bool
    value: Decimal | None
    met: bool | None
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    submission_id: int | None


def _worst_first(target: Target) -> list:  # type: ignore[type-arg]
    """Not reported first, then not met, then by distance from the target."""
    value = (
        F("value").desc(nulls_first=True) if target.op == "<=" else F("value").asc(nulls_first=True)
    )
    return [F("met").asc(nulls_first=True), value, "unit__name"]


def target_units(*, run: ComplianceRun, target: Target, area: Unit | None) -> QuerySet:
    """The units behind one target's figure, worst first (a queryset, to paginate)."""
    return (
        UnitTargetResult.objects.filter(Q(run=run, target=target) & in_area(area))
        .select_related("unit__level", "target")
        .order_by(*_worst_first(target))
    )


def unit_figures(rows: Iterable[UnitTargetResult], *, run: ComplianceRun) -> list[UnitFigure]:
    """One page of target_units, with the report each figure came from (one query)."""
    rows = list(rows)
    reports = dict(
        Submission.objects.filter(
            directive_id=run.directive_id, period_id=run.period_id,
            unit_id__in=[r.unit_id for r in rows],
        ).values_list("unit_id", "pk")
    )  # fmt: skip
    return [
        UnitFigure(r.unit, r.reported, r.value, r.met, r.numerator, r.denominator,
                   status_of(r.met, r.target.due_on, run.period.ends_on) if r.reported
                   else NO_DATA, reports.get(r.unit_id))
        for r in rows
    ]  # fmt: skip


def unit_scores(
    *, run: ComplianceRun, area: Unit | None, level: int | None = None
) -> QuerySet[ComplianceUnit]:
    """Units ranked by composite score (ties share a rank), as a queryset to paginate."""
    rows = ComplianceUnit.objects.filter(Q(run=run) & in_area(area))
    if level:
        rows = rows.filter(unit__level_id=level)
    order = [F("score").desc(nulls_last=True)]
    return (
        rows.select_related("unit__level")
        .annotate(rank=Window(Rank(), order_by=order))
        .order_by(*order, "-targets_met", "unit__name")
    )


@dataclass(frozen=True)
class MissedUnit:
    unit: Unit
    score: Decimal | None
    targets: list[tuple[Target, Decimal | None]]  # the targets it missed, its value


def missed_unit_rows(*, run: ComplianceRun, area: Unit | None) -> QuerySet[ComplianceUnit]:
    """Units that missed at least one target whose due date has come, weakest first: at year
    end, the list the directives withhold commendation from (a queryset, to paginate)."""
    return (
        ComplianceUnit.objects.filter(Q(run=run, targets_missed__gt=0) & in_area(area))
        .select_related("unit__level")
        .order_by("score", "unit__name")
    )


def missed_targets(units: Iterable[ComplianceUnit], *, run: ComplianceRun) -> list[MissedUnit]:
    """Those units with the targets each missed (one query for any number of units)."""
    units = list(units)
    period_end = run.period.ends_on
    rows = (
        UnitTargetResult.objects.filter(run=run, unit_id__in=[u.unit_id for u in units])
        .filter(~Q(met=True))
        .filter(Q(target__due_on__isnull=True) | Q(target__due_on__lte=period_end))
        .select_related("target__indicator", "target__task")
        .order_by("target__task__position", "target__position")
    )
    missed = defaultdict(list)
    for row in rows:
        missed[row.unit_id].append((row.target, row.value))
    return [MissedUnit(u.unit, u.score, missed[u.unit_id]) for u in units]


def missed_units(*, run: ComplianceRun, area: Unit | None) -> list[MissedUnit]:
    """The whole list, for the exports."""
    return missed_targets(missed_unit_rows(run=run, area=area), run=run)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    status: str


@dataclass(frozen=True)
class HeatRow:
    unit: Unit
    score: Decimal | None
    cells: list[Cell | None]  # per column; None: no target of that indicator applies


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
    return [HeatRow(u.unit, u.score, [cells.get((u.unit_id, c)) for c in columns]) for u in units]


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
    last: int = 12,
) -> tuple[list[Period], list[TrendLine]]:  # fmt: skip
    """An indicator over the last `last` computed periods of a kind (quarters, years…): one
    line per target on it (one per level when targets differ by level), each point judged as
    the dashboards judge it."""
    runs = list(
        _runs()
        .filter(directive=directive, basis=basis, period__kind=kind)
        .select_related("period")
        .order_by("-period__ends_on")[:last]
    )[::-1]
    targets = [t for t in directive_targets(directive) if t.indicator_id == indicator_id]
    by_run = _figures_by_run(runs, targets, area)
    lines = []
    for target in targets:
        figures = [by_run[run.pk].get(target.pk) for run in runs]
        points = [TrendPoint(run.period, *_point(f)) for run, f in zip(runs, figures, strict=True)]
        lines.append(TrendLine(target, points))
    return [run.period for run in runs], lines


def latest_runs(*, directives: list[Directive], basis: str) -> dict[int, ComplianceRun]:
    """directive id -> its run for the latest period computed (one query)."""
    runs = (
        _runs()
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
    if _is_whole(area):
        return {run.pk: _completeness(run, None) for run in runs}
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
    if _is_whole(area):
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
        found[run.pk] = _subtree_figures(
            [t for t in targets if t.task.directive_id == run.directive_id], run, own
        )
    return found


def overview(
    *, directives: list[Directive], basis: str, area: Unit | None, last: int = 6
) -> list[DirectiveOverview]:
    """Each directive's latest computed period: its targets, completeness and key indicators
    with their last `last` periods (a fixed number of queries for any number of directives)."""
    runs = list(
        _runs()
        .filter(directive__in=directives, basis=basis)
        .select_related("period")
        .order_by("directive_id", "-period__ends_on")
    )
    recent: dict[int, list[ComplianceRun]] = defaultdict(list)
    for run in runs:  # the latest run first; the trend follows periods of its kind
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
    figures = _figures_by_run(latest, targets, area)
    featured = [t for chosen in cards.values() for t in chosen]
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
            completeness[run.pk],
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
    return list(
        Indicator.objects.filter(
            Q(targets__task__directive=directive)
            | Q(Exists(reported), kind=Indicator.Kind.RANK, targets__isnull=True)
        )
        .distinct()
        .order_by("code")
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
    shown = list(periods.values())[-last:]
    return shown, [
        HistoryLine(unit, [found.get((unit.pk, p.pk)) for p in shown]) for unit in units.values()
    ]
