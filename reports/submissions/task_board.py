"""Reads for the task board: every task assignment the user oversees, judged as of a day.

An assignment is a task × unit × role; a task assigned to a level is assigned to each unit of
that level in the directive's province. Statuses come from `directives.deadlines`, computed on
each read from the deadline in force and the units' sent reports, in a fixed number of queries
whatever the number of assignments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from directives import deadlines
from directives.models import Directive, PeriodKind, Task, TaskAssignee
from directives.selectors import deadline_changes, task_list
from reports.periods.calendar import add_working_days, period_label
from reports.periods.models import Holiday, Period
from reports.submissions.models import SENT, Submission, TaskUpdate
from units import permissions
from units.models import Level, Role, Unit
from units.selectors import unit_names

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

BOARD_ROLES = frozenset({Role.REVIEWER, Role.LEADER, Role.ADMIN})
# Finest first: a recurring task is judged on the shortest period its directive reports on.
_KIND_ORDER = [kind.value for kind in PeriodKind]
_RANK = {
    deadlines.Status.OVERDUE: 0,
    deadlines.Status.NOT_STARTED: 1,
    deadlines.Status.IN_PROGRESS: 1,
    deadlines.Status.DONE_LATE: 2,
    deadlines.Status.DONE_ON_TIME: 3,
}


@dataclass(frozen=True)
class BoardFilters:
    directive: Directive | None = None
    unit: Unit | None = None  # the unit and its subtree
    level: Level | None = None
    status: str = ""  # a deadlines.Status, or "due_soon"
    due_month: datetime.date | None = None  # any day of the month


@dataclass(frozen=True)
class ReportLink:
    submission_id: int
    period_label: str
    status: str


@dataclass
class BoardRow:
    task: Task
    unit: Unit
    role: str
    judgement: deadlines.Judgement
    original_due_on: datetime.date | None
    period: Period | None  # the period judged, for a recurring task
    reports: list[ReportLink] = field(default_factory=list)
    unit_name: str = ""  # the unit's name on the row's day (_named)

    @property
    def extended(self) -> bool:
        return self.period is None and self.judgement.deadline != self.original_due_on

    @property
    def recent_reports(self) -> list[ReportLink]:
        """The last three reports, for a compact row; the rest are counted."""
        return self.reports[-3:]

    @property
    def earlier_reports(self) -> int:
        return max(0, len(self.reports) - 3)

    @property
    def role_label(self) -> str:
        return str(TaskAssignee.Role(self.role).label)


def may_see_task_board(user: User | AnonymousUser) -> bool:
    return permissions.allowed(user, permissions.Action.TASK_BOARD)


def task_board(
    *,
    user: User | AnonymousUser,
    filters: BoardFilters,
    as_of: datetime.date | None = None,
    due_soon_days: int = 7,
) -> list[BoardRow]:
    """Rows the user oversees, most overdue first. Visibility: the subtrees where the user is a
    reviewer, leader or admin, within the directives the user may see."""
    as_of = as_of or timezone.localdate()
    units = _units_on(permissions.units_where(user, BOARD_ROLES), as_of)
    if filters.unit is not None:
        units = {pk: u for pk, u in units.items() if filters.unit.pk in u.tree_path}
    if filters.level is not None:
        units = {pk: u for pk, u in units.items() if u.level_id == filters.level.pk}
    rows = _assignment_rows(units, _tasks(user, filters.directive), as_of, due_soon_days)
    rows = [row for row in rows if _matches(row, filters)]
    return sorted(_named(rows, as_of), key=_most_overdue_first)


def own_unit_tasks(
    *, user: User | AnonymousUser, as_of: datetime.date, due_soon_days: int = 7
) -> list[BoardRow]:
    """The assignments of the units where the user reports or heads, most overdue first."""
    staff = permissions.units_where(user, {Role.REPORTER, Role.UNIT_HEAD})
    units = _units_on(staff, as_of)
    if not units:
        return []
    rows = _assignment_rows(units, _tasks(user, None), as_of, due_soon_days)
    return sorted(_named(rows, as_of), key=_most_overdue_first)


def _named(rows: list[BoardRow], as_of: datetime.date) -> list[BoardRow]:
    """Each row's unit under the name it had on the row's day (one query): the last day of
    the period a recurring task is judged on, else the deadline in force (today when later),
    so that an assignment of a period before a rename shows the unit as it was then."""
    names = unit_names(row.unit for row in rows)
    for row in rows:
        day = row.period.ends_on if row.period else min(row.judgement.deadline or as_of, as_of)
        row.unit_name = names.on(row.unit, day)
    return rows


def _units_on(units: QuerySet[Unit], as_of: datetime.date) -> dict[int, Unit]:
    return {
        unit.pk: unit
        for unit in units.with_tree_fields().select_related("level")
        if unit.is_valid_on(as_of) and unit.active
    }


def _assignment_rows(
    units: dict[int, Unit], tasks: list[Task], as_of: datetime.date, due_soon_days: int
) -> list[BoardRow]:
    if not units or not tasks:
        return []
    roots = _roots_of_report_to(tasks, units)
    changes = deadline_changes(task.pk for task in tasks if task.due_on is not None)
    reported = _reported(tasks, units)
    periods = _current_periods(tasks, as_of)
    holidays = _holidays(periods)
    rows = []
    for task in tasks:
        province = roots[task.directive.report_to_id]
        for assignee in task.assignees.all():
            for unit in _expand(assignee, units, province):
                row = _row(task, unit, assignee.role, as_of, due_soon_days, changes, reported)
                if task.due_on is None:
                    period = periods.get(task.directive_id)
                    if period is None:
                        continue
                    row = _recurring_row(row, period, holidays, reported, as_of, due_soon_days)
                rows.append(row)
    return rows


def _tasks(user: User | AnonymousUser, directive: Directive | None) -> list[Task]:
    tasks = (
        task_list(user=user)
        .select_related("directive")
        .prefetch_related(
            Prefetch("assignees", queryset=TaskAssignee.objects.order_by("role", "id"))
        )
    )
    if directive is not None:
        tasks = tasks.filter(directive=directive)
    return list(tasks)


def _roots_of_report_to(tasks: list[Task], units: dict[int, Unit]) -> dict[int, int]:
    """report_to unit id -> id of its province (tree root)."""
    wanted = {task.directive.report_to_id for task in tasks}
    known = {pk: units[pk].tree_path[0] for pk in wanted if pk in units}
    missing = wanted - set(known)
    if missing:
        rows = Unit.objects.with_tree_fields().filter(pk__in=missing)
        known |= {unit.pk: unit.tree_path[0] for unit in rows}
    return known


def _expand(assignee: TaskAssignee, units: dict[int, Unit], province: int) -> list[Unit]:
    if assignee.unit_id is not None:
        unit = units.get(assignee.unit_id)
        return [unit] if unit is not None else []
    return [
        unit
        for unit in units.values()
        if unit.level_id == assignee.level_id and unit.tree_path[0] == province
    ]


@dataclass(frozen=True)
class _Update:
    reported: deadlines.Reported
    period_id: int
    link: ReportLink


def _reported(tasks: list[Task], units: dict[int, Unit]) -> dict[tuple[int, int], list[_Update]]:
    """(task id, unit id) -> the unit's sent accounts of the task, oldest window first.

    Read as plain rows: a province has thousands of them, and model instances cost more than
    everything else on the board.
    """
    rows = (
        TaskUpdate.objects.filter(
            task_id__in=[task.pk for task in tasks],
            submission__unit_id__in=list(units),
            submission__status__in=SENT,
        )
        .order_by("submission__period__ends_on", "submission__submitted_at", "id")
        .values_list(
            "task_id", "status", "completed_on", "submission_id", "submission__unit_id",
            "submission__status", "submission__submitted_at", "submission__period_id",
            "submission__period__ends_on", "submission__period__kind",
            "submission__period__year", "submission__period__number",
        )
    )  # fmt: skip
    labels: dict[int, str] = {}
    statuses = {value: str(label) for value, label in Submission.Status.choices}
    found: dict[tuple[int, int], list[_Update]] = defaultdict(list)
    for (
        task_id, status, completed_on, submission_id, unit_id, submission_status, submitted_at,
        period_id, ends_on, kind, year, number,
    ) in rows:  # fmt: skip
        if period_id not in labels:
            labels[period_id] = period_label(kind, year, number)
        found[(task_id, unit_id)].append(
            _Update(
                deadlines.Reported(
                    status=status,
                    completed_on=completed_on,
                    window_ends_on=ends_on,
                    sent_on=timezone.localdate(submitted_at),
                    submission_id=submission_id,
                ),
                period_id,
                ReportLink(submission_id, labels[period_id], statuses[submission_status]),
            )
        )
    return found


def _row(
    task: Task,
    unit: Unit,
    role: str,
    as_of: datetime.date,
    due_soon_days: int,
    changes: dict[int, list[deadlines.DeadlineChange]],
    reported: dict[tuple[int, int], list[_Update]],
) -> BoardRow:
    updates = reported.get((task.pk, unit.pk), [])
    links = [u.link for u in updates]
    if task.due_on is None:
        # Placeholder judged per period by _recurring_row.
        judgement = deadlines.Judgement(deadlines.Status.NOT_STARTED, None)
        return BoardRow(task, unit, role, judgement, None, None, links)
    deadline = deadlines.deadline_in_force(
        original=task.due_on, changes=changes.get(task.pk, []), unit_id=unit.pk, as_of=as_of
    )
    judgement = deadlines.judge(
        deadline=deadline,
        reports=[u.reported for u in updates],
        as_of=as_of,
        due_soon_days=due_soon_days,
    )
    return BoardRow(task, unit, role, judgement, task.due_on, None, links)


def _current_periods(tasks: list[Task], as_of: datetime.date) -> dict[int, Period]:
    """directive id -> the latest period begun by `as_of` of the finest kind it reports on,
    within the directive's validity, unless stale: the period a recurring task is judged on."""
    directives = {task.directive_id: task.directive for task in tasks if task.due_on is None}
    kinds = {_finest(d.reporting) for d in directives.values()} - {None}
    if not kinds:
        return {}
    periods = list(Period.objects.filter(kind__in=kinds, starts_on__lte=as_of).order_by("-ends_on"))
    current = {}
    for directive in directives.values():
        kind = _finest(directive.reporting)
        for period in periods:
            if period.kind == kind and directive.in_force_during(period.starts_on, period.ends_on):
                if not _stale(period, as_of):
                    current[directive.pk] = period
                break
    return current


