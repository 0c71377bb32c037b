"""Writes to reports: start, save (with the version check), submit, accept, return, reopen.

The web form, the Excel upload and the API call these same functions; none of them holds a
rule of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.records import assign_changed
from config.retry import retry_transient
from config.text import refuse_control_characters
from directives.deadlines import deadline_in_force
from directives.models import Directive, Task
from directives.selectors import (
    deadline_changes,
    directive_reporting_units,
    unit_targets,
    unit_tasks,
)
from indicators.models import Indicator
from reports.periods.models import Period
from reports.periods.selectors import due_on_for, is_open_for
from reports.submissions.errors import StaleVersion, SubmissionInvalid
from reports.submissions.models import (
    IndicatorValue,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    TaskUpdate,
)
from reports.submissions.schedule import compliance_schedule
from reports.submissions.selectors import previous_values
from reports.submissions.validation import (
    Report,
    TaskInput,
    ValueInput,
    check_complete,
    check_task,
    check_value,
    computed_value,
    derived_task_status,
    task_key,
    value_key,
    warn_implausible,
)
from units.models import Unit
from units.permissions import accepts_own_report

if TYPE_CHECKING:
    from units.models import User

Status = Submission.Status


def _event(
    submission: Submission, action: str, by: User | None, before: str, comment: str = ""
) -> None:
    SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        by=by,
        at=timezone.now(),
        from_status=before,
        to_status=submission.status,
        version=submission.version,
        comment=comment,
    )


def _snapshot(submission: Submission, by: User | None) -> None:
    values = {
        code: {
            "value": _text(value),
            "numerator": _text(num),
            "denominator": _text(den),
            "note": note,
        }
        for code, value, num, den, note in submission.values.values_list(
            "indicator__code", "value", "numerator", "denominator", "note"
        )
    }
    tasks = {
        number: {
            "status": status,
            "progress": progress,
            "difficulties": difficulties,
            "proposals": proposals,
            "completed_on": completed.isoformat() if completed else None,
        }
        for number, status, progress, difficulties, proposals, completed in submission.task_updates.values_list(
            "task__number", "status", "progress", "difficulties", "proposals", "completed_on"
        )
    }
    SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version,
        status=submission.status,
        by=by,
        snapshot={"values": values, "tasks": tasks},
    )


def _text(number: Any) -> str | None:
    return None if number is None else f"{number.normalize():f}"


def _locked(submission: Submission) -> Submission:
    """The report's row, locked until the transaction ends. Only that row: a plain
    select_for_update() would lock the joined period, directive and unit rows too, which every
    report of the period shares with the others and with the compliance refresh (it inserts
    rows pointing at them): on deadline day those transactions deadlocked on the period row."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period", "directive", "unit")
        .get(pk=submission.pk)
    )


def require_editable(submission: Submission) -> None:
    if submission.status not in (Status.DRAFT, Status.RETURNED):
        raise DomainError(_("Báo cáo đã gửi hoặc đã được tiếp nhận nên không sửa được."))
    if not submission.reopened and not is_open_for(submission.period, submission.unit):
        raise DomainError(_("Kỳ báo cáo %(label)s đã đóng.") % {"label": submission.period.label})


@retry_transient
@transaction.atomic
def submission_start(
    *, unit: Unit, period: Period, directive: Directive, by: User | None
) -> Submission:
    """The unit's report for the period, created as a draft when it does not exist yet."""
    existing = Submission.objects.filter(unit=unit, period=period, directive=directive).first()
    if existing:
        return existing
    if period.kind not in directive.reporting:
        raise DomainError(
            _("Văn bản %(code)s không yêu cầu báo cáo %(label)s.")
            % {"code": directive.code, "label": period.label}
        )
    if not is_open_for(period, unit):
        raise DomainError(_("Kỳ báo cáo %(label)s đã đóng.") % {"label": period.label})
    if not directive_reporting_units(directive, on=period.ends_on).filter(pk=unit.pk).exists():
        raise DomainError(
            _("%(unit)s không thuộc đối tượng báo cáo của văn bản %(code)s.")
            % {"unit": unit.name, "code": directive.code}
        )
    submission, created = Submission.objects.get_or_create(
        unit=unit, period=period, directive=directive, defaults={"created_by": by}
    )
    if created:
        _event(submission, SubmissionEvent.Action.CREATE, by, "")
    return submission


