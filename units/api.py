from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from config.api import FoldedSearchFilter, StrictBooleanFilter
from units import permissions
from units.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name", "parent", "level", "kind", "active"]


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
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, FoldedSearchFilter]

    def get_queryset(self) -> QuerySet[Unit]:
        return (
            permissions.visible_units(self.request.user)
            .select_related("parent", "level")
            .order_by("code")
        )
