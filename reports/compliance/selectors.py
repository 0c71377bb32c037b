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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Rank
from django.utils import timezone

from directives.models import Directive, Target, TargetScope
from reports.compliance.cache import remembered, restated_stamp, run_stamp
from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.compliance.restate import (
    HISTORIC,
    NotRestated,
    Successors,
    not_restated,
    restated_completeness,
    restated_targets,
)
from reports.compliance.roll_ups import rule_of
from reports.compliance.rules import (
    HUNDRED,
    MET,
    MISSED,
    NO_DATA,
    ON_TRACK,
    Tally,
    status_of,
    target_outcome,
)
from reports.compliance.tally import EMPTY_TALLY, run_tallies
from reports.periods.models import Period
from reports.submissions.models import Submission
from units.models import Level, Unit

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
    structure: str = HISTORIC  # or "current": restated onto the structure of `on`
    on: datetime.date | None = None
    not_restated: list[NotRestated] = field(default_factory=list)

    @property
    def restated(self) -> bool:
        return self.structure != HISTORIC

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

    def as_postgresql(self, compiler, connection, **extra: Any):
        return super().as_sql(compiler, connection, function="jsonb_array_length", **extra)


def stored_runs() -> QuerySet[ComplianceRun]:
    """Runs as the pages read them: `source_count` (the reports a run was made from) counted
    in SQL, not the list itself, whose thousands of entries per run the pages never show and
    whose JSON took a third of the overview's time to decode."""
    return ComplianceRun.objects.defer("sources").annotate(source_count=_JSONArrayLength("sources"))


def compliance_run(*, directive: Directive, period: Period, basis: str) -> ComplianceRun | None:
    run = stored_runs().filter(directive=directive, period=period, basis=basis).first()
    if run is not None:
        run.period = period
    return run


def is_whole_area(area: Unit | None) -> bool:
    return area is None or area.parent_id is None


def subtree_ids(area: Unit) -> list[int]:
    """The ids of the area's subtree, read once per Unit object (a page filters several
    tables by it)."""
    ids = getattr(area, "_subtree_ids", None)
    if ids is None:
        tree = Unit.objects.descendants(area, include_self=True).order_by()
        ids = area._subtree_ids = sorted(tree.values_list("pk", flat=True))
    return ids


def in_area(area: Unit | None, field: str = "unit") -> Q:
    """A condition on rows with a unit, keeping those in the area's subtree.

    The ids go into the SQL as a list: as a subquery of the tree's recursive CTE, PostgreSQL
    guessed one row for a freshly computed run and joined a district's 48 units against all
    60,000 of the run's rows in a nested loop (0.2 s); with the list it uses the run's index."""
    if is_whole_area(area):
        return Q()
    assert area is not None
    return Q(**{f"{field}__in": subtree_ids(area)})


def _judged(
    targets: list[Target], run: ComplianceRun, area: Unit | None
) -> dict[int, TargetFigure]:
    """target id -> figure: the stored roll-up for a whole province, else judged from the
    subtree's sums."""
    by_id = {t.pk: t for t in targets}
    if is_whole_area(area):
        return {
            r.target_id: TargetFigure(by_id[r.target_id], r.value, r.met, r.status,
                                      r.units_expected, r.units_reported, r.units_met)
            for r in TargetResult.objects.filter(run=run) if r.target_id in by_id
        }  # fmt: skip
    return subtree_figures(
        targets, run, run_tallies(UnitTargetResult.objects.filter(Q(run=run) & in_area(area)))
    )


