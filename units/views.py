from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.audit import record_export
from config.paging import paginate
from config.uploads import download_response
from units import permissions
from units.filters import UnitFilter
from units.models import UnitEvent


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = permissions.visible_units(request.user).select_related("level", "parent")
    filterset = UnitFilter(request.GET, queryset=units.order_by("code"))
    page = paginate(request, filterset.qs)
    # Officers name units by code in directive and unit files: they see it under the name.
    show_codes = permissions.allowed(request.user, permissions.Action.UNITS_MANAGE)
    context = {"filter": filterset, "page": page, "show_codes": show_codes}
    return render(request, "units/unit_list.html", context)


@require_GET
@login_required
def unit_event_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of the decision behind a change to the unit tree (linked from the admin)."""
    event = get_object_or_404(UnitEvent, pk=pk)
    # Refused like a missing one, so that events of other provinces cannot be probed.
    if not event.document_file or not permissions.allowed(
        request.user, permissions.Action.UNIT_EVENT_VIEW, event
    ):
        raise Http404
    response = download_response(event.document_file)
    record_export(of=event, what=response.filename)
    return response
