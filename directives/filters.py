from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from config.filters import ModelChoiceFilter
from directives.models import Directive, Task
from units.filters import SearchFilterSet


class DirectiveFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại văn bản"), choices=Directive.Kind.choices)
    year = django_filters.NumberFilter(label=_("Năm ban hành"), field_name="issued_on__year")

    class Meta:
        model = Directive
        fields = ["q", "kind", "year"]


class TaskFilter(SearchFilterSet):
    directive = ModelChoiceFilter(label=_("Văn bản"), queryset=Directive.objects.none())
    has_due = django_filters.BooleanFilter(
        label=_("Có thời hạn"), field_name="due_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Task
        fields = ["q", "directive", "has_due"]

    def __init__(self, *args: Any, directives, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.filters["directive"].queryset = directives
