from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(
    request: HttpRequest, queryset: QuerySet | Sequence, per_page: int = PAGE_SIZE
) -> Page:
    """The requested page; a bad or out-of-range page number gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
