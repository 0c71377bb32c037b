"""What the REST API shares: the exception handler and the folded search filter."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import filters
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.errors import DomainError
from config.search import search_filter


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain refusals answer with the status and body the error itself gives (400 with the
    user-facing message, every located problem of an import, 409 for a stale version, …)."""
    if isinstance(exc, DomainError):
        return Response(exc.as_data(), status=exc.status_code)
    return exception_handler(exc, context)


class FoldedSearchFilter(filters.SearchFilter):
    """`?search=so noi vu` finds "Sở Nội vụ", as in the portal's lists."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        terms = request.query_params.get(self.search_param, "")
        return search_filter(queryset, terms) if terms.strip() else queryset

    def get_search_fields(self, view: Any, request: Request) -> list[str]:
        return ["search_text"]
