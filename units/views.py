from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.paging import paginate
from units import permissions
from units.filters import UnitFilter


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = permissions.visible_units(request.user).select_related("level", "parent")
    filterset = UnitFilter(request.GET, queryset=units.order_by("code"))
    page = paginate(request, filterset.qs)
    return render(request, "units/unit_list.html", {"filter": filterset, "page": page})
