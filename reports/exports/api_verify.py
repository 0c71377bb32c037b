"""POST /api/v1/verify/ (no login): a PDF's signatures, as the public verify page shows them;
POST /api/v1/exports/{id}/sign/ and GET /api/v1/exports/{id}/signed/ for officers."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from config.api import UploadField
from config.api_parsers import MULTIPART_ENVELOPE, request_length
from config.errors import DomainError
from reports.exports.download import signed_file_response
from reports.exports.selectors import export_for
from reports.exports.signing import export_sign
from reports.exports.verification import verify_pdf


class VerifyThrottle(SimpleRateThrottle):
    """Per client address, for the page and the API alike: verifying costs a PDF parse and
    a signature check, and anyone may ask."""

    scope = "verify"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class VerifyFileSerializer(serializers.Serializer):
    file = UploadField(help_text="multipart/form-data: the PDF to check")


class SignatureSerializer(serializers.Serializer):
    signer = serializers.CharField()
    signed_at = serializers.CharField(allow_null=True)
    intact = serializers.BooleanField()
    trusted = serializers.BooleanField()
    timestamp_by = serializers.CharField(
        allow_null=True, help_text="the RFC 3161 timestamp authority's subject; null: none"
    )
    timestamp_trusted = serializers.BooleanField()


class VerdictSerializer(serializers.Serializer):
    signed = serializers.BooleanField()
    signatures = SignatureSerializer(many=True)
    issued_by_portal = serializers.BooleanField()


class VerifyView(APIView):
    """A PDF's signatures: who signed, when, whether it changed since (intact), whether the
    certificate chains to a trusted root the province installed, whether the portal issued
    exactly this file. Nothing of the file is kept."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [parsers.MultiPartParser]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        request={"multipart/form-data": VerifyFileSerializer},
        responses={200: VerdictSerializer},
        operation_id="verify",
    )
    def post(self, request: Request) -> Response:
        limit = settings.CHITIEU_MAX_UPLOAD_BYTES
        if request_length(request) > limit + MULTIPART_ENVELOPE:
            raise DomainError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
        given = VerifyFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        verdict = verify_pdf(given.validated_data["file"].read())
        return Response(VerdictSerializer(verdict).data)


class ExportSignView(APIView):
    """Sign a finished PDF report with its province's key (DIC officers)."""

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT}, operation_id="export_sign")
    def post(self, request: Request, pk: int) -> Response:
        export = export_for(user=request.user, pk=pk)
        if export is None:
            raise NotFound
        signed = export_sign(export=export, by=request.user)
        body = {"signer": signed.signer, "signed_at": signed.signed_at, "sha256": signed.sha256}
        return Response(body, status=status.HTTP_201_CREATED)


class ExportSignedDownloadView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   operation_id="export_signed_download")  # fmt: skip
    def get(self, request: Request, pk: int) -> FileResponse:
        export = export_for(user=request.user, pk=pk)
        if export is None:
            raise NotFound
        return signed_file_response(export)
