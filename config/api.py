"""What the REST API shares: the exception handler, the folded search filter and the schema
class that documents every error answer."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field, inline_serializer
from rest_framework import filters, serializers, throttling
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.api_parsers import request_length, too_large
from config.errors import DomainError
from config.search import search_filter


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain refusals answer with the status and body the error itself gives (400 with the
    user-facing message, every located problem of an import, 409 for a stale version, …)."""
    if isinstance(exc, DomainError):
        return Response(exc.as_data(), status=exc.status_code)
    if isinstance(exc, Http404):  # get_object_or_404's English "No Submission matches …"
        exc = NotFound()
    if isinstance(exc, RequestDataTooBig):  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, read by DRF
        exc = too_large(request_length(context["request"]), settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return exception_handler(exc, context)


class FoldedSearchFilter(filters.SearchFilter):
    """`?search=so noi vu` finds "Sở Nội vụ", as in the portal's lists."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        terms = request.query_params.get(self.search_param, "")
        try:
            ProhibitNullCharactersValidator()(terms)  # PostgreSQL refuses NUL in a query
        except DjangoValidationError as error:
            raise ValidationError({self.search_param: error.messages}) from None
        return search_filter(queryset, terms) if terms.strip() else queryset

    def get_search_fields(self, view: Any, request: Request) -> list[str]:
        return ["search_text"]


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else is a 400 (django-filter's BooleanFilter ignores it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        choices = [("true", "true"), ("false", "false")]
        super().__init__(*args, choices=choices, coerce=lambda given: given == "true", **kwargs)


# An object named in a query or a body (not in the path) that does not exist or that the caller
# may not see: the same 400 either way, so that an answer never tells an unseen object exists.
UNKNOWN = {
    "unit": gettext_lazy("Không có đơn vị mã %(key)s, hoặc bạn không có quyền với đơn vị này."),
    "directive": gettext_lazy(
        "Không có văn bản (id %(key)s), hoặc bạn không có quyền với văn bản này."
    ),
    "period": gettext_lazy("Không có kỳ báo cáo (id %(key)s)."),
}


def unknown(given: dict[str, Any], *names: str) -> ValidationError:
    return ValidationError({name: [UNKNOWN[name] % {"key": given[name]}] for name in names})


def require_known(given: dict[str, Any], found: dict[str, object | None]) -> None:
    """400 with a field message for each reference in `found` that is None."""
    missing = [name for name, obj in found.items() if obj is None]
    if missing:
        raise unknown(given, *missing)


DETAIL = inline_serializer("Error", {"detail": serializers.CharField()})
# A field map ({"field": ["message"]}, nested for figures) or {"detail", "errors": [located]}.
INVALID = OpenApiResponse(
    {"type": "object", "additionalProperties": True},
    description='Bad input: `{"field": ["message"]}` or `{"detail": …}`.',
)


class ApiSchema(AutoSchema):
    """Documents the error answers every operation may give, so that clients (and schemathesis)
    find each status code they can receive in the schema."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors: dict[str, Any] = {
            "401": DETAIL,
            "403": DETAIL,
        }
        has_id = "{" in self.path
        if self.method != "GET" or self._is_list_view():
            errors["400"] = INVALID
        if self.method != "GET":
            errors["413"] = DETAIL  # a body over the size limit
            errors["415"] = DETAIL  # a body that is not JSON (multipart for imports)
        if self.view.throttle_classes:
            errors["429"] = DETAIL
        if has_id or (self.method == "GET" and self._is_list_view()):
            errors["404"] = DETAIL  # an unseen object, or a page past the end
        for code, body in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file part of a multipart body: documented as binary, where drf-spectacular gives a
    FileField the URL of a stored file (so clients and schemathesis would send a string)."""


class ImportFileSerializer(serializers.Serializer):
    """One uploaded import file, read whole; its content is the import service's to judge."""

    file = UploadField(help_text="multipart/form-data, UTF-8")

    def validate_file(self, upload: Any) -> bytes:
        limit = settings.CHITIEU_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise serializers.ValidationError(
                _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload.read()


class ImportRateThrottle(throttling.UserRateThrottle):
    """Imports per user (rate `imports` of DEFAULT_THROTTLE_RATES): each one rewrites data."""

    scope = "imports"
