"""What an export says, read through the one query layer (reports/compliance.py): the same
figures the dashboards and the compliance API show, plus the reports' own words."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from directives.models import Directive, Task
from reports.compliance.models import ComplianceRun, ComplianceUnit, UnitTargetResult
from reports.compliance.restate import HISTORIC
from reports.compliance.selectors import (
    Compliance,
    MissedUnit,
    compliance_for,
    in_area,
    missed_units,
)
from reports.periods.models import Period
from reports.submissions.models import SENT, IndicatorValue, Submission, TaskUpdate
from units.models import Unit
from units.selectors import names_on, unit_name_on

BASIS = ComplianceRun.Basis.OFFICIAL  # exports carry the official figures, as the API does


@dataclass(frozen=True)
class TaskProgress:
    task: Task
    statuses: list[tuple[str, int]]  # label, number of units
    accounts: list[tuple[str, str, str]]  # unit name, difficulties, proposals (either given)

    @property
    def difficulties(self) -> list[tuple[str, str]]:
        return [(unit, text) for unit, text, _ in self.accounts if text]

    @property
    def proposals(self) -> list[tuple[str, str]]:
        return [(unit, text) for unit, _, text in self.accounts if text]


@dataclass(frozen=True)
class ReportContent:
    compliance: Compliance
    area: Unit
    missed: list[MissedUnit]
    late: list[ComplianceUnit]  # sent after the due date
    unsent: list[ComplianceUnit]  # expected, not sent
    tasks: list[TaskProgress] = field(default_factory=list)
    # unit id -> its name on the period's last day, for the units renamed since
    renamed: dict[int, str] = field(default_factory=dict)
    # the area as on the period's last day (restated figures: as on the day restated onto)
    area_name: str = ""

    def name(self, unit_id: int, name: str) -> str:
        """A unit's name as on the period's last day (`name`: its name today)."""
        return self.renamed.get(unit_id, name)

    @property
    def run(self) -> ComplianceRun | None:
        return self.compliance.run


def _units_of_run(run: ComplianceRun, area: Unit, condition: Q) -> list[ComplianceUnit]:
    return list(
        ComplianceUnit.objects.filter(Q(run=run) & in_area(area) & condition)
        .select_related("unit__level")
        .order_by("unit__name")
    )


def task_updates(*, directive: Directive, period: Period, area: Unit) -> Iterator[TaskUpdate]:
    """The accounts of tasks in the accepted reports (the official basis), by task and unit."""
    return (
        TaskUpdate.objects.filter(
            Q(
                submission__directive=directive,
                submission__period=period,
                submission__status=Submission.Status.ACCEPTED,
            )
            & in_area(area, "submission__unit")
        )
        .select_related("task", "submission__unit")
        .order_by("task__position", "task__pk", "submission__unit__name")
        .iterator(chunk_size=2000)
    )


def _task_progress(
    directive: Directive, period: Period, area: Unit, renamed: dict[int, str]
) -> list[TaskProgress]:
    tasks: dict[int, Task] = {}
    statuses: dict[int, Counter[str]] = defaultdict(Counter)
    accounts: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for update in task_updates(directive=directive, period=period, area=area):
        tasks.setdefault(update.task_id, update.task)
        statuses[update.task_id][update.status] += 1
        said = (update.difficulties.strip(), update.proposals.strip())
        if any(said):
            unit = update.submission.unit
            accounts[update.task_id].append((renamed.get(unit.pk, unit.name), *said))
    labels = dict(TaskUpdate.Status.choices)
    return [
        TaskProgress(
            task,
            [(str(labels[s]), statuses[pk][s]) for s in labels if statuses[pk][s]],
            accounts[pk],
        )
        for pk, task in tasks.items()
    ]


def report_content(
    *, directive: Directive, period: Period, area: Unit, structure: str = HISTORIC,
    on: datetime.date | None = None,
) -> ReportContent:  # fmt: skip
    """Everything the PDF report says, in a fixed number of queries. Restated, the figures of
    the targets are on the structure of `on`; the lists of units stay those of the period."""
    compliance = compliance_for(directive=directive, period=period, basis=BASIS, area=area,
                                structure=structure, on=on)  # fmt: skip
    run = compliance.run
    renamed = names_on(period.ends_on)
    area_name = (unit_name_on(area, on) if compliance.restated and on
                 else renamed.get(area.pk, area.name))  # fmt: skip
    if run is None:
        return ReportContent(compliance, area, [], [], [], renamed=renamed, area_name=area_name)
    return ReportContent(
        compliance,
        area,
        missed_units(run=run, area=area),
        _units_of_run(run, area, Q(report_status__in=SENT, is_late=True)),
        _units_of_run(run, area, ~Q(report_status__in=SENT)),
        _task_progress(directive, period, area, renamed),
        renamed,
        area_name,
    )


def completeness_units(*, run: ComplianceRun, area: Unit) -> list[ComplianceUnit]:
    """Every expected unit with its report's state and score, by name."""
    return _units_of_run(run, area, Q())


UNIT_RESULT_FIELDS = (
    "target_id", "unit_id", "unit__code", "unit__name", "unit__level__name", "reported", "value",
    "met", "numerator", "denominator",
)  # fmt: skip


def unit_results(*, run: ComplianceRun, area: Unit) -> Iterator[tuple]:
    """Every unit's figure against every target it has, as tuples of UNIT_RESULT_FIELDS,
    streamed (tens of thousands of rows: no model instances)."""
    return (
        UnitTargetResult.objects.filter(Q(run=run) & in_area(area))
        .order_by("target_id", "unit__code")
        .values_list(*UNIT_RESULT_FIELDS)
        .iterator(chunk_size=5000)
    )


def value_notes(*, run: ComplianceRun, area: Unit) -> dict[tuple[int, int], str]:
    """(unit id, indicator id) -> the note the unit wrote beside its figure."""
    rows = IndicatorValue.objects.filter(
        Q(submission__directive_id=run.directive_id, submission__period_id=run.period_id,
          submission__status=Submission.Status.ACCEPTED)
        & in_area(area, "submission__unit")
    ).exclude(note="")  # fmt: skip
    return {
        (unit_id, indicator_id): note
        for unit_id, indicator_id, note in rows.values_list(
            "submission__unit_id", "indicator_id", "note"
        )
    }


def sent_on(*, directive: Directive, period: Period, area: Unit) -> dict[int, datetime.date]:
    """unit id -> the day its report was sent (Vietnam time), for the units that sent one."""
    rows = Submission.objects.filter(
        Q(directive=directive, period=period, submitted_at__isnull=False) & in_area(area)
    ).values_list("unit_id", "submitted_at")
    return {unit_id: timezone.localdate(at) for unit_id, at in rows}