def _stale(period: Period, as_of: datetime.date) -> bool:
    """A period whose next occurrence has ended too (never opened): it is no longer the
    current occurrence, and judging the task on it would count years of lateness."""
    length = period.ends_on - period.starts_on + datetime.timedelta(days=1)
    return as_of > period.ends_on + length


def _finest(kinds: list[str]) -> str | None:
    known = [kind for kind in kinds if kind in _KIND_ORDER]
    return min(known, key=_KIND_ORDER.index) if known else None


@dataclass(frozen=True)
class _Calendar:
    holidays: frozenset[datetime.date]
    working_weekend_days: frozenset[datetime.date]


def _holidays(periods: dict[int, Period]) -> _Calendar:
    if not periods:
        return _Calendar(frozenset(), frozenset())
    start = min(p.ends_on for p in periods.values())
    rows = Holiday.objects.filter(date__gt=start).values_list("date", "kind")
    return _Calendar(
        frozenset(d for d, kind in rows if kind == Holiday.Kind.HOLIDAY),
        frozenset(d for d, kind in rows if kind == Holiday.Kind.WORKING_DAY),
    )


def _report_due_on(period: Period, directive: Directive, calendar: _Calendar) -> datetime.date:
    """As reports.periods.selectors.due_on_for, on a calendar loaded once for the whole board."""
    if directive.due_working_days is None:
        return period.due_on
    return add_working_days(
        period.ends_on,
        directive.due_working_days,
        holidays=calendar.holidays,
        working_weekend_days=calendar.working_weekend_days,
    )


