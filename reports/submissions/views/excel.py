"""The report's Excel round trip: download a pre-filled template, upload it filled in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.audit import record_export
from config.errors import ImportRejected
from reports.submissions import excel
from reports.submissions.selectors import submission_seen_or_404, submission_unit_name
from units.permissions import Action, allowed


@require_GET
@login_required
def excel_template(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_seen_or_404(user=request.user, pk=pk)
    filename = excel.template_filename(submission)
    response = HttpResponse(excel.report_template(submission), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    record_export(of=submission, what=filename)
    return response


@require_POST
@login_required
def excel_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_seen_or_404(user=request.user, pk=pk)
    if not allowed(request.user, Action.SUBMISSION_EDIT, submission):
        raise PermissionDenied
    try:
        warnings = excel.report_upload(
            submission=submission, file=request.FILES.get("file"), by=request.user
        )
    except ImportRejected as error:
        context = {"submission": submission, "error": error,
                   "unit_name": submission_unit_name(submission)}  # fmt: skip
        return render(request, "reports/excel_upload_result.html", context, status=400)
    messages.success(request, _("Đã nạp tệp Excel và lưu số liệu vào báo cáo."))
    for warning in warnings:
        messages.warning(request, str(warning))
    return redirect(reverse("reports:edit", args=[submission.pk]))


urlpatterns = [
    path("<int:pk>/excel/", excel_template, name="excel_template"),
    path("<int:pk>/excel/upload/", excel_upload, name="excel_upload"),
]
