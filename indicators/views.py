from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import DomainError, ImportRejected
from config.paging import paginate
from indicators import selectors, services
from indicators.filters import IndicatorFilter
from indicators.forms import (
    CriterionAssessmentForm,
    ExternalFigureForm,
    IndexResultForm,
    ResultsFileForm,
)
from indicators.models import IndexEdition
from units.models import Unit
from units.permissions import Action, allowed, in_provinces


@require_GET
@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    filterset = IndicatorFilter(request.GET, queryset=selectors.indicator_list(user=request.user))
    page = paginate(request, filterset.qs)
    index_province = selectors.index_province_code(request.user)
    context = {
        "filter": filterset, "page": page, "index_province": index_province,
        # Officers write directive files by indicator code: they see it under the name.
        "show_codes": allowed(request.user, Action.DIRECTIVE_MANAGE),
    }  # fmt: skip
    return render(request, "indicators/indicator_list.html", context)


def province_for(request: HttpRequest, code: str, action: Action) -> Unit:
    """The province (a root unit) named by `code`, if the user may act on it; else 404/403."""
    roots = in_provinces(Unit.objects.filter(parent__isnull=True), request.user)
    province = get_object_or_404(roots, code=code)
    if not allowed(request.user, action, province):
        raise PermissionDenied
    return province


def _entry_page(
    request: HttpRequest, province: Unit, form: Form, title: str,
    save: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:  # fmt: skip
    """An officer's entry form: a valid POST is saved by `save`, which answers where to go
    next; a refusal shows on the form with every problem (nothing written), with a 400."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return save(form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
                problems = error.problems if isinstance(error, ImportRejected) else []
                for problem in problems:  # an import's located problems
                    form.add_error(None, str(problem))
        status = 400
    context = {"province": province, "form": form, "title": title}
    return render(request, "indicators/index_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def figure_new(request: HttpRequest, code: str) -> HttpResponse:
    """An officer enters a published figure of the province (a rank, a survey result)."""
    province = province_for(request, code, Action.EXTERNAL_FIGURE_ENTER)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.external_figure_save(province=province, by=request.user, **data)
        messages.success(request, _("Đã ghi nhận số liệu công bố."))
        return redirect("indicators:index_province", code=province.code)

    form = ExternalFigureForm(request.POST or None)
    return _entry_page(request, province, form, _("Nhập số liệu công bố"), save)


@require_http_methods(["GET", "POST"])
@login_required
def result_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An officer enters the official score or rank published for an edition."""
    province = province_for(request, code, Action.EXTERNAL_FIGURE_ENTER)
    edition = get_object_or_404(IndexEdition, pk=pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.index_result_save(edition=edition, province=province, by=request.user, **data)
        messages.success(request, _("Đã ghi nhận kết quả công bố."))
        return redirect("indicators:index_edition", code=province.code, pk=edition.pk)

    form = IndexResultForm(request.POST or None, edition=edition)
    title = _("Nhập kết quả công bố %(edition)s") % {"edition": edition}
    return _entry_page(request, province, form, title, save)


@require_http_methods(["GET", "POST"])
@login_required
def criterion_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An officer scores a criterion no indicator measures, with its evidence."""
    province = province_for(request, code, Action.EXTERNAL_FIGURE_ENTER)
    edition = get_object_or_404(IndexEdition, pk=pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.criterion_assess(province=province, by=request.user, **data)
        messages.success(request, _("Đã ghi nhận điểm tự chấm."))
        return redirect("indicators:index_edition", code=province.code, pk=edition.pk)

    form = CriterionAssessmentForm(request.POST or None, edition=edition)
    title = _("Chấm tiêu chí %(edition)s") % {"edition": edition}
    return _entry_page(request, province, form, title, save)


@require_http_methods(["GET", "POST"])
@login_required
def results_import(request: HttpRequest, code: str) -> HttpResponse:
    """An officer loads the official results a ministry announced, from a results file."""
    province = province_for(request, code, Action.EXTERNAL_FIGURE_ENTER)

    def save(data: dict[str, Any]) -> HttpResponse:
        edition, count = services.index_results_import(data=data["file"], by=request.user)
        message = _("Đã nạp %(count)s kết quả công bố của %(edition)s.")
        messages.success(request, message % {"count": count, "edition": edition})
        return redirect("indicators:index_province", code=province.code)

    form = ResultsFileForm(request.POST or None, request.FILES or None)
    return _entry_page(request, province, form, _("Nạp tệp kết quả công bố"), save)
