"""Reads for the reporting workflow: what a unit must report, and a report's rows.

The web form, the Excel template and the review page all build on `report_rows`, so they show
the same figures, targets and comparisons.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from directives.models import Directive, Target, Task
from directives.selectors import directive_list, reporting_units_among, unit_targets, unit_tasks
from indicators.models import Indicator
from reports.periods.models import Period
from reports.periods.selectors import due_on_for, open_period_ids
from reports.submissions.models import IDENTITY, IndicatorValue, Submission, TaskUpdate
from units import permissions
from units.models import Role, Unit
from units.selectors import unit_name_on, unit_names

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


@dataclass
class Obligation:
    """One report a unit owes: unit × period × directive, with its state."""

    unit: Unit
    period: Period
    directive: Directive
    submission: Submission | None
    due_on: datetime.date
    unit_name: str  # as on the period's last day (a later rename is undone)

    @property
    def state(self) -> str:
        return self.submission.status if self.submission else "not_started"

    @property
    def days_left(self) -> int:
        """Negative when late."""
        return (self.due_on - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def open_for_editing(self) -> bool:
        return self.state in ("not_started", "draft", "returned")


def reporting_obligations(*, user: User | AnonymousUser) -> list[Obligation]:
    """The reports owed by the units where the user reports or heads, in open periods
    (and reports reopened in closed ones), soonest due first."""
    units = list(
        permissions.units_where(user, {Role.REPORTER, Role.UNIT_HEAD}).select_related("level")
    )
    if not units:
        return []
    unit_ids = {unit.pk for unit in units}
    names = unit_names(units)
    root_of = permissions.roots_of(unit_ids, user=user)
    open_ids = open_period_ids(set(root_of.values()))  # each province opens its own periods
    any_open = set().union(*open_ids.values())
    submissions = {
        (s.unit_id, s.period_id, s.directive_id): s
        for s in Submission.objects.filter(unit_id__in=unit_ids)
        .filter(Q(period_id__in=any_open) | Q(reopened=True))
        .select_related("period")
        if s.reopened or s.period_id in open_ids[root_of[s.unit_id]]
    }
    periods = list(Period.objects.filter(pk__in=any_open))
    periods += [s.period for s in submissions.values() if s.period_id not in any_open]
    obligations = []
    directives = list(directive_list(user=user))
    expected_of = reporting_units_among(directives, units, user=user)
    for directive in directives:
        expected = expected_of[directive.pk]
        if not expected:
            continue
        for period in {p.pk: p for p in periods}.values():
            if period.kind not in directive.reporting or not directive.in_force_during(
                period.starts_on, period.ends_on
            ):
                continue
            due_on = due_on_for(period, directive)
            for unit in units:
                submission = submissions.get((unit.pk, period.pk, directive.pk))
                owed = unit.pk in expected and unit.is_valid_on(period.ends_on)
                open_here = period.pk in open_ids[root_of[unit.pk]]
                if owed and (open_here or submission):
                    obligations.append(
                        Obligation(
                            unit, period, directive, submission, due_on,
                            names.on(unit, period.ends_on),
                        )
                    )  # fmt: skip
    return sorted(obligations, key=lambda o: (o.due_on, o.unit.code, o.directive.code))


def submission_seen(
    *, user: User | AnonymousUser, pk: int, related: tuple[str, ...] = ()
) -> Submission | None:
    """The report if it exists and the user may see it, else None (a guessed id answers like
    a missing one). Its province is checked on the row (`in_province_of`), not by listing
    every unit of the user's provinces (a walk of the whole tree: ~3 ms at 1,000 units, on
    every opening, autosave and sending of a report)."""
    submission = (
        Submission.objects.select_related("unit__level", "period", "directive", *related)
        .filter(pk=pk)
        .first()
    )
    if submission is None or not permissions.in_province_of(user, submission.unit):
        return None
    if not permissions.allowed(user, permissions.Action.SUBMISSION_VIEW, submission):
        return None
    return submission


def submission_seen_or_404(*, user: User | AnonymousUser, pk: int) -> Submission:
    """`submission_seen`, or 404 like a missing report (a guessed id reveals nothing)."""
    submission = submission_seen(user=user, pk=pk)
    if submission is None:
        raise Http404
    return submission


def submission_reread(submission: Submission) -> None:
    """The report's row read again after a write (its status, version, dates), keeping the
    unit, period and directive objects it was loaded with: they never change on a report."""
    submission.refresh_from_db(
        fields=[f.attname for f in Submission._meta.concrete_fields if f.name not in IDENTITY]
    )


def submissions_with_unit_names(submissions: Iterable[Submission]) -> list[tuple[Submission, str]]:
    """A page of reports, each with its unit's name on its period's last day (one query)."""
    submissions = list(submissions)
    names = unit_names(s.unit for s in submissions)
    return [(s, names.on(s.unit, s.period.ends_on)) for s in submissions]


def submission_unit_name(submission: Submission) -> str:
    """The report's unit under the name it had on the period's last day."""
    return unit_name_on(submission.unit, submission.period.ends_on)


@dataclass
class IndicatorRow:
    indicator: Indicator
    targets: list[Target]
    value: IndicatorValue | None
    previous: Decimal | None

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass
class TaskRow:
    task: Task
    role: str  # "lead" or "support"
    update: TaskUpdate | None


@dataclass
class ReportRows:
    submission: Submission
    indicators: list[IndicatorRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    previous: Submission | None = None


def report_rows(submission: Submission) -> ReportRows:
    """The report's indicator rows (with the unit's own targets and last period's value) and
    task rows, in a fixed number of queries whatever their count."""
    unit, directive = submission.unit, submission.directive
    targets = unit_targets(directive, unit)
    values = {v.indicator_id: v for v in submission.values.prefetch_related("evidence")}
    previous = previous_submission(submission)
    before = dict(previous.values.values_list("indicator_id", "value")) if previous else {}
    rows: dict[int, IndicatorRow] = {}
    for target in targets:
        row = rows.get(target.indicator_id)
        if row is None:
            row = rows[target.indicator_id] = IndicatorRow(
                target.indicator,
                [],
                values.get(target.indicator_id),
                before.get(target.indicator_id),
            )
        row.targets.append(target)
    updates = {u.task_id: u for u in submission.task_updates.all()}
    tasks = unit_tasks(directive, unit)
    leads = set(
        directive.tasks.filter(assignees__role="lead")
        .filter(Q(assignees__unit=unit) | Q(assignees__level_id=unit.level_id))
        .values_list("pk", flat=True)
    )
    return ReportRows(
        submission=submission,
        indicators=list(rows.values()),
        tasks=[
            TaskRow(t, "lead" if t.pk in leads else "support", updates.get(t.pk)) for t in tasks
        ],
        previous=previous,
    )


def previous_submission(submission: Submission) -> Submission | None:
    """The same unit's accepted report on the same directive for the period of the same kind
    just before this one."""
    return (
        Submission.objects.filter(
            unit_id=submission.unit_id,
            directive_id=submission.directive_id,
            period__kind=submission.period.kind,
            period__ends_on__lt=submission.period.ends_on,
            status=Submission.Status.ACCEPTED,
        )
        .order_by("-period__ends_on")
        .first()
    )


def previous_values(submission: Submission) -> dict[str, Decimal | None]:
    """Indicator code -> last period's accepted value (for comparison and warnings)."""
    previous = previous_submission(submission)
    if previous is None:
        return {}
    return dict(previous.values.values_list("indicator__code", "value"))
