"""Reads about directives, tasks and targets, with visibility applied."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from directives import deadlines
from directives.models import (
    Directive,
    Target,
    TargetScope,
    Task,
    TaskAssignee,
    TaskDeadlineChange,
)
from units import permissions
from units.models import Unit
from units.selectors import units_under, units_valid_on

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def directive_list(*, user: User | AnonymousUser) -> QuerySet[Directive]:
    """The directives of the user's provinces (every one for a superuser): `in_provinces`' rule,
    found by climbing from the directives' own units to their provinces (tens of directives)
    rather than by walking down every unit of the provinces (1,000: 1-2 ms on every My
    reports and overview)."""
    directives = Directive.objects.select_related("report_to")
    roots = permissions.root_ids_of(user)
    if roots is None:
        return directives
    reporting_to = Unit.objects.filter(
        permissions.rooted_in(roots, Directive.objects.values("report_to"))
    )
    return directives.filter(report_to__in=reporting_to)


def directive_seen_or_404(*, user: User | AnonymousUser, pk: int) -> Directive:
    """One directive of `directive_list`, checked by `in_provinces`' rule on the row itself
    rather than by listing the provinces' units. An unseen directive answers 404 like a missing
    one, so ids cannot be probed."""
    directive = Directive.objects.select_related("report_to").filter(pk=pk).first()
    if directive is None or not permissions.in_province_of(user, directive.report_to):
        raise Http404
    return directive


def directive_manageable_list(*, user: User | AnonymousUser) -> QuerySet[Directive]:
    """Directives the user may change (those reporting to a unit he keeps)."""
    return Directive.objects.filter(report_to__in=permissions.managed_units(user))


def task_list(*, user: User | AnonymousUser) -> QuerySet[Task]:
    tasks = Task.objects.select_related("directive").order_by("directive__code", "position", "id")
    return permissions.in_provinces(tasks, user)


def directive_tasks_with_targets(directive: Directive) -> QuerySet[Task]:
    """A directive's tasks with assignees, targets and scopes: a fixed number of queries."""
    return directive.tasks.prefetch_related(
        Prefetch(
            "assignees",
            queryset=TaskAssignee.objects.select_related("unit", "level").order_by("role", "id"),
        ),
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("indicator").prefetch_related(
                Prefetch("scope", queryset=TargetScope.objects.select_related("unit", "level"))
            ),
        ),
    )


def _expand(selectors: list[tuple[int | None, int | None]], province: QuerySet[Unit]) -> set[int]:
    """Unit ids named by (unit_id, level_id) selectors; levels are taken within the province."""
    unit_ids = {unit_id for unit_id, _ in selectors if unit_id}
    level_ids = {level_id for _, level_id in selectors if level_id}
    if level_ids:
        unit_ids |= set(province.filter(level_id__in=level_ids).values_list("pk", flat=True))
    return unit_ids


def directive_province(directive: Directive) -> QuerySet[Unit]:
    """The units of the province a directive belongs to (the tree above its report_to unit)."""
    return units_under(permissions.root_id_of(directive.report_to))


def target_scope_units(target: Target, province: QuerySet[Unit]) -> set[int]:
    selectors = [(s.unit_id, s.level_id) for s in target.scope.all()]
    return _expand(selectors, province)


def directive_reporting_units(
    directive: Directive, *, on: datetime.date | None = None
) -> QuerySet[Unit]:
    """Units expected to report on a directive: every unit in a task's or target's scope.

    With `on` (a date), only units that existed on that day.
    """
    selectors = _reporting_selectors([directive.pk])[directive.pk]
    province = directive_province(directive)
    units = Unit.objects.filter(pk__in=_expand(selectors, province)).select_related("level")
    if on is not None:
        units = units_valid_on(units, on)
    return units.order_by("code")


