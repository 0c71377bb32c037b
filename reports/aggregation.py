"""Turn reports into the figures dashboards, exports and the API read.

`compliance_compute` judges every target of a directive for a period (reports/rules.py) and
stores the results for reading; the old results are swapped out in the same transaction, so
readers never see half a computation. Running it twice gives the same rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from directives.models import Directive, Target
from directives.selectors import directive_reporting_units
from reports.models import (
    ComplianceRun,
    IndicatorValue,
    Period,
    Submission,
    TargetResult,
    UnitTargetResult,
)
from reports.rules import HUNDRED, Figure, Rule, judge

BASIS_STATUSES = {
    ComplianceRun.Basis.OFFICIAL: [Submission.Status.ACCEPTED],
    ComplianceRun.Basis.PROVISIONAL: [Submission.Status.ACCEPTED, Submission.Status.SUBMITTED],
}
_DB_VALUE = Decimal("0.000001")


def _figures(
    directive: Directive, period: Period | None, statuses: list[str]
) -> dict[int, dict[int, Figure]]:
    """indicator id -> unit id -> figure, from the reports in `statuses` (one query)."""
    found: dict[int, dict[int, Figure]] = defaultdict(dict)
    if period is None:
        return found
    rows = IndicatorValue.objects.filter(
        submission__directive=directive, submission__period=period, submission__status__in=statuses
    ).values_list("indicator_id", "submission__unit_id", "value", "numerator", "denominator")
    for indicator_id, unit_id, value, numerator, denominator in rows:
        found[indicator_id][unit_id] = Figure(value, numerator, denominator)
    return found


def _year_before(period: Period) -> Period | None:
    return Period.objects.filter(
        kind=period.kind, year=period.year - 1, number=period.number
    ).first()


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_DB_VALUE)


def compliance_compute(*, directive: Directive, period: Period, basis: str) -> ComplianceRun:
    statuses = BASIS_STATUSES[basis]
    units = list(directive_reporting_units(directive, on=period.ends_on))
    by_level: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        by_level[unit.level_id].append(unit.pk)
    valid = {unit.pk for unit in units}
    targets = list(
        Target.objects.filter(task__directive=directive)
        .select_related("indicator")
        .prefetch_related("scope")
        .order_by("task__position", "position")
    )
    figures = _figures(directive, period, statuses)
    previous = (
        _figures(directive, _year_before(period), statuses)
        if any(t.change_per_year for t in targets)
        else {}
    )
    target_rows, unit_rows = [], []
    for target in targets:
        expected = sorted(
            {s.unit_id for s in target.scope.all() if s.unit_id in valid}
            | {u for s in target.scope.all() if s.level_id for u in by_level[s.level_id]}
        )
        rule = Rule(
            kind=target.indicator.kind, op=target.op, value=target.value, judge=target.judge,
            units_share=target.units_share if target.units_share is not None else HUNDRED,
            change_per_year=target.change_per_year, due_on=target.due_on,
        )  # fmt: skip
        outcome = judge(rule, expected=expected, figures=figures.get(target.indicator_id, {}),
                        previous=previous.get(target.indicator_id, {}), period_end=period.ends_on)  # fmt: skip
        target_rows.append(TargetResult(
            target=target, value=_rounded(outcome.value), met=outcome.met, status=outcome.status,
            units_expected=outcome.units_expected, units_reported=outcome.units_reported,
            units_met=outcome.units_met,
        ))  # fmt: skip
        unit_rows += [
            (target.pk, unit_id, j.reported, _rounded(j.value), j.met)
            for unit_id, j in outcome.units.items()
        ]
    reports = list(
        Submission.objects.filter(directive=directive, period=period, unit_id__in=valid)
        .values_list("pk", "version", "status", "is_late")
        .order_by("pk")
    )
    sent = [r for r in reports if r[2] in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)]
    with transaction.atomic():
        ComplianceRun.objects.filter(directive=directive, period=period, basis=basis).delete()
        run = ComplianceRun.objects.create(
            directive=directive, period=period, basis=basis, computed_at=timezone.now(),
            sources=[[pk, version] for pk, version, status, _ in reports if status in statuses],
            units_expected=len(valid), units_submitted=len(sent),
            units_accepted=sum(1 for r in reports if r[2] == Submission.Status.ACCEPTED),
            units_late=sum(1 for r in sent if r[3]),
        )  # fmt: skip
        for row in target_rows:
            row.run = run
        TargetResult.objects.bulk_create(target_rows)
        _write_unit_results(run.pk, unit_rows)
    return run


UnitRow = tuple[int, int, bool, Decimal | None, bool | None]  # target, unit, reported, value, met


def _write_unit_results(run_id: int, rows: list[UnitRow]) -> None:
    """Tens of thousands of rows per run: PostgreSQL's COPY, without building model instances
    (the ORM's bulk_create spent most of a recompute on them); plain bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        UnitTargetResult.objects.bulk_create(
            [UnitTargetResult(run_id=run_id, target_id=t, unit_id=u, reported=r, value=v, met=m)
             for t, u, r, v, m in rows],
            batch_size=2000,
        )  # fmt: skip
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for target_id, unit_id, reported, value, met in rows:
        writer.writerow([run_id, target_id, unit_id, reported, "" if value is None else value,
                         "" if met is None else met])  # fmt: skip
    buffer.seek(0)
    table = UnitTargetResult._meta.db_table
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} (run_id, target_id, unit_id, reported, value, met) "
            "FROM STDIN WITH (FORMAT csv)",
            buffer,
        )


def compliance_recompute(*, directive: Directive, period: Period) -> list[ComplianceRun]:
    return [
        compliance_compute(directive=directive, period=period, basis=basis)
        for basis in ComplianceRun.Basis.values
    ]


def compliance_is_current(*, directive_id: int, period_id: int, since: datetime.datetime) -> bool:
    """Whether both bases were computed after `since` (a later run already covered it)."""
    return ComplianceRun.objects.filter(
        directive_id=directive_id, period_id=period_id, computed_at__gt=since
    ).count() == len(ComplianceRun.Basis.values)


def compliance_schedule(*, directive_id: int, period_id: int) -> None:
    """After the current transaction commits, queue a recompute of this directive and period.

    Several changes in a short while queue several tasks; each task first checks whether a
    run newer than its request exists, so a burst of acceptances costs one computation.
    """
    from reports.tasks import recompute_compliance

    requested_at = timezone.now().isoformat()
    transaction.on_commit(
        lambda: recompute_compliance.apply_async(
            (directive_id, period_id, requested_at), countdown=settings.CHITIEU_RECOMPUTE_DELAY
        )
    )


def compliance_pairs() -> list[tuple[Directive, Period]]:
    """Every directive × period with reports, for the nightly full recompute."""
    pairs = Submission.objects.values_list("directive_id", "period_id").distinct()
    directives = {d.pk: d for d in Directive.objects.all()}
    periods = {p.pk: p for p in Period.objects.all()}
    return [(directives[d], periods[p]) for d, p in sorted(set(pairs))]
