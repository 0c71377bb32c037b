from __future__ import annotations

from rest_framework import serializers, viewsets

from config.api import FoldedSearchFilter
from indicators.models import Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="display_unit")
    numerator = serializers.CharField(source="numerator_label")
    denominator = serializers.CharField(source="denominator_label")

    class Meta:
        model = Indicator
        fields = ["code", "name", "kind", "unit", "higher_is_better", "numerator", "denominator"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue shared by every directive (readable by any signed-in user)."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("code")
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["kind"]
    ordering_fields = ["code", "name"]
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, FoldedSearchFilter]
