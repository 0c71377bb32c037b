from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.paging import paginate
from indicators import selectors
from indicators.filters import IndicatorFilter


@require_GET
@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    filterset = IndicatorFilter(request.GET, queryset=selectors.indicator_list(user=request.user))
    page = paginate(request, filterset.qs)
    return render(request, "indicators/indicator_list.html", {"filter": filterset, "page": page})
