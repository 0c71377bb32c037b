"""Writes to reports: start, save (with the version check), submit, accept, return, reopen.

The web form, the Excel upload and the API call these same functions; none of them holds a
rule of its own.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import log_bulk
from config.errors import DomainError
from config.retry import retry_transient
from config.text import refuse_control_characters
from directives.models import Directive
from directives.selectors import directive_reporting_units, unit_targets, unit_tasks
from indicators.models import Indicator
from reports.periods.models import Period
from reports.periods.selectors import due_on_for, is_open_for
from reports.submissions.drafts import store_tasks, store_values
from reports.submissions.errors import StaleVersion, SubmissionInvalid
from reports.submissions.models import (
    IDENTITY,
    IndicatorValue,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    TaskUpdate,
)
from reports.submissions.schedule import compliance_schedule
from reports.submissions.selectors import ReportRows, previous_values
from reports.submissions.validation import (
    Report,
    TaskInput,
    ValueInput,
    check_complete,
    check_task,
    check_value,
    task_key,
    value_key,
)
from units.models import Unit
from units.permissions import accepts_own_report

if TYPE_CHECKING:
    from decimal import Decimal

    from directives.models import Task
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


def _stored_rows(submission: Submission) -> tuple[dict[str, IndicatorValue], dict[str, TaskUpdate]]:
    """The report's figures by indicator code and task updates by task number, read once."""
    values = {v.indicator.code: v for v in submission.values.select_related("indicator")}
    updates = {u.task.number: u for u in submission.task_updates.select_related("task")}
    return values, updates


def _snapshot(
    submission: Submission,
    by: User | None,
    values: dict[str, IndicatorValue],
    updates: dict[str, TaskUpdate],
) -> None:
    """The version's record, built from the rows as they now stand (not read back)."""
    figures = {
        code: {
            "value": _text(v.value),
            "numerator": _text(v.numerator),
            "denominator": _text(v.denominator),
            "note": v.note,
        }
        for code, v in values.items()
    }
    tasks = {
        number: {
            "status": u.status,
            "progress": u.progress,
            "difficulties": u.difficulties,
            "proposals": u.proposals,
            "completed_on": u.completed_on.isoformat() if u.completed_on else None,
        }
        for number, u in updates.items()
    }
    SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version,
        status=submission.status,
        by=by,
        snapshot={"values": figures, "tasks": tasks},
    )


def _text(number: Any) -> str | None:
    return None if number is None else f"{number.normalize():f}"


def _locked(submission: Submission) -> Submission:
    """The report's row, locked until the transaction ends. Only that row: a plain
    select_for_update() would lock the joined period, directive and unit rows too, which every
    report of the period shares with the others and with the compliance refresh (it inserts
    rows pointing at them): on deadline day those transactions deadlocked on the period row.
    A report's unit, period and directive never change: the caller's objects serve the locked
    row, with what they already know for the request (the unit's province, the period's
    status there), instead of being read again."""
    shared = [name for name in IDENTITY if Submission._meta.get_field(name).is_cached(submission)]
    rows = Submission.objects.select_for_update(of=("self",))
    missing = [name for name in IDENTITY if name not in shared]
    if missing:  # select_related() with no name would follow every relation
        rows = rows.select_related(*missing)
    locked = rows.get(pk=submission.pk)
    for name in shared:
        setattr(locked, name, getattr(submission, name))
    return locked


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


def _report_shape(
    submission: Submission, read: ReportRows | None
) -> tuple[dict[str, Indicator], dict[str, Task], dict[str, Decimal | None]]:
    """The report's indicators by code, its tasks by number and last period's figures by
    code: from the rows the view read to parse the form (`read`), else read here. None of them
    is the report's own rows, which are read under the lock."""
    if read is None:
        tasks = unit_tasks(submission.directive, submission.unit)
        return (
            report_indicators(submission),
            {t.number: t for t in tasks},
            previous_values(submission),
        )
    return (
        {row.indicator.code: row.indicator for row in read.indicators},
        {row.task.number: row.task for row in read.tasks},
        {row.indicator.code: row.previous for row in read.indicators},
    )


@retry_transient
@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    version: int,
    values: list[ValueInput],
    tasks: list[TaskInput],
    by: User | None,
    read: ReportRows | None = None,
) -> Report:
    """Save a draft. Refused whole when anything is wrong or the version is stale. `read`:
    the report's rows as the caller read them for its form (not read again)."""
    submission = _locked(submission)
    require_editable(submission)
    if version != submission.version:
        raise StaleVersion(submission.version)
    indicators, task_rows, previous = _report_shape(submission, read)
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
    stored, updates = _stored_rows(submission)
    changes = store_values(
        submission=submission,
        indicators=indicators,
        values=values,
        previous=previous,
        report=report,
        rows=stored,
    )
    changes += store_tasks(submission=submission, task_rows=task_rows, tasks=tasks, rows=updates)
    if changes:
        before = submission.status
        was = copy.copy(submission)
        submission.version += 1
        with disable_auditlog():  # logged with the rows, in their one insert
            submission.save(update_fields=["version", "updated_at"])
        log_bulk([*changes, (was, submission)])
        _snapshot(submission, by, stored, updates)
        _event(submission, SubmissionEvent.Action.SAVE, by, before)
    return report


@retry_transient
@transaction.atomic
def submission_submit(
    *, submission: Submission, version: int, by: User | None, read: ReportRows | None = None
) -> Submission:
    """Freeze the report, stamped on time or late against its due date. `read`: as for
    `submission_save`."""
    submission = _locked(submission)
    require_editable(submission)
    if version != submission.version:
        raise StaleVersion(submission.version)
    indicators, task_rows, _previous = _report_shape(submission, read)
    rows, updates = _stored_rows(submission)
    stored = {
        code: ValueInput(code, v.value, v.numerator, v.denominator, v.note)
        for code, v in rows.items()
    }
    report = Report()
    for code, indicator in indicators.items():
        check_complete(report, indicator, stored.get(code))
    for number in task_rows:
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
    _snapshot(submission, by, rows, updates)
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
