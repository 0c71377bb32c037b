"""The API's side of the one province scope (units.permissions.in_provinces)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

from units import permissions


class ProvinceScopeFilter(BaseFilterBackend):
    """First of every viewset's filters (settings): lists and the object lookups of details
    and actions never reach another province's rows, whatever the viewset's own queryset."""

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        return permissions.in_provinces(queryset, request.user)
