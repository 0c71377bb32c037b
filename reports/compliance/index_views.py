"""A province's pages on the index frameworks: scored from the portal's official figures, so
they stand above the compliance engine; routed under their `indicators:` names."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from indicators import selectors
from indicators.models import IndexEdition
from indicators.views import province_for
from reports.compliance import index_scores
from units.permissions import Action, allowed


@require_GET
@login_required
def index_province(request: HttpRequest, code: str) -> HttpResponse:
    """The province on each index framework: its editions, scores, ranks, and figures."""
    province = province_for(request, code, Action.INDEX_VIEW)
    context = {
        "province": province,
        "trends": index_scores.province_trends(province),
        "figures": selectors.province_external_figures(province),
        "may_enter": allowed(request.user, Action.EXTERNAL_FIGURE_ENTER, province),
    }
    return render(request, "reports/index/province.html", context)


@require_GET
@login_required
def index_edition(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One edition scored for the province: each score explained, beside the published one."""
    province = province_for(request, code, Action.INDEX_VIEW)
    edition = get_object_or_404(IndexEdition.objects.select_related("framework"), pk=pk)
    assessment = index_scores.province_assessment(edition, province)
    context = {
        "province": province,
        "edition": edition,
        "assessment": assessment,
        "rows": selectors.assessment_rows(assessment),
        "gaps": selectors.pillar_gaps(edition, province, assessment),
        "results": selectors.edition_results(edition, province),
        "may_enter": allowed(request.user, Action.EXTERNAL_FIGURE_ENTER, province),
    }
    return render(request, "reports/index/edition.html", context)


@require_GET
@login_required
def index_units(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The province's departments, districts or communes as the edition scores them."""
    province = province_for(request, code, Action.INDEX_VIEW)
    edition = get_object_or_404(IndexEdition.objects.select_related("framework"), pk=pk)
    context = {
        "province": province,
        "edition": edition,
        "scores": index_scores.unit_assessments(edition, province),
    }
    return render(request, "reports/index/units.html", context)
