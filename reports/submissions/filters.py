from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from config.filters import ModelChoiceFilter
from config.search import search_filter
from directives.selectors import directive_list
from reports.periods.models import Period
from reports.submissions.models import Submission
from units.filters import SearchFilterSet
from units.models import Level

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

LATE, ON_TIME = "late", "on_time"


class ReviewQueueFilter(SearchFilterSet):
    """The review queue's filters; without a status in the URL it shows reports waiting."""

    period = ModelChoiceFilter(
        label=_("Kỳ báo cáo"), queryset=Period.objects.all(), empty_label=_("Tất cả")
    )
    directive = ModelChoiceFilter(
        label=_("Văn bản"), queryset=Period.objects.none(), empty_label=_("Tất cả")
    )
    level = ModelChoiceFilter(
        label=_("Cấp"),
        queryset=Level.objects.all(),
        to_field_name="code",
        field_name="unit__level",
        empty_label=_("Tất cả"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Submission.Status.choices, empty_label=_("Tất cả")
    )
    late = django_filters.ChoiceFilter(
        label=_("Thời hạn"),
        choices=[(LATE, _("Nộp muộn")), (ON_TIME, _("Đúng hạn"))],
        empty_label=_("Tất cả"),
        method="filter_late",
    )

    class Meta:
        model = Submission
        fields = ["q", "period", "directive", "level", "status", "late"]

    def __init__(self, data: Any = None, *args: Any, user: User | AnonymousUser, **kwargs: Any):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Submission.Status.SUBMITTED
        super().__init__(data, *args, **kwargs)
        self.filters["q"].label = _("Đơn vị")
        self.filters["directive"].queryset = directive_list(user=user).order_by("code")
        # Codes alone keep the select narrow enough for a 1366-pixel screen.
        self.form.fields["directive"].label_from_instance = lambda directive: directive.code

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_filter(queryset, value, field="unit__search_text")

    def filter_late(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_late=value == LATE)