def report_indicators(submission: Submission) -> dict[str, Indicator]:
    return {
        t.indicator.code: t.indicator for t in unit_targets(submission.directive, submission.unit)
    }


@retry_transient
@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    version: int,
    values: list[ValueInput],
    tasks: list[TaskInput],
    by: User | None,
) -> Report:
    """Save a draft. Refused whole when anything is wrong or the version is stale."""
    submission = _locked(submission)
    require_editable(submission)
    if version != submission.version:
        raise StaleVersion(submission.version)
    indicators = report_indicators(submission)
    task_rows = {task.number: task for task in unit_tasks(submission.directive, submission.unit)}
    report = Report()
    for given in values:
        indicator = indicators.get(given.indicator)
        if indicator is None:
            report.error(
                value_key(given.indicator), _("Chỉ số này không thuộc báo cáo của đơn vị.")
            )
        else:
            check_value(report, indicator, given)
    for given in tasks:
        if given.task not in task_rows:
            report.error(task_key(given.task), _("Nhiệm vụ này không thuộc báo cáo của đơn vị."))
        else:
            check_task(report, given, submitting=False)
    if report.errors:
        raise SubmissionInvalid(report)
    previous = previous_values(submission)
    changed = _store_values(submission, indicators, values, previous, report)
    changed |= _store_tasks(submission, task_rows, tasks)
    if changed:
        before = submission.status
        submission.version += 1
        submission.save(update_fields=["version", "updated_at"])
        _snapshot(submission, by)
        _event(submission, SubmissionEvent.Action.SAVE, by, before)
    return report


def _store_values(
    submission: Submission,
    indicators: dict[str, Indicator],
    values: list[ValueInput],
    previous: dict[str, Any],
    report: Report,
) -> bool:
    current = {v.indicator.code: v for v in submission.values.select_related("indicator")}
    changed = False
    for given in values:
        indicator = indicators[given.indicator]
        value = computed_value(indicator, given)
        warn_implausible(report, indicator, value, previous.get(given.indicator))
        row = current.get(given.indicator)
        if given.is_empty and not given.note and row is not None and not row.evidence.exists():
            row.delete()
            changed = True
            continue
        if given.is_empty and not given.note and row is None:
            continue
        wanted = {
            "value": value,
            "numerator": given.numerator,
            "denominator": given.denominator,
            "note": given.note,
        }
        if row is None:
            IndicatorValue.objects.create(submission=submission, indicator=indicator, **wanted)
            changed = True
        elif assign_changed(row, wanted):
            row.save()
            changed = True
    return changed


def _store_tasks(
    submission: Submission, task_rows: dict[str, Task], tasks: list[TaskInput]
) -> bool:
    current = {u.task.number: u for u in submission.task_updates.select_related("task")}
    # Judged as the task board judges it on the day the report is saved: against the deadline
    # in force for this unit that day, an approved extension included.
    today = timezone.localdate()
    changes = deadline_changes(t.pk for t in task_rows.values() if t.due_on is not None)
    changed = False
    for given in tasks:
        task = task_rows[given.task]
        deadline = task.due_on and deadline_in_force(
            original=task.due_on,
            changes=changes.get(task.pk, []),
            unit_id=submission.unit_id,
            as_of=today,
        )
        wanted = {
            "status": derived_task_status(given, deadline, submission.period.ends_on),
            "progress": given.progress,
            "difficulties": given.difficulties,
            "proposals": given.proposals,
            "completed_on": given.completed_on,
        }
        row = current.get(given.task)
        if row is None:
            TaskUpdate.objects.create(submission=submission, task=task, **wanted)
            changed = True
        elif assign_changed(row, wanted):
            row.save()
            changed = True
    return changed


