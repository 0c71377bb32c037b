"""The reviewers' pages: the queue, a report under review, its kept versions, the decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError
from config.paging import paginate
from reports.periods.selectors import is_open_for
from reports.submissions import review
from reports.submissions.filters import ReviewQueueFilter
from reports.submissions.models import Submission
from reports.submissions.selectors import submission_unit_name, submissions_with_unit_names
from reports.submissions.services import (
    reopenable,
    submission_accept,
    submission_reopen,
    submission_return,
)
from units.permissions import Action, accepts_own_report, allowed


def _viewable(request: HttpRequest, pk: int) -> Submission:
    submission = review.submission_for_review(user=request.user, pk=pk)
    if submission is None:
        raise Http404
    return submission


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, Action.REVIEW):
        raise PermissionDenied
    queue = review.review_queue(user=request.user)
    filterset = ReviewQueueFilter(request.GET, queryset=queue, user=request.user)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "rows": submissions_with_unit_names(page)}
    return render(request, "reports/review_queue.html", context)


@require_GET
@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _viewable(request, pk)
    may_review = allowed(request.user, Action.SUBMISSION_REVIEW, submission)
    context = {
        "report": review.review_page(submission),
        "unit_name": submission_unit_name(submission),
        "may_review": may_review,
        "may_decide": may_review and submission.status == Submission.Status.SUBMITTED,
        # SUBMISSION_ACCEPT without asking the review rule (a query) a second time.
        "may_accept": may_review and not accepts_own_report(request.user, submission),
        "may_reopen": may_review and reopenable(submission),
        "may_audit": allowed(request.user, Action.AUDIT_VIEW, submission),
        "period_closed": not is_open_for(submission.period, submission.unit),
    }
    return render(request, "reports/review_detail.html", context)


@require_GET
@login_required
def review_versions(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _viewable(request, pk)
    comparison = review.version_comparison(
        submission=submission,
        a=request.GET.get("a"),
        b=request.GET.get("b"),
        only_changed=request.GET.get("changed") == "1",
    )
    if comparison is None:
        raise Http404
    context = {"comparison": comparison, "unit_name": submission_unit_name(submission)}
    return render(request, "reports/review_versions.html", context)


def _reviewable(request: HttpRequest, pk: int) -> Submission:
    submission = _viewable(request, pk)
    if not allowed(request.user, Action.SUBMISSION_REVIEW, submission):
        raise PermissionDenied
    return submission


def _refused(request: HttpRequest, error: DomainError, pk: int) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("reports:review", pk=pk)


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _reviewable(request, pk)
    try:
        submission_accept(submission=submission, by=request.user)
    except DomainError as error:
        return _refused(request, error, pk)
    messages.success(
        request,
        _("Đã tiếp nhận báo cáo %(period)s của %(unit)s.")
        % {"period": submission.period.label, "unit": submission_unit_name(submission)},
    )
    return redirect("reports:review_queue")


@require_POST
@login_required
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _reviewable(request, pk)
    try:
        submission_return(
            submission=submission, comment=request.POST.get("comment", ""), by=request.user
        )
    except DomainError as error:
        return _refused(request, error, pk)
    messages.success(
        request,
        _("Đã trả lại báo cáo %(period)s cho %(unit)s kèm ý kiến.")
        % {"period": submission.period.label, "unit": submission_unit_name(submission)},
    )
    return redirect("reports:review_queue")


@require_POST
@login_required
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _reviewable(request, pk)
    try:
        submission_reopen(
            submission=submission, reason=request.POST.get("reason", ""), by=request.user
        )
    except DomainError as error:
        return _refused(request, error, pk)
    messages.success(
        request,
        _("Đã mở lại báo cáo %(period)s để %(unit)s sửa; lý do được ghi vào lịch sử.")
        % {"period": submission.period.label, "unit": submission_unit_name(submission)},
    )
    return redirect("reports:review", pk=pk)


urlpatterns = [
    path("review/", review_queue, name="review_queue"),
    path("review/<int:pk>/", review_detail, name="review"),
    path("review/<int:pk>/versions/", review_versions, name="versions"),
    path("review/<int:pk>/accept/", accept, name="accept"),
    path("review/<int:pk>/return/", return_, name="return"),
    path("review/<int:pk>/reopen/", reopen, name="reopen"),
]
