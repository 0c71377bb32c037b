"""Request bodies the API accepts: JSON, and multipart import files; sizes checked before
anything is read, and a Vietnamese message for a body that cannot be parsed."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# Room for the multipart envelope around an import file (boundaries, headers, field names).
MULTIPART_ENVELOPE = 64 * 1024


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


def too_large(length: int, limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("Nội dung yêu cầu quá lớn (%(size)s); tối đa %(limit)s.")
        % {"size": filesizeformat(length), "limit": filesizeformat(limit)}
    )


def request_length(request: Any) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _unreadable(error: BaseException | None) -> str:
    if isinstance(error, json.JSONDecodeError):
        return _("Nội dung không phải JSON hợp lệ (dòng %(line)s, cột %(column)s).") % {
            "line": error.lineno,
            "column": error.colno,
        }
    if isinstance(error, UnicodeDecodeError):
        return _("Nội dung không phải mã UTF-8 (byte 0x%(byte)02x ở vị trí %(position)s).") % {
            "byte": error.object[error.start],
            "position": error.start,
        }
    return _("Nội dung không phải JSON hợp lệ.")


class JsonParser(parsers.JSONParser):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before this parser reads it
    (answered 413 by config.api.api_exception_handler)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as error:
            raise ParseError(_unreadable(error.__context__)) from None


class ImportFileParser(parsers.MultiPartParser):
    """A multipart upload of one import file up to CHITIEU_MAX_IMPORT_BYTES (Django's limits
    cover the form's fields, not its files)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        length = request_length(parser_context["request"])
        limit = settings.CHITIEU_MAX_IMPORT_BYTES + MULTIPART_ENVELOPE
        if length > limit:
            raise too_large(length, limit)
        return super().parse(stream, media_type, parser_context)
