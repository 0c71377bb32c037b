from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import FoldedSearchFilter, ImportFileSerializer, ImportRateThrottle
from config.api_parsers import ImportFileParser
from indicators.models import IndexResult, Indicator
from indicators.selectors import index_result_list, indicator_list
from indicators.services import index_results_import
from units.permissions import Action, allowed


class IndicatorSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="display_unit")
    numerator = serializers.CharField(source="numerator_label")
    denominator = serializers.CharField(source="denominator_label")

    class Meta:
        model = Indicator
        fields = ["code", "name", "kind", "unit", "higher_is_better", "numerator", "denominator",
                  "whole_parts"]  # fmt: skip


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The national catalogue and the own indicators of the user's provinces."""

    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["kind"]
    ordering_fields = ["code", "name"]
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, FoldedSearchFilter]

    def get_queryset(self) -> QuerySet[Indicator]:
        return indicator_list(user=self.request.user)


class IndexResultSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="edition.framework.code", read_only=True)
    year = serializers.IntegerField(source="edition.year", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    node = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True,
        help_text="the pillar's or component's code; null for the total",
    )  # fmt: skip

    class Meta:
        model = IndexResult
        fields = ["id", "framework", "year", "province", "node", "score", "rank",
                  "source_document", "source_date", "source_url"]  # fmt: skip


class IndexResultsImportedSerializer(serializers.Serializer):
    framework = serializers.CharField()
    year = serializers.IntegerField()
    results = serializers.IntegerField(help_text="results entered or corrected")


class IndexResultFilter(django_filters.FilterSet):
    framework = django_filters.CharFilter(field_name="edition__framework__code")
    year = django_filters.NumberFilter(field_name="edition__year")
    province = django_filters.CharFilter(field_name="province__code")

    class Meta:
        model = IndexResult
        fields = ["framework", "year", "province"]


class IndexResultViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Official index results (scores and ranks announced nationally) of the provinces whose
    index pages the user reads; officers import them from a results file."""

    serializer_class = IndexResultSerializer
    filterset_class = IndexResultFilter

    def get_queryset(self) -> QuerySet[IndexResult]:
        return index_result_list(user=self.request.user)

    @extend_schema(request={"multipart/form-data": ImportFileSerializer},
                   responses={201: IndexResultsImportedSerializer})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[ImportFileParser],
            throttle_classes=[ImportRateThrottle])  # fmt: skip
    def import_(self, request: Request) -> Response:
        """A results YAML (docs/index-framework.md), all or nothing: 400 with every problem."""
        if not allowed(request.user, Action.EXTERNAL_FIGURE_ENTER):
            raise PermissionDenied
        given = ImportFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        edition, count = index_results_import(data=given.validated_data["file"], by=request.user)
        answer = {"framework": edition.framework.code, "year": edition.year, "results": count}
        return Response(IndexResultsImportedSerializer(answer).data, status=status.HTTP_201_CREATED)
