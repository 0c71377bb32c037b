"""Agency staff: the reports they owe, the report form (with autosave), and sending it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from config.audit import record_export
from config.errors import DomainError
from config.retry import retry_transient
from config.uploads import download_response
from directives.selectors import directive_list
from reports.periods.models import Period
from reports.submissions import evidence
from reports.submissions.errors import StaleVersion, SubmissionInvalid
from reports.submissions.forms import read_report_form, read_version, report_fields
from reports.submissions.models import EvidenceFile, IndicatorValue, Submission
from reports.submissions.selectors import (
    ReportRows,
    report_rows,
    reporting_obligations,
    submission_reread,
    submission_seen_or_404,
    submission_unit_name,
)
from reports.submissions.services import submission_save, submission_start, submission_submit
from reports.submissions.validation import TASK_INPUT_STATUSES, Report
from units import permissions
from units.models import Role
from units.permissions import Action


@require_GET
@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/my_reports.html",
        {"obligations": reporting_obligations(user=request.user)},
    )


@require_POST
@login_required
def report_start(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, {Role.REPORTER, Role.UNIT_HEAD})
    unit = get_object_or_404(units, pk=request.POST.get("unit") or 0)
    period = get_object_or_404(Period, pk=request.POST.get("period") or 0)
    directive = get_object_or_404(
        directive_list(user=request.user), pk=request.POST.get("directive") or 0
    )
    try:
        submission = submission_start(
            unit=unit, period=period, directive=directive, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:my_reports")
    return redirect("reports:edit", submission.pk)


def _render_form(
    request: HttpRequest,
    submission: Submission,
    *,
    data=None,
    report: Report | None = None,
    notice: str = "",
    status: int = 200,
    rows: ReportRows | None = None,
) -> HttpResponse:
    """The report form, or for htmx only its status and messages. `rows`: the report's rows
    when the caller has them (a save answers with the rows it parsed the form with: its
    status part shows the messages of each field, not their values)."""
    if rows is None:
        rows = report_rows(submission)
    indicators, tasks = report_fields(rows, data=data, report=report)
    context = {
        "submission": submission,
        "unit_name": submission_unit_name(submission),
        "rows": rows,
        "indicators": indicators,
        "tasks": tasks,
        "editable": permissions.allowed(request.user, Action.SUBMISSION_EDIT, submission),
        "can_submit": permissions.allowed(request.user, Action.SUBMISSION_SUBMIT, submission),
        "task_statuses": TASK_INPUT_STATUSES,
        "notice": notice,
        "report": report or Report(),
        "stale": status == 409,
    }
    if not request.htmx:
        return render(request, "reports/report_form.html", context, status=status)
    # htmx swaps only 2xx answers; whether the save happened travels in a header.
    response = render(request, "reports/report_form_status.html", context)
    response["X-Report-Saved"] = "1" if status == 200 else "0"
    return response


@require_GET
@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_form(request, submission_seen_or_404(user=request.user, pk=pk))


def _invalid(error: SubmissionInvalid) -> str:
    return _("Báo cáo có %(count)s lỗi.") % {"count": error.count}


def _refused(submission: Submission, problem: str) -> str:
    """What a refused save or sending left: the draft saved before (autosave included) is
    kept as it was; only a report never saved has nothing stored."""
    if submission.version > 1:
        saved_at = timezone.localtime(submission.updated_at).strftime("%H:%M %d/%m/%Y")
        kept = _("Lần này chưa lưu được; bản nháp đã lưu lúc %(time)s (phiên bản %(v)s) vẫn "
                 "được giữ nguyên.") % {"time": saved_at, "v": submission.version}  # fmt: skip
    else:
        kept = _("Chưa có gì được lưu.")
    return f"{problem} {kept}"


def _save_posted(
    request: HttpRequest, submission: Submission, rows: ReportRows
) -> Report | HttpResponse:
    """Save what the form sent; an HttpResponse (the form with its messages) when refused."""
    values, tasks, parsed = read_report_form(request.POST, rows)
    version = read_version(request.POST)
    if parsed.errors or version is None:
        return _render_form(
            request,
            submission,
            data=request.POST,
            report=parsed,
            status=400,
            notice=_refused(submission, _("Có ô nhập chưa đúng.")),
            rows=rows,
        )
    try:
        return submission_save(
            submission=submission, version=version, values=values, tasks=tasks, by=request.user,
            read=rows,
        )  # fmt: skip
    except SubmissionInvalid as error:
        return _render_form(
            request,
            submission,
            data=request.POST,
            report=error.report,
            notice=_refused(submission, _invalid(error)),
            status=400,
            rows=rows,
        )
    except StaleVersion as error:
        # Read again: newer data than these rows came in meanwhile.
        return _render_form(
            request, submission, data=request.POST, notice=error.message, status=409
        )
    except DomainError as error:
        return _render_form(request, submission, notice=error.message, status=400)


@require_POST
@login_required
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft: from the Save button, or from autosave (htmx) while the user types."""
    submission = submission_seen_or_404(user=request.user, pk=pk)
    if not permissions.allowed(request.user, Action.SUBMISSION_EDIT, submission):
        return _render_form(
            request, submission, notice=_("Báo cáo này không sửa được nữa."), status=403
        )
    rows = report_rows(submission)
    report = _save_posted(request, submission, rows)
    if isinstance(report, HttpResponse):
        return report
    submission_reread(submission)
    if not request.htmx:
        messages.success(request, _("Đã lưu nháp (phiên bản %(v)s).") % {"v": submission.version})
        for warning in (w for ws in report.warnings.values() for w in ws):
            messages.warning(request, warning)
        return redirect("reports:edit", submission.pk)
    saved_at = timezone.localtime(submission.updated_at).strftime("%H:%M:%S")
    return _render_form(
        request, submission, report=report, rows=rows,
        notice=_("Đã lưu lúc %(time)s.") % {"time": saved_at},
    )  # fmt: skip


