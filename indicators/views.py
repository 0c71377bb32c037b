from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.paging import paginate
from indicators.filters import IndicatorFilter
from indicators.models import Indicator


@require_GET
@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    # The catalogue is shared by every province: any signed-in user may read it.
    filterset = IndicatorFilter(request.GET, queryset=Indicator.objects.order_by("code"))
    page = paginate(request, filterset.qs)
    return render(request, "indicators/indicator_list.html", {"filter": filterset, "page": page})
