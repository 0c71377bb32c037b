"""What the REST API shares: the exception handler and the folded search filter."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import filters, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.errors import DomainError, ImportRejected
from config.search import search_filter


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain refusals are the client's to fix: 400 with the user-facing message (and, for an
    import, every problem located)."""
    if isinstance(exc, ImportRejected):
        problems = [{"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]
        return Response(
            {"detail": exc.message, "errors": problems}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
    return exception_handler(exc, context)


class FoldedSearchFilter(filters.SearchFilter):
    """`?search=so noi vu` finds "Sở Nội vụ", as in the portal's lists."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        terms = request.query_params.get(self.search_param, "")
        return search_filter(queryset, terms) if terms.strip() else queryset

    def get_search_fields(self, view: Any, request: Request) -> list[str]:
        return ["search_text"]
