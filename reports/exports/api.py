"""POST /api/v1/exports/ (202 with the export's id) and GET /api/v1/exports/{id}/ (status,
progress, download_url): the download centre for integrators, on the same services."""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.compliance.api import query_figures
from reports.compliance.restate import HISTORIC, STRUCTURE_UNKNOWN, STRUCTURES
from reports.exports.download import export_file_response
from reports.exports.models import CLOSING_MAX, Export
from reports.exports.selectors import export_for
from reports.exports.services import export_request
from units.permissions import Action, allowed


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=Export.Format.values)
    period = serializers.IntegerField(min_value=1)
    directive = serializers.IntegerField(min_value=1)
    unit = serializers.CharField(required=False, max_length=64)
    structure = serializers.ChoiceField(
        choices=STRUCTURES, required=False, default=HISTORIC,
        error_messages={"invalid_choice": STRUCTURE_UNKNOWN},
    )  # fmt: skip
    on = serializers.DateField(
        required=False, default=None, allow_null=True,
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ: dùng dạng YYYY-MM-DD.")},
    )  # fmt: skip

    # A PDF's closing sections (blank: drafted from the reports when the file is built).
    assessment = serializers.CharField(required=False, default="", allow_blank=True,
                                       max_length=CLOSING_MAX)  # fmt: skip
    next_steps = serializers.CharField(required=False, default="", allow_blank=True,
                                       max_length=CLOSING_MAX)  # fmt: skip


class ExportSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="area.code")
    requested_by = serializers.CharField(source="requested_by.username", allow_null=True)
    download_url = serializers.SerializerMethodField()
    signed = serializers.SerializerMethodField()
    signed_download_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = [
            "id", "format", "directive", "period", "unit", "status", "progress", "error",
            "requested_by", "requested_at", "finished_at", "download_url", "signed",
            "signed_download_url", "structure", "restated_on", "assessment", "next_steps",
        ]  # fmt: skip

    def get_signed(self, export: Export) -> bool:
        return hasattr(export, "signed")

    def get_signed_download_url(self, export: Export) -> str | None:
        if not hasattr(export, "signed"):
            return None
        url = reverse("export-signed", args=[export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_download_url(self, export: Export) -> str | None:
        if export.status != Export.Status.DONE:
            return None
        url = reverse("export-download", args=[export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ExportCreateView(APIView):
    """Queue an export of the official figures (a PDF report or an Excel workbook)."""

    @extend_schema(
        request=ExportRequestSerializer,
        responses={202: ExportSerializer},
        operation_id="export_create",
    )
    def post(self, request: Request) -> Response:
        if not allowed(request.user, Action.EXPORT):
            raise PermissionDenied  # no figures at all to export: refused before any lookup
        query = ExportRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        directive, period, area = query_figures(user=request.user, given=data)
        export = export_request(
            by=request.user, directive=directive, period=period, format=data["format"],
            unit_code=area.code, structure=data["structure"], on=data["on"],
            assessment=data["assessment"], next_steps=data["next_steps"],
        )  # fmt: skip
        body = ExportSerializer(export, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


class ExportDetailView(APIView):
    @extend_schema(responses=ExportSerializer, operation_id="export_detail")
    def get(self, request: Request, pk: int) -> Response:
        export = export_for(user=request.user, pk=pk)
        if export is None:
            raise NotFound
        return Response(ExportSerializer(export, context={"request": request}).data)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportDownloadView(APIView):
    """The finished file (the same permission as the detail, asked on every download)."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
        },
        operation_id="export_download",
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        export = export_for(user=request.user, pk=pk)
        if export is None:
            raise NotFound
        return export_file_response(export)
