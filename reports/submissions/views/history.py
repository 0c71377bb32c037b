"""A report's change history for its reviewers: every figure, task update and status change
with who, when, from where and before/after. Read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from config.audit import history
from reports.submissions import review
from reports.submissions.selectors import submission_unit_name
from units.permissions import Action, allowed


@require_GET
@login_required
def submission_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = review.submission_for_review(user=request.user, pk=pk)
    if submission is None:
        raise Http404
    if not allowed(request.user, Action.AUDIT_VIEW, submission):
        raise PermissionDenied
    name = submission_unit_name(submission)
    entries = history(of=submission, children="submission", then={submission.unit.name: name})
    context = {"submission": submission, "unit_name": name, "entries": entries}
    return render(request, "reports/submission_history.html", context)


urlpatterns = [path("review/<int:pk>/history/", submission_history, name="history")]