def _recurring_row(
    row: BoardRow,
    period: Period,
    calendar: _Calendar,
    reported: dict[tuple[int, int], list[_Update]],
    as_of: datetime.date,
    due_soon_days: int,
) -> BoardRow:
    updates = [u for u in reported.get((row.task.pk, row.unit.pk), []) if u.period_id == period.pk]
    row.judgement = deadlines.judge_period(
        report_due_on=_report_due_on(period, row.task.directive, calendar),
        reports=[u.reported for u in updates],
        as_of=as_of,
        due_soon_days=due_soon_days,
    )
    row.period = period
    return row


def _matches(row: BoardRow, filters: BoardFilters) -> bool:
    judgement = row.judgement
    if filters.status == "due_soon" and not judgement.due_soon:
        return False
    if filters.status not in ("", "due_soon") and judgement.status != filters.status:
        return False
    if filters.due_month is not None:
        deadline = judgement.deadline
        month = (filters.due_month.year, filters.due_month.month)
        if deadline is None or (deadline.year, deadline.month) != month:
            return False
    return True


def _most_overdue_first(row: BoardRow) -> tuple:
    judgement = row.judgement
    return (
        _RANK[judgement.status],
        -judgement.days_late,
        judgement.deadline or datetime.date.max,
        row.task.directive.code,
        row.task.position,
        row.task.pk,
        row.unit.code,
    )
