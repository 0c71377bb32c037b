"""Writes to directives: the all-or-nothing, idempotent import of a directive file, and the
recorded extension of a task's deadline."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from config.errors import DomainError, ImportRejected, Problem
from config.records import assign_changed
from config.refresh import compliance_refresh_later
from directives.importers import (
    DirectiveSpec,
    IndicatorSpec,
    Selector,
    TargetSpec,
    TaskSpec,
    parse_directive_yaml,
)
from directives.models import (
    Directive,
    Target,
    TargetScope,
    Task,
    TaskAssignee,
    TaskDeadlineChange,
)
from indicators.models import Indicator
from units import permissions
from units.models import Level, Unit
from units.permissions import Action, allowed

if TYPE_CHECKING:
    from units.models import User


@dataclass
class DirectiveImportResult:
    directive: Directive
    # (kind of object, "created" / "updated" / "unchanged" / "deleted") -> count
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(n for (_, what), n in self.counts.items() if what != "unchanged")

    def __str__(self) -> str:
        parts = [f"{kind} {what}: {n}" for (kind, what), n in sorted(self.counts.items()) if n]
        return "; ".join(parts)


def directive_import(*, data: bytes, by: User | None = None) -> DirectiveImportResult:
    """Load a directive file all-or-nothing; importing the same file again writes nothing.

    With `by` (an API or web user; the command line passes none), `by` must manage the unit the
    directive reports to, and the one it reported to before when the code is already known.
    """
    spec = parse_directive_yaml(data)
    with transaction.atomic():
        if by is not None:
            _require_manages(spec, by)
        result = _Sync(spec).run()
        if result.changed:
            compliance_refresh_later(directive_id=result.directive.pk)
        return result


def _require_manages(spec: DirectiveSpec, by: User) -> None:
    units = [Unit.objects.get(code=spec.report_to)]
    known = Directive.objects.filter(code=spec.code).select_related("report_to").first()
    if known is not None:
        units.append(known.report_to)
    problems = [
        Problem(
            "directive.report_to",
            _("bạn không quản lý đơn vị %(code)s") % {"code": unit.code},
        )
        for unit in units
        if not allowed(by, Action.DIRECTIVE_MANAGE, unit)
    ]
    if problems:
        raise ImportRejected(problems)


class _Sync:
    def __init__(self, spec: DirectiveSpec) -> None:
        self.spec = spec
        self.counts: Counter = Counter()
        self.levels = {level.code: level for level in Level.objects.all()}
        codes = {s.unit_code for t in spec.tasks for s in (*t.lead, *t.support) if s.unit_code}
        codes |= {
            s.unit_code for t in spec.tasks for g in t.targets for s in g.scope if s.unit_code
        }
        codes.add(spec.report_to)
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.indicators: dict[str, Indicator] = {}
        # The directive's province: its new indicators are its own, and it changes no other's.
        self.province_id = permissions.root_id_of(self.units[spec.report_to])

    def count(self, kind: str, what: str) -> None:
        self.counts[(kind, what)] += 1

    def save_if_changed(self, kind: str, obj: Any, wanted: dict[str, Any]) -> None:
        if obj.pk is None:
            assign_changed(obj, wanted)
            obj.save()
            self.count(kind, "created")
        elif assign_changed(obj, wanted):
            obj.save()
            self.count(kind, "updated")
        else:
            self.count(kind, "unchanged")

    def run(self) -> DirectiveImportResult:
        for spec in self.spec.indicators:
            self.sync_indicator(spec)
        directive = Directive.objects.filter(code=self.spec.code).first() or Directive(
            code=self.spec.code
        )
        self.save_if_changed(
            "directive",
            directive,
            {
                "kind": self.spec.kind,
                "title": self.spec.title,
                "issuer": self.spec.issuer,
                "issued_on": self.spec.issued_on,
                "effective_from": self.spec.effective_from,
                "effective_to": self.spec.effective_to,
                "reporting": self.spec.reporting,
                "report_to_id": self.units[self.spec.report_to].pk,
                "due_working_days": self.spec.due_working_days,
            },
        )
        self.sync_tasks(directive)
        return DirectiveImportResult(directive, self.counts)

    def sync_indicator(self, spec: IndicatorSpec) -> None:
        indicator = Indicator.objects.filter(code=spec.code).first()
        if indicator is not None and indicator.province_id not in (None, self.province_id):
            self._share(indicator, spec)
        if spec.name is None:  # listed by code alone: use the catalogue's definition as is
            self.indicators[spec.code] = indicator
            return
        if indicator is not None and indicator.province_id is None:
            self._use_national(indicator, spec)
            return
        indicator = indicator or Indicator(code=spec.code, province_id=self.province_id)
        if (
            indicator.pk
            and indicator.kind != spec.kind
            and _reported_values().filter(indicator=indicator).exists()
        ):
            raise ImportRejected(
                [
                    Problem(
                        "indicators",
                        _("chỉ số %(code)s đã có số liệu báo cáo nên không thể đổi loại")
                        % {"code": spec.code},
                    )
                ]
            )
        self.save_if_changed(
            "indicator",
            indicator,
            {
                "name": spec.name,
                "kind": spec.kind,
                "numerator_label": spec.numerator,
                "denominator_label": spec.denominator,
                "display_unit": spec.unit,
                "higher_is_better": spec.higher_is_better,
                # Not in the file: kept as officers set it, cleared when no longer a ratio.
                "whole_parts": indicator.whole_parts and spec.kind == Indicator.Kind.RATIO,
            },
        )
        self.indicators[spec.code] = indicator

    def _share(self, indicator: Indicator, spec: IndicatorSpec) -> None:
        """Another province's own indicator: a file that defines it exactly as that province did
        makes it shared, so it moves to the national catalogue (frozen for both from then on);
        naming it by code alone, or defining it otherwise, is refused."""
        if spec.name is None or _definition(indicator) != _wanted(spec):
            raise ImportRejected([Problem("indicators", _(
                "chỉ số %(code)s là chỉ số riêng của một tỉnh khác: hãy khai báo đúng định nghĩa "
                "của nó để dùng chung, hoặc khai báo chỉ số riêng của tỉnh với mã khác")
                % {"code": spec.code})])  # fmt: skip
        indicator.province = None
        indicator.save(update_fields=["province"])

    def _use_national(self, indicator: Indicator, spec: IndicatorSpec) -> None:
        """A national indicator is used as the catalogue defines it: a file may repeat its
        definition, never change it (only superusers do, in the admin)."""
        if _definition(indicator) != _wanted(spec):
            raise ImportRejected([Problem("indicators", _(
                "chỉ số %(code)s thuộc danh mục quốc gia: tệp không được đổi tên, loại, nhãn hay "
                "đơn vị tính của nó; hãy chỉ ghi mã, hoặc khai báo chỉ số riêng của tỉnh với mã "
                "khác") % {"code": spec.code})])  # fmt: skip
        self.count("indicator", "unchanged")
        self.indicators[spec.code] = indicator

    def sync_tasks(self, directive: Directive) -> None:
        existing = {task.number: task for task in directive.tasks.all()}
        wanted_numbers = {spec.number for spec in self.spec.tasks}
        removed = [task for number, task in existing.items() if number not in wanted_numbers]
        reported = set(
            Task.objects.filter(pk__in=[task.pk for task in removed], updates__isnull=False)
            .values_list("number", flat=True)
            .distinct()
        )
        if reported:
            raise ImportRejected(
                [
                    Problem(
                        "tasks",
                        _("nhiệm vụ %(number)s đã có báo cáo nên không thể bỏ khỏi văn bản")
                        % {"number": n},
                    )
                    for n in sorted(reported)
                ]
            )
        for task in removed:
            task.delete()
            self.count("task", "deleted")
        for position, spec in enumerate(self.spec.tasks):
            task = existing.get(spec.number) or Task(directive=directive, number=spec.number)
            self.save_if_changed(
                "task", task, {"title": spec.title, "due_on": spec.due, "position": position}
            )
            self.sync_assignees(task, spec)
            self.sync_targets(task, spec)

    def selector_key(self, selector: Selector) -> tuple[int | None, int | None]:
        if selector.unit_code:
            return self.units[selector.unit_code].pk, None
        return None, self.levels[selector.level_code].pk

    def sync_assignees(self, task: Task, spec: TaskSpec) -> None:
        wanted = {(TaskAssignee.Role.LEAD, *self.selector_key(s)) for s in spec.lead}
        wanted |= {(TaskAssignee.Role.SUPPORT, *self.selector_key(s)) for s in spec.support}
        current = {(a.role, a.unit_id, a.level_id): a for a in task.assignees.all()}
        for key, assignee in current.items():
            if key not in wanted:
                assignee.delete()
        for role, unit_id, level_id in wanted - set(current):
            TaskAssignee.objects.create(task=task, role=role, unit_id=unit_id, level_id=level_id)
        if set(current) != wanted and current:
            self.count("task assignees", "updated")

    def sync_targets(self, task: Task, spec: TaskSpec) -> None:
        # Targets are matched by their place in the task, so re-importing keeps their ids.
        current = list(task.targets.order_by("position", "id"))
        for position, target_spec in enumerate(spec.targets):
            target = current[position] if position < len(current) else Target(task=task)
            self.save_if_changed("target", target, self.target_fields(target_spec, position))
            self.sync_scope(target, target_spec)
        for extra in current[len(spec.targets) :]:
            extra.delete()
            self.count("target", "deleted")

    def target_fields(self, spec: TargetSpec, position: int) -> dict[str, Any]:
        return {
            "indicator_id": self.indicators[spec.indicator].pk,
            "op": spec.op,
            "value": spec.value,
            "due_on": spec.due,
            "judge": spec.judge,
            "units_share": spec.units_share,
            "change_per_year": spec.change_per_year,
            "position": position,
        }

    def sync_scope(self, target: Target, spec: TargetSpec) -> None:
        wanted = {self.selector_key(s) for s in spec.scope}
        current = {(s.unit_id, s.level_id): s for s in target.scope.all()}
        for key, scope in current.items():
            if key not in wanted:
                scope.delete()
        for unit_id, level_id in wanted - set(current):
            TargetScope.objects.create(target=target, unit_id=unit_id, level_id=level_id)
        if current and set(current) != wanted:
            self.count("target scope", "updated")


def task_deadline_change(
    *,
    task: Task,
    new_due_on: datetime.date,
    document_number: str,
    document_date: datetime.date,
    by: User | None,
    unit: Unit | None = None,
    reason: str = "",
) -> TaskDeadlineChange:
    """Record an extension approved by a document; the task's own due date is kept as the
    original, and lateness is judged against the change from the document's date on."""
    if task.due_on is None:
        raise DomainError(_("Nhiệm vụ thường xuyên (không có thời hạn) không gia hạn được."))
    if not document_number.strip():
        raise DomainError(_("Hãy ghi số văn bản cho phép gia hạn."))
    if new_due_on <= task.due_on:
        raise DomainError(
            _("Thời hạn mới phải sau thời hạn ban đầu (%(due)s).")
            % {"due": task.due_on.strftime("%d/%m/%Y")}
        )
    if (
        unit is not None
        and not task.assignees.filter(
            Q(unit=unit) | Q(unit__isnull=True, level_id=unit.level_id)
        ).exists()
    ):
        raise DomainError(_("Đơn vị %(unit)s không thực hiện nhiệm vụ này.") % {"unit": unit.name})
    with transaction.atomic():
        compliance_refresh_later(directive_id=task.directive_id)
        return TaskDeadlineChange.objects.create(
            task=task,
            unit=unit,
            new_due_on=new_due_on,
            document_number=document_number.strip(),
            document_date=document_date,
            reason=reason,
            recorded_by=by,
        )


def directive_targets_changed(*, directive: Directive) -> None:
    """The back office saved the directive's tasks, targets or scopes by hand."""
    compliance_refresh_later(directive_id=directive.pk)


def _reported_values() -> QuerySet[Any]:
    """Figures units reported, looked up by model name: reports are a later layer than
    directives (and their indicator field has no reverse accessor to query through)."""
    return apps.get_model("reports", "IndicatorValue").objects.all()


def _definition(indicator: Indicator) -> tuple[object, ...]:
    return (indicator.name, indicator.kind, indicator.numerator_label,
            indicator.denominator_label, indicator.display_unit, indicator.higher_is_better)  # fmt: skip


def _wanted(spec: IndicatorSpec) -> tuple[object, ...]:
    return (spec.name, spec.kind, spec.numerator, spec.denominator, spec.unit,
            spec.higher_is_better)  # fmt: skip