@retry_transient
@transaction.atomic
def submission_submit(*, submission: Submission, version: int, by: User | None) -> Submission:
    """Freeze the report, stamped on time or late against its due date."""
    submission = _locked(submission)
    require_editable(submission)
    if version != submission.version:
        raise StaleVersion(submission.version)
    stored = {
        v.indicator.code: ValueInput(v.indicator.code, v.value, v.numerator, v.denominator, v.note)
        for v in submission.values.select_related("indicator")
    }
    report = Report()
    for code, indicator in report_indicators(submission).items():
        check_complete(report, indicator, stored.get(code))
    updates = {u.task.number: u for u in submission.task_updates.select_related("task")}
    for number in (t.number for t in unit_tasks(submission.directive, submission.unit)):
        update = updates.get(number)
        if update is None:
            report.error(task_key(number), _("Cần báo cáo tình hình thực hiện nhiệm vụ."))
        else:
            check_task(
                report,
                TaskInput(
                    number,
                    update.status,
                    update.progress,
                    update.difficulties,
                    update.proposals,
                    update.completed_on,
                ),
                submitting=True,
            )
    if report.errors:
        raise SubmissionInvalid(report)
    before = submission.status
    now = timezone.now()
    submission.status = Status.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, by
    submission.is_late = timezone.localdate(now) > due_on_for(
        submission.period, submission.directive
    )
    submission.reopened = False
    submission.version += 1
    submission.save()
    _snapshot(submission, by)
    _event(submission, SubmissionEvent.Action.SUBMIT, by, before)
    compliance_schedule(directive_id=submission.directive_id, period_id=submission.period_id)
    return submission


def _review(
    submission: Submission, by: User | None, status: str, action: str, comment: str
) -> Submission:
    submission = _locked(submission)
    if submission.status != Status.SUBMITTED:
        raise DomainError(_("Chỉ thẩm định được báo cáo đã gửi và đang chờ thẩm định."))
    before = submission.status
    submission.status = status
    submission.reviewed_at, submission.reviewed_by = timezone.now(), by
    submission.review_comment = comment
    submission.save()
    _event(submission, action, by, before, comment)
    compliance_schedule(directive_id=submission.directive_id, period_id=submission.period_id)
    return submission


@retry_transient
@transaction.atomic
def submission_accept(*, submission: Submission, by: User | None) -> Submission:
    """The report becomes read-only and counts in the official figures."""
    if accepts_own_report(by, submission):
        raise DomainError(
            _("Người gửi báo cáo không tự tiếp nhận được; cần một người khác thẩm định.")
        )
    return _review(submission, by, Status.ACCEPTED, SubmissionEvent.Action.ACCEPT, "")


@retry_transient
@transaction.atomic
def submission_return(*, submission: Submission, comment: str, by: User | None) -> Submission:
    """Back to the unit with a comment; the unit may edit and send it again."""
    if not comment.strip():
        raise DomainError(_("Cần ghi lý do trả lại để đơn vị biết cần sửa gì."))
    refuse_control_characters(comment)
    return _review(submission, by, Status.RETURNED, SubmissionEvent.Action.RETURN, comment.strip())


def reopenable(submission: Submission) -> bool:
    """A sent or accepted report, or one left in a closed period, may be reopened."""
    if submission.status in (Status.SUBMITTED, Status.ACCEPTED):
        return True
    return not submission.reopened and not is_open_for(submission.period, submission.unit)


@retry_transient
@transaction.atomic
def submission_reopen(*, submission: Submission, reason: str, by: User | None) -> Submission:
    """Let a unit edit a sent or accepted report again, even in a closed period."""
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do mở lại báo cáo."))
    refuse_control_characters(reason)
    submission = _locked(submission)
    if not reopenable(submission):
        raise DomainError(_("Báo cáo này đang mở để sửa."))
    before = submission.status
    if submission.status != Status.DRAFT:
        submission.status = Status.RETURNED
        submission.reviewed_at, submission.reviewed_by = timezone.now(), by
    submission.reopened = True
    submission.review_comment = reason.strip()
    submission.save()
    _event(submission, SubmissionEvent.Action.REOPEN, by, before, reason.strip())
    compliance_schedule(directive_id=submission.directive_id, period_id=submission.period_id)
    return submission
