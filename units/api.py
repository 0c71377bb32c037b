from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import (
    FoldedSearchFilter,
    ImportFileSerializer,
    ImportRateThrottle,
    StrictBooleanFilter,
)
from config.api_parsers import ImportFileParser
from units import permissions
from units.changes import unit_changes_import
from units.models import Unit
from units.selectors import unit_name_on, unit_names
from units.services import units_import


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name", "parent", "level", "kind", "active"]


class UnitsImportedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class UnitChangesImportedSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    changes = serializers.IntegerField()


class UnitOnSerializer(serializers.Serializer):
    on = serializers.DateField(input_formats=["%Y-%m-%d"])


ON_PARAMETER = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="YYYY-MM-DD: the name the unit had that day"
)


def _on(request: Request) -> datetime.date | None:
    """The `on` day a query gives (a 400 on a bad one), None without it."""
    if "on" not in request.query_params:
        return None
    given = UnitOnSerializer(data=request.query_params)
    given.is_valid(raise_exception=True)
    return given.validated_data["on"]


class UnitApiFilter(django_filters.FilterSet):
    level = django_filters.CharFilter(field_name="level__code")
    parent = django_filters.CharFilter(field_name="parent__code")
    active = StrictBooleanFilter()

    class Meta:
        model = Unit
        fields = ["level", "parent", "active"]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the user may see (the same rule as the portal's lists)."""

    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = UnitApiFilter
    ordering_fields = ["code", "name"]
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, FoldedSearchFilter]

    def get_queryset(self) -> QuerySet[Unit]:
        return (
            permissions.visible_units(self.request.user)
            .select_related("parent", "level")
            .order_by("code")
        )

    @extend_schema(parameters=[ON_PARAMETER])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The units; with `on` (a period's last day, say), each under the name it had that
        day (every rename read in one query)."""
        on = _on(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # pagination is set for every list
        data = self.get_serializer(page, many=True).data
        if on is not None:
            names = unit_names(page)
            for unit, row in zip(page, data, strict=True):
                row["name"] = names.on(unit, on)
        return self.get_paginated_response(data)

    @extend_schema(parameters=[ON_PARAMETER])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The unit; with `on`, under the name it had on that day (renames after it undone)."""
        unit = self.get_object()
        data = self.get_serializer(unit).data
        on = _on(request)
        if on is not None:
            data["name"] = unit_name_on(unit, on)
        return Response(data)

    @extend_schema(request={"multipart/form-data": ImportFileSerializer},
                   responses={200: UnitsImportedSerializer})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[ImportFileParser],
            throttle_classes=[ImportRateThrottle])  # fmt: skip
    def import_(self, request: Request) -> Response:
        """The units CSV of docs/directive-format.md, all or nothing: 400 with every problem."""
        if not permissions.allowed(request.user, permissions.Action.UNITS_MANAGE):
            raise PermissionDenied
        given = ImportFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        summary = units_import(data=given.validated_data["file"], by=request.user)
        return Response(UnitsImportedSerializer(summary).data)

    @extend_schema(request={"multipart/form-data": ImportFileSerializer},
                   responses={201: UnitChangesImportedSerializer})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="changes/import",
            parser_classes=[ImportFileParser], throttle_classes=[ImportRateThrottle])  # fmt: skip
    def changes_import(self, request: Request) -> Response:
        """A unit-changes YAML (docs/unit-changes.md), all or nothing: 400 with every problem;
        `changes` counts the changes newly applied (0 when the file was already imported)."""
        if not permissions.allowed(request.user, permissions.Action.UNITS_MANAGE):
            raise PermissionDenied
        given = ImportFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        summary = unit_changes_import(data=given.validated_data["file"], by=request.user)
        return Response(UnitChangesImportedSerializer(summary).data, status=201)
