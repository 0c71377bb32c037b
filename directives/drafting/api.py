"""POST /api/v1/directives/draft/: a directive's text or file in, a draft out, nothing saved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_parsers import MULTIPART_ENVELOPE, JsonParser, request_length
from directives.drafting.services import directive_draft, province_of
from directives.drafting.text import MAX_BYTES, DraftRefused


def _too_long() -> DraftRefused:
    return DraftRefused(_("Văn bản quá dài: tối đa 5 MB."))


class DraftFileParser(parsers.MultiPartParser):
    """A directive's file up to 5 MB; over that, the same 400 as a pasted text too long."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        if request_length(parser_context["request"]) > MAX_BYTES + MULTIPART_ENVELOPE:
            raise _too_long()
        return super().parse(stream, media_type, parser_context)


class DraftInput(serializers.Serializer):
    province = serializers.CharField(max_length=64)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False)


DraftOutput = inline_serializer(
    "DirectiveDraft",
    {
        "draft": serializers.DictField(help_text="the directive file format, as JSON"),
        "notes": serializers.ListField(child=serializers.DictField()),
    },
)


class DirectiveDraftView(APIView):
    parser_classes = [JsonParser, DraftFileParser]

    @extend_schema(request=DraftInput, responses={200: DraftOutput})
    def post(self, request: Request) -> Response:
        """A draft of the directive in the directive file format, with the rule and source
        span of each proposal in `notes`; the draft's units are codes of `province`."""
        try:
            given = DraftInput(data=request.data)
        except RequestDataTooBig:
            raise _too_long() from None
        given.is_valid(raise_exception=True)
        root = province_of(code=given.validated_data["province"], user=request.user)
        upload = given.validated_data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise _too_long()
            result = directive_draft(root=root, data=upload.read(), filename=upload.name)
        else:
            result = directive_draft(root=root, text=given.validated_data.get("text") or "")
        return Response({"draft": result["draft"], "notes": result["notes"]})