@require_POST
@login_required
# The save and the sending share one transaction, so the services cannot retry it themselves.
@retry_transient
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what is on the screen, then send it: one click, nothing typed is left behind."""
    submission = submission_seen_or_404(user=request.user, pk=pk)
    if not permissions.allowed(request.user, Action.SUBMISSION_SUBMIT, submission):
        if submission.status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED):
            # A second click, or a browser sending the request again: nothing is wrong.
            messages.info(request, _("Báo cáo này đã được gửi; không cần gửi lại."))
        else:
            messages.error(request, _("Bạn không có quyền gửi báo cáo này."))
        return redirect("reports:edit", submission.pk)
    refused: DomainError | None = None
    rows = None
    with transaction.atomic():
        if "version" in request.POST and any(
            key.startswith(("value:", "task:")) for key in request.POST
        ):
            rows = report_rows(submission)
            saved = _save_posted(request, submission, rows)
            if isinstance(saved, HttpResponse):
                return saved
        submission_reread(submission)
        try:
            submission_submit(
                submission=submission, version=submission.version, by=request.user, read=rows
            )
        except DomainError as error:
            # Undo the save as well; the page is rendered once the transaction has ended.
            transaction.set_rollback(True)
            refused = error
    if refused is not None:
        submission_reread(submission)
        report = refused.report if isinstance(refused, SubmissionInvalid) else None
        return _render_form(
            request,
            submission,
            data=request.POST,
            report=report,
            notice=_refused(submission, _invalid(refused) if report else refused.message),
            status=400,
        )
    messages.success(
        request,
        _("Đã gửi báo cáo %(unit)s — %(period)s.")
        % {"unit": submission_unit_name(submission), "period": submission.period.label},
    )
    if request.htmx:
        return HttpResponseClientRedirect(reverse("reports:my_reports"))
    return redirect("reports:my_reports")


@require_POST
@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_seen_or_404(user=request.user, pk=pk)
    if not permissions.allowed(request.user, Action.SUBMISSION_EDIT, submission):
        raise Http404
    code = request.POST.get("code", "")
    try:
        evidence.evidence_add(
            submission=submission, indicator_code=code, upload=request.FILES.get("file"),
            by=request.user,
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đính kèm tệp minh chứng."))
    return redirect(reverse("reports:edit", args=[pk]) + f"#row-{code}")


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    submission = submission_seen_or_404(user=request.user, pk=pk)
    value = IndicatorValue.objects.filter(submission=submission)
    file = get_object_or_404(EvidenceFile.objects.filter(value__in=value), pk=file_id)
    record_export(of=submission, what=file.original_name)
    return download_response(file.file, filename=file.original_name, content_type=file.content_type)


urlpatterns = [
    path("", my_reports, name="my_reports"),
    path("start/", report_start, name="start"),
    path("<int:pk>/", report_edit, name="edit"),
    path("<int:pk>/save/", report_save, name="save"),
    path("<int:pk>/submit/", report_submit, name="submit"),
    path("<int:pk>/evidence/", evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/file/<int:file_id>/", evidence_download, name="evidence_download"),
]
