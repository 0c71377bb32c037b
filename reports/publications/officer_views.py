"""The DIC officers' two buttons: publish a directive's official figures for a period (on its
dashboard) and withdraw a publication with a reason (on its public page). The same services
as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import DomainError
from directives.models import Directive
from reports.periods.models import Period
from reports.publications.documents import HISTORIC
from reports.publications.models import Publication
from reports.publications.services import publication_publish, publication_withdraw
from units.permissions import Action, allowed, require


@require_POST
@login_required
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_object_or_404(Directive, pk=pk)
    if not allowed(request.user, Action.DIRECTIVE_VIEW, directive):
        raise Http404
    require(request.user, Action.PUBLISH, directive)
    period = Period.objects.filter(pk=request.POST.get("period") or 0).first()
    back = redirect("reports:dashboard_targets", directive.pk)
    if period is None:
        messages.error(request, _("Hãy chọn kỳ báo cáo cần công bố."))
        return back
    try:
        publication = publication_publish(
            by=request.user, directive=directive, period=period,
            structure=request.POST.get("structure") or HISTORIC,
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
        return back
    messages.success(request, _("Đã công bố số liệu chính thức."))
    return redirect("reports:public_publication", publication.province.code, publication.pk)


@require_POST
@login_required
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(
        Publication.objects.select_related("directive", "province"), pk=pk
    )
    if not allowed(request.user, Action.DIRECTIVE_VIEW, publication.directive):
        raise Http404
    require(request.user, Action.PUBLISH, publication.directive)
    try:
        publication_withdraw(by=request.user, publication=publication,
                             reason=request.POST.get("reason", ""))  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:public_publication", publication.province.code, publication.pk)
    messages.success(request, _("Đã rút số liệu đã công bố."))
    return redirect("reports:public_index", publication.province.code)


urlpatterns = [
    path("directives/<int:pk>/publish/", publish_view, name="publish"),
    path("publications/<int:pk>/withdraw/", withdraw_view, name="withdraw"),
]
