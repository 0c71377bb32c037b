from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.audit import history, record_export
from config.errors import DomainError
from config.paging import paginate
from config.uploads import download_response
from directives import selectors, services
from directives.filters import DirectiveFilter, TaskFilter
from directives.forms import TaskDeadlineChangeForm
from units import permissions
from units.permissions import Action, allowed


@require_GET
@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    filterset = DirectiveFilter(request.GET, queryset=selectors.directive_list(user=request.user))
    page = paginate(request, filterset.qs)
    may_draft = allowed(request.user, Action.DIRECTIVE_MANAGE)
    context = {"filter": filterset, "page": page, "may_draft": may_draft}
    return render(request, "directives/directive_list.html", context)


@require_GET
@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Out-of-scope directives answer 404, like missing ones, so ids cannot be probed.
    directive = selectors.directive_seen_or_404(user=request.user, pk=pk)
    tasks = selectors.directive_tasks_with_targets(directive)
    context = {
        "directive": directive,
        "tasks": tasks,
        "may_audit": allowed(request.user, Action.AUDIT_VIEW, directive),
    }
    return render(request, "directives/directive_detail.html", context)


@require_GET
@login_required
def directive_source_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The directive's source document, to whoever sees its page; recorded in its change log."""
    directive = selectors.directive_seen_or_404(user=request.user, pk=pk)
    if not directive.source_document:
        raise Http404
    response = download_response(directive.source_document)
    record_export(of=directive, what=response.filename)
    return response


@require_GET
@login_required
def directive_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the directive, its tasks, targets and scopes: who, when, before/after."""
    directive = selectors.directive_seen_or_404(user=request.user, pk=pk)
    if not allowed(request.user, Action.AUDIT_VIEW, directive):
        raise PermissionDenied
    context = {"directive": directive, "entries": history(of=directive, children="directive")}
    return render(request, "directives/directive_history.html", context)


@require_GET
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    directives = selectors.directive_list(user=request.user)
    filterset = TaskFilter(
        request.GET, queryset=selectors.task_list(user=request.user), directives=directives
    )
    page = paginate(request, filterset.qs)
    return render(request, "directives/task_list.html", {"filter": filterset, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def task_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a deadline extension approved by a document (DIC officers of the province)."""
    task = get_object_or_404(selectors.task_list(user=request.user), pk=pk)
    if not permissions.allowed(request.user, Action.DIRECTIVE_MANAGE, task.directive):
        raise PermissionDenied
    form = TaskDeadlineChangeForm(request.POST or None, units=selectors.task_assigned_units(task))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.task_deadline_change(task=task, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã ghi nhận gia hạn nhiệm vụ."))
                return redirect("directives:task_deadline", pk=task.pk)
        status = 400
    context = {"task": task, "form": form, "changes": selectors.task_deadline_changes(task)}
    return render(request, "directives/task_deadline.html", context, status=status)
