"""The dashboards' filters: which period, which basis, which part of the province, and on the
targets page which level and status. Shareable URLs: everything is in the query string."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from config.filters import ModelChoiceFilter
from directives.models import Directive, Target
from reports.compliance.models import ComplianceRun
from reports.compliance.restate import HISTORIC, STRUCTURE_LABELS
from reports.compliance.texts import STATUS_LABELS
from reports.periods.models import Period
from reports.submissions.models import Submission
from units.models import Level, Unit
from units.permissions import member_unit_ids, visible_among

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

# Units whose subtree is worth a dashboard of its own: the province and its districts.
AREA_LEVELS = ("province", "district")


BASIS_UNKNOWN = _(
    "Cơ sở số liệu không hợp lệ: chọn official (chính thức) hoặc provisional (tạm tính)."
)


def is_basis(value: str | None) -> bool:
    """Whether a query names a basis the engine computes ("official" or "provisional")."""
    return value in ComplianceRun.Basis.values


def basis_of(value: str | None) -> str:
    """The basis a page asked for ("official" or "provisional"); official when none or another.
    The API refuses another one first (`is_basis`), then reads it through here too."""
    return value if is_basis(value) else ComplianceRun.Basis.OFFICIAL


def directive_periods(directive: Directive) -> QuerySet[Period]:
    """Periods with computed figures for the directive, latest first: those nobody has
    reported in yet too, which a user may choose ("0 of N sent")."""
    computed = ComplianceRun.objects.filter(directive=directive).values("period_id")
    return Period.objects.filter(pk__in=computed).order_by("-ends_on", "kind")


def default_period(directive: Directive) -> Period | None:
    """The period the pages open on: the latest with reports, not an open period nobody has
    reported in yet (every page would open on "0 of N sent"); the latest computed when no
    period has reports."""
    periods = directive_periods(directive)
    reported = Submission.objects.filter(directive=directive).values("period_id")
    return periods.filter(pk__in=reported).first() or periods.first()


def area_choices(user: User | AnonymousUser, root: Unit) -> list[tuple[str, str]]:
    """The areas a user may pick in a province, as (code, name): its root and districts they
    see, and their own units (two queries). Those few are kept to the province and to what the
    user sees by climbing their parent links, not by listing the subtrees the user sees: that
    tree query took most of a cached page's time (9 ms of 50 at 1,000 units)."""
    own = member_unit_ids(user)
    units = list(
        Unit.objects.filter(Q(level__code__in=AREA_LEVELS) | Q(pk__in=own))
        .order_by("parent_id", "name")
        .values_list("pk", "code", "name")
    )
    seen = visible_among(user, {pk for pk, _, _ in units})
    return [(code, name) for pk, code, name in units if seen.get(pk) == root.pk]


class FiguresFilter(django_filters.FilterSet):
    """Period, basis and area: shared by every dashboard page. Only the targets page filters
    its rows with it; the others read the cleaned values."""

    period = ModelChoiceFilter(
        label=_("Kỳ báo cáo"), queryset=Period.objects.none(), method="keep", empty_label=None
    )
    unit = django_filters.ChoiceFilter(label=_("Phạm vi"), method="keep", empty_label=None)
    basis = django_filters.ChoiceFilter(
        label=_("Số liệu"), choices=ComplianceRun.Basis.choices, method="keep", empty_label=None
    )
    structure = django_filters.ChoiceFilter(
        label=_("Cơ cấu đơn vị"), choices=list(STRUCTURE_LABELS.items()), method="keep",
        empty_label=None,
    )  # fmt: skip
    on = django_filters.DateFilter(
        label=_("Quy đổi theo cơ cấu ngày"), method="keep",
        help_text=_("Chỉ dùng khi quy đổi; để trống: hôm nay."),
    )  # fmt: skip

    class Meta:
        model = Target
        fields = ["period", "unit", "basis", "structure", "on"]

    def __init__(
        self, data: Any, *, user: User | AnonymousUser, directive: Directive, root: Unit,
        defaults: dict[str, str],
    ) -> None:  # fmt: skip
        data = data.copy()
        defaults = {"structure": HISTORIC, **defaults}
        for name, value in defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, queryset=Target.objects.filter(task__directive=directive))
        self.filters["period"].queryset = directive_periods(directive)
        self.filters["unit"].extra["choices"] = area_choices(user, root)

    def keep(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset


class TargetsFilter(FiguresFilter):
    level = ModelChoiceFilter(
        label=_("Cấp"), queryset=Level.objects.all(), to_field_name="code",
        field_name="scope__level", empty_label=_("Tất cả"), distinct=True,
    )  # fmt: skip
    status = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=list(STATUS_LABELS.items()), method="keep",
        empty_label=_("Tất cả"),
    )  # fmt: skip

    class Meta(FiguresFilter.Meta):
        fields = [*FiguresFilter.Meta.fields, "level", "status"]

    def shows(self, status: str) -> bool:
        """The status filter applies to computed figures, not to the targets' rows."""
        wanted = self.form.cleaned_data.get("status")
        return not wanted or wanted == status