def reporting_units_among(
    directives: list[Directive], units: list[Unit], *, user: User | AnonymousUser | None = None
) -> dict[int, set[int]]:
    """directive id -> which of `units` it expects to report, as `directive_reporting_units`
    says, for a user's few units: three queries for all directives, instead of expanding every
    directive's level selectors over its whole province (1,000 units read per directive).
    `user`: whose request this is (roots already climbed to are not climbed to again)."""
    if not directives or not units:
        return {}
    selectors = _reporting_selectors([d.pk for d in directives])
    root_of = permissions.roots_of(
        {u.pk for u in units} | {d.report_to_id for d in directives}, user=user
    )
    found = {}
    for d in directives:
        named = {unit_id for unit_id, _level in selectors[d.pk] if unit_id}
        levels = {level_id for _unit, level_id in selectors[d.pk] if level_id}
        found[d.pk] = {
            u.pk for u in units
            if u.pk in named
            or (u.level_id in levels and root_of[u.pk] == root_of[d.report_to_id])
        }  # fmt: skip
    return found


def _reporting_selectors(
    directive_ids: list[int],
) -> dict[int, list[tuple[int | None, int | None]]]:
    """directive id -> the (unit_id, level_id) selectors of its tasks' assignees and targets'
    scopes (two queries for any number of directives)."""
    found: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    assignees = TaskAssignee.objects.filter(task__directive_id__in=directive_ids).values_list(
        "task__directive_id", "unit_id", "level_id"
    )
    scopes = TargetScope.objects.filter(target__task__directive_id__in=directive_ids).values_list(
        "target__task__directive_id", "unit_id", "level_id"
    )
    for directive_id, unit_id, level_id in [*assignees, *scopes]:
        found[directive_id].append((unit_id, level_id))
    return found


def unit_targets(directive: Directive, unit: Unit) -> list[Target]:
    """The targets that judge `unit`: those whose scope names it or its level."""
    return list(
        Target.objects.filter(task__directive=directive)
        .filter(Q(scope__unit=unit) | Q(scope__level_id=unit.level_id))
        .select_related("indicator", "task")
        .distinct()
        .order_by("task__position", "position")
    )


def unit_tasks(directive: Directive, unit: Unit) -> list[Task]:
    """The tasks `unit` leads or supports, by name or by level."""
    return list(
        directive.tasks.filter(Q(assignees__unit=unit) | Q(assignees__level_id=unit.level_id))
        .distinct()
        .order_by("position")
    )


def task_assigned_units(task: Task) -> QuerySet[Unit]:
    """The units a task is assigned to, by name or by level within its directive's province."""
    selectors = list(task.assignees.values_list("unit_id", "level_id"))
    unit_ids = _expand(selectors, directive_province(task.directive))
    return Unit.objects.filter(pk__in=unit_ids).order_by("code")


def task_deadline_changes(task: Task) -> QuerySet[TaskDeadlineChange]:
    return task.deadline_changes.select_related("unit", "recorded_by").order_by(
        "document_date", "id"
    )


def deadline_changes(task_ids: Iterable[int]) -> dict[int, list[deadlines.DeadlineChange]]:
    """task id -> its recorded extensions, as `deadlines.deadline_in_force` reads them (one
    query): the task board and a saved report judge against the same deadline."""
    changes: dict[int, list[deadlines.DeadlineChange]] = defaultdict(list)
    for change in TaskDeadlineChange.objects.filter(task_id__in=list(task_ids)).order_by("id"):
        changes[change.task_id].append(
            deadlines.DeadlineChange(
                unit_id=change.unit_id,
                new_due_on=change.new_due_on,
                approved_on=change.document_date,
                order=change.pk,
            )
        )
    return changes


def in_force_during(starts_on: datetime.date, ends_on: datetime.date) -> QuerySet[Directive]:
    """Directives in force on some day from `starts_on` to `ends_on`: the queryset form of
    `Directive.in_force_during`."""
    return Directive.objects.filter(effective_from__lte=ends_on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=starts_on)
    )
