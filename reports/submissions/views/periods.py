"""Opening and closing reporting periods (reviewers and admins)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config import vn
from config.errors import DomainError
from config.paging import paginate
from directives.models import PeriodKind
from reports.periods.models import Period
from reports.periods.selectors import period_roots
from reports.periods.services import period_close, period_open
from reports.submissions import review
from units.permissions import Action, allowed


class PeriodOpenForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại kỳ"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=1900, max_value=2999)
    number = forms.IntegerField(
        label=gettext_lazy("Kỳ số"),
        min_value=1,
        initial=1,
        help_text=gettext_lazy("Tháng 1–12, quý 1–4, 6 tháng 1–2; 9 tháng và năm: 1."),
    )


def _require_manager(request: HttpRequest) -> None:
    if not allowed(request.user, Action.PERIOD_MANAGE):
        raise PermissionDenied


def _page(request: HttpRequest, form: PeriodOpenForm, status: int = 200) -> HttpResponse:
    page = paginate(request, review.period_overview(user=request.user))
    return render(request, "reports/periods.html", {"page": page, "form": form}, status=status)


@require_GET
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _page(request, PeriodOpenForm())


@require_POST
@login_required
def open_period(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = PeriodOpenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        period = period_open(**form.cleaned_data, roots=period_roots(request.user))
    except DomainError as error:
        messages.error(request, error.message)
        return _page(request, form, status=400)
    messages.success(
        request,
        _("Kỳ %(label)s đang mở: số liệu từ %(start)s đến %(end)s, hạn nộp %(due)s.")
        % {
            "label": period.label,
            "start": vn.format_date(period.starts_on),
            "end": vn.format_date(period.ends_on),
            "due": vn.format_date(period.due_on),
        },
    )
    return redirect("reports:periods")


@require_POST
@login_required
def close_period(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    period = get_object_or_404(Period, pk=pk)
    try:
        period_close(period=period, roots=period_roots(request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã đóng kỳ %(label)s: các đơn vị không sửa, gửi báo cáo kỳ này được nữa.")
            % {"label": period.label},
        )
    return redirect("reports:periods")


urlpatterns = [
    path("periods/", period_list, name="periods"),
    path("periods/open/", open_period, name="period_open"),
    path("periods/<int:pk>/close/", close_period, name="period_close"),
]