def subtree_figures(
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


def area_completeness(run: ComplianceRun | None, area: Unit | None) -> Completeness:
    if run is None:
        return Completeness(0, 0, 0, 0)
    if is_whole_area(area):
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


def restated_area(area: Unit | None) -> set[int] | None:
    return None if is_whole_area(area) else set(subtree_ids(area))


def restated_figures(
    targets: list[Target], run: ComplianceRun, area: Unit | None, successors: Successors
) -> tuple[dict[int, TargetFigure], set[int]]:
    """target id -> its figure restated onto the successors' structure, and the units left
    apart (restate.py: from the run's stored unit rows)."""
    found, lost = restated_targets(targets, run, successors, restated_area(area))
    return {
        pk: TargetFigure(f.target, f.value, f.met, f.status, f.units_expected, f.units_reported,
                         f.units_met)
        for pk, f in found.items()
    }, lost  # fmt: skip


def restated_compliance(
    *, directive: Directive, period: Period, basis: str, area: Unit | None, on: datetime.date
) -> Compliance:
    """The figures of `compliance_for` restated onto the structure of units in force on `on`,
    with the units whose figures could not be restated listed apart."""
    run = compliance_run(directive=directive, period=period, basis=basis)
    targets = directive_targets(directive)
    if run is None:
        figures = [TargetFigure(t, None, None, NO_DATA, 0, 0, 0) for t in targets]
        return Compliance(directive, period, basis, area, None, figures,
                          Completeness(0, 0, 0, 0), "current", on)  # fmt: skip
    successors = Successors.on(on)
    judged, lost = restated_figures(targets, run, area, successors)
    counts, left = restated_completeness(run, successors, restated_area(area))
    completeness = Completeness(counts.expected, counts.submitted, counts.accepted, counts.late)
    apart = not_restated(lost | set(left), successors, restated_area(area), period.ends_on)
    return Compliance(directive, period, basis, area, run, [judged[t.pk] for t in targets],
                      completeness, "current", on, apart)  # fmt: skip


def compliance_for(
    *, directive: Directive, period: Period, basis: str, area: Unit | None = None,
    structure: str = HISTORIC, on: datetime.date | None = None,
) -> Compliance:  # fmt: skip
    """Every target of a directive for a period, over the province or one unit's subtree; in
    the structure of its time, or (`structure="current"`) restated onto that of `on`."""
    run = compliance_run(directive=directive, period=period, basis=basis)
    if structure != HISTORIC:
        day = on or timezone.localdate()

        def restated() -> Compliance:
            return restated_compliance(directive=directive, period=period, basis=basis,
                                       area=area, on=day)  # fmt: skip

        if run is None:
            return restated()
        stamp = restated_stamp([run], day)
        return remembered("compliance", stamp, (basis, area.pk if area else ""), restated)

    def compute() -> Compliance:
        targets = directive_targets(directive)
        judged = _judged(targets, run, area) if run else {}
        figures = [
            judged.get(t.pk) or TargetFigure(t, None, None, NO_DATA, 0, 0, 0) for t in targets
        ]
        return Compliance(
            directive, period, basis, area, run, figures, area_completeness(run, area)
        )

    if run is None:  # nothing stored to stamp the figures with
        return compute()
    return remembered("compliance", run_stamp(run), (basis, area.pk if area else ""), compute)


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


def _worst_first(target: Target) -> list:
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


def report_ids(*, run: ComplianceRun, unit_ids: list[int]) -> dict[int, int]:
    """unit id -> id of its report for the run's directive and period (one query)."""
    return dict(
        Submission.objects.filter(
            directive_id=run.directive_id, period_id=run.period_id, unit_id__in=unit_ids
        ).values_list("unit_id", "pk")
    )


def unit_figures(rows: Iterable[UnitTargetResult], *, run: ComplianceRun) -> list[UnitFigure]:
    """One page of target_units, with the report each figure came from (one query)."""
    rows = list(rows)
    reports = report_ids(run=run, unit_ids=[r.unit_id for r in rows])
    return [
        UnitFigure(r.unit, r.reported, r.value, r.met, r.numerator, r.denominator,
                   status_of(r.met, r.target.due_on, run.period.ends_on) if r.reported
                   else NO_DATA, reports.get(r.unit_id))
        for r in rows
    ]  # fmt: skip


def main_level(*, run: ComplianceRun, area: Unit | None) -> Level | None:
    """The level most of the area's scored units are at (communes, in a province): the
    ranking opens on it, as units of different levels answer for different targets; remembered
    for the run (cache.py)."""

    def compute() -> Level | None:
        row = (
            ComplianceUnit.objects.filter(Q(run=run) & in_area(area))
            .values("unit__level_id")
            .annotate(units=Count("pk"))
            .order_by("-units", "unit__level__order")
            .first()
        )
        return Level.objects.filter(pk=row["unit__level_id"]).first() if row else None

    return remembered("main-level", run_stamp(run), (area.pk if area else "",), compute)


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
