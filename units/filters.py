from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from config.filters import ModelChoiceFilter
from config.search import search_filter
from units.models import Level, Unit


class SearchFilterSet(django_filters.FilterSet):
    """A `q` box that forgives missing diacritics, shared by the portal's lists."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_filter(queryset, value)


class UnitFilter(SearchFilterSet):
    level = ModelChoiceFilter(
        label=_("Cấp"), queryset=Level.objects.all(), to_field_name="code", field_name="level"
    )
    active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = Unit
        fields = ["q", "level", "active"]
