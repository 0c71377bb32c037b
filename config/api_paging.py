"""The API's page: its own module, because DRF's generic views load it while config.api (which
imports them) is still loading."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def _single_valued(request: Request, name: str) -> None:
    # `?page=2&page=` would read as the last value only: say so rather than guess.
    if len(request.query_params.getlist(name)) > 1:
        raise ValidationError({name: [_("Chỉ được gửi một giá trị.")]})


class ApiPagination(pagination.PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 50 a page; `page_size` up to 500 for scripts."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_number(self, request: Request, paginator: Paginator) -> str:
        _single_valued(request, self.page_query_param)
        if request.query_params.get(self.page_query_param) == "":
            # DRF reads an empty `page=` as page 1; the schema says a whole number.
            raise ValidationError({self.page_query_param: [_("Phải là số nguyên dương.")]})
        return super().get_page_number(request, paginator)

    def get_page_size(self, request: Request) -> int:
        _single_valued(request, self.page_size_query_param)
        given = request.query_params.get(self.page_size_query_param, "")
        if given == "":
            return self.page_size
        if not given.isdigit() or not 1 <= int(given) <= self.max_page_size:
            # DRF would fall back to the default size silently; a script should know.
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Phải là số nguyên từ 1 đến %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(given)
