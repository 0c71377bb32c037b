from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from units.filters import SearchFilterSet


class IndicatorFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Indicator.Kind.choices)

    class Meta:
        model = Indicator
        fields = ["q", "kind"]
