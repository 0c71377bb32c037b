from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.audit import history
from config.paging import paginate
from directives import selectors
from directives.filters import DirectiveFilter, TaskFilter
from units.permissions import Action, allowed


@require_GET
@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    filterset = DirectiveFilter(request.GET, queryset=selectors.directive_list(user=request.user))
    page = paginate(request, filterset.qs)
    return render(request, "directives/directive_list.html", {"filter": filterset, "page": page})


@require_GET
@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Out-of-scope directives answer 404, like missing ones, so ids cannot be probed.
    directive = get_object_or_404(selectors.directive_list(user=request.user), pk=pk)
    tasks = selectors.directive_tasks_with_targets(directive)
    context = {
        "directive": directive,
        "tasks": tasks,
        "may_audit": allowed(request.user, Action.AUDIT_VIEW, directive),
    }
    return render(request, "directives/directive_detail.html", context)


@require_GET
@login_required
def directive_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the directive, its tasks, targets and scopes: who, when, before/after."""
    directive = get_object_or_404(selectors.directive_list(user=request.user), pk=pk)
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
