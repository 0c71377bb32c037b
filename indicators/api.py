from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from config.api import FoldedSearchFilter
from indicators.models import Indicator
from indicators.selectors import indicator_list


class IndicatorSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="display_unit")
    numerator = serializers.CharField(source="numerator_label")
    denominator = serializers.CharField(source="denominator_label")

    class Meta:
        model = Indicator
        fields = ["code", "name", "kind", "unit", "higher_is_better", "numerator", "denominator"]


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
