"""Reads about units and users that span relations or encode visibility."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from config.search import search_filter
from units import permissions
from units.models import Role, Unit, UnitEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def unit_list(
    *, user: User | AnonymousUser, search: str = "", level: str = "", active: bool | None = None
) -> QuerySet[Unit]:
    units = permissions.visible_units(user).select_related("level", "parent")
    if search:
        units = search_filter(units, search)
    if level:
        units = units.filter(level__code=level)
    if active is not None:
        units = units.filter(active=active)
    return units.order_by("code")


def unit_subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and everything under it, in one SQL query."""
    return Unit.objects.descendants(unit, include_self=include_self)


def units_valid_on(units: QuerySet[Unit], day: datetime.date) -> QuerySet[Unit]:
    return units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_name_on(unit: Unit, day: datetime.date) -> str:
    """The unit's name as it was on `day`: renames recorded after that day are undone."""
    later_rename = (
        UnitEvent.objects.filter(kind=UnitEvent.Kind.RENAME, after=unit, effective_on__gt=day)
        .order_by("effective_on", "id")
        .first()
    )
    return later_rename.old_name if later_rename else unit.name


@dataclass(frozen=True)
class HomeLink:
    title: str
    url: str
    description: str


def home_links_for(user: User) -> list[HomeLink]:
    """Where each role starts its work; the real workspaces arrive with later features."""
    roles = permissions.roles_of(user)
    links = [
        HomeLink(
            _("Văn bản chỉ đạo"),
            reverse("directives:list"),
            _("Chỉ thị, kế hoạch, quyết định với nhiệm vụ và chỉ tiêu"),
        ),
        HomeLink(
            _("Nhiệm vụ"),
            reverse("directives:tasks"),
            _("Tra cứu nhiệm vụ theo văn bản, đơn vị chủ trì"),
        ),
        HomeLink(
            _("Danh mục chỉ số"),
            reverse("indicators:list"),
            _("Các chỉ số dùng chung giữa các văn bản"),
        ),
        HomeLink(_("Đơn vị"), reverse("units:list"), _("Cây đơn vị bạn được xem")),
    ]
    if roles & {Role.REVIEWER, Role.ADMIN}:
        links.append(
            HomeLink(
                _("Quản trị dữ liệu"),
                reverse("admin:index"),
                _("Nạp văn bản, mở kỳ báo cáo, quản lý đơn vị và người dùng"),
            )
        )
    return links


def role_summary(user: User) -> list[tuple[str, str]]:
    """(role label, unit name) pairs for the header of the home page."""
    memberships = user.memberships.select_related("unit").order_by("unit__code", "role")
    return [(m.get_role_display(), m.unit.name) for m in memberships]
