"""Reads about units and users that span relations or encode visibility."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from config.search import search_filter
from units import permissions
from units.models import ProvinceProfile, Role, Unit, UnitEvent

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


def units_under(root_id: int) -> QuerySet[Unit]:
    """The unit `root_id` and everything under it, walking down from it alone: the tree
    fields' CTE (`Unit.objects.descendants`) walks every unit of every province first, 18 ms
    at 1,000 units for what this reads in 1 ms."""
    return Unit.objects.filter(permissions.in_subtree_of(root_id))


def units_valid_on(units: QuerySet[Unit], day: datetime.date) -> QuerySet[Unit]:
    return units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def unit_name_on(unit: Unit, day: datetime.date) -> str:
    """The unit's name as it was on `day`: renames recorded after that day are undone."""
    return unit_names([unit]).on(unit, day)


@dataclass(frozen=True)
class UnitNames:
    """The names units had over time, read once for many units (see `unit_names`)."""

    # unit id -> its renames, oldest first: (effective on, the name it had before)
    renames: dict[int, list[tuple[datetime.date, str]]]

    def on(self, unit: Unit, day: datetime.date | None) -> str:
        """The unit's name on `day`: the name before its first rename after that day."""
        if day is not None:
            for effective_on, old_name in self.renames.get(unit.pk, ()):
                if effective_on > day:
                    return old_name
        return unit.name


def unit_names(units: Iterable[Unit]) -> UnitNames:
    """Every rename of the units (one query whatever their number), so that a list of old
    reports shows each unit under the name it had on its period's dates."""
    ids = {unit.pk for unit in units}
    rows = (
        UnitEvent.after.through.objects.filter(
            unit_id__in=ids, unitevent__kind=UnitEvent.Kind.RENAME
        )
        .order_by("unitevent__effective_on", "unitevent_id")
        .values_list("unit_id", "unitevent__effective_on", "unitevent__old_name")
    )
    renames: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for unit_id, effective_on, old_name in rows if ids else ():
        renames[unit_id].append((effective_on, old_name))
    return UnitNames(dict(renames))


def names_on(day: datetime.date) -> dict[int, str]:
    """unit id -> the name it had on `day`, for every unit renamed since (one query): for
    files of an old period, whose rows stream without Unit objects."""
    rows = (
        UnitEvent.after.through.objects.filter(
            unitevent__kind=UnitEvent.Kind.RENAME, unitevent__effective_on__gt=day
        )
        .order_by("-unitevent__effective_on", "-unitevent_id")
        .values_list("unit_id", "unitevent__old_name")
    )
    return dict(rows)  # latest first: the first rename after `day` is written last


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


def province_profile(root: Unit) -> ProvinceProfile:
    """The province's stored profile, or (unsaved) the one a new profile starts from."""
    return ProvinceProfile.objects.filter(root_id=root.pk).first() or province_profile_defaults(
        root
    )


def _joined_profile(root: Unit) -> ProvinceProfile:
    """The profile of a root read with select_related("profile"): no further query."""
    try:
        return root.profile
    except ProvinceProfile.DoesNotExist:
        return province_profile_defaults(root)


def province_profile_defaults(root: Unit) -> ProvinceProfile:
    """A new profile: the province's name from its root unit, the rest from the deployment's
    settings (CHITIEU_OWNER_NAME, CHITIEU_REPORT_*)."""
    name = _PROVINCE_PREFIX.sub("", root.name).strip() or root.name
    # root_id, not root: assigning the instance would cache this unsaved profile on it.
    return ProvinceProfile(
        root_id=root.pk,
        display_name=name,
        owner_name=settings.CHITIEU_OWNER_NAME,
        report_superior=settings.CHITIEU_REPORT_SUPERIOR,
        report_issuer=settings.CHITIEU_REPORT_ISSUER,
        report_number=settings.CHITIEU_REPORT_NUMBER,
        report_place=settings.CHITIEU_REPORT_PLACE,
        signer_for=settings.CHITIEU_REPORT_SIGNER_FOR,
        signer_title=settings.CHITIEU_REPORT_SIGNER_TITLE,
        signer_name=settings.CHITIEU_REPORT_SIGNER_NAME,
        recipients="\n".join(settings.CHITIEU_REPORT_RECIPIENTS),
    )


_PROVINCE_PREFIX = re.compile(
    r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)\s+", re.I
)


def province_profile_of(unit: Unit) -> ProvinceProfile:
    """The profile of the province a unit belongs to."""
    root_id = permissions.root_id_of(unit)
    return _joined_profile(Unit.objects.select_related("profile").get(pk=root_id))


def province_profile_for_user(user: User | AnonymousUser) -> ProvinceProfile | None:
    """The profile of the province the user works in (the first, for an account of several);
    None for an account without a role (a bare superuser) or an anonymous visitor."""
    roots = permissions.member_root_ids(user)
    if not roots:
        return None
    return _joined_profile(Unit.objects.select_related("profile").get(pk=min(roots)))


def structure_stamp() -> str:
    """What changes whenever the recorded unit events do (added, edited or deleted, their units
    before and after included): restated figures and the names of units shown on a past
    period's pages are read from them (two small queries)."""
    events = UnitEvent.objects.order_by("pk").values_list(
        "pk", "kind", "effective_on", "successor_id", "old_name", "new_name", "old_parent_id",
        "new_parent_id",
    )  # fmt: skip
    before = UnitEvent.before.through.objects.annotate(side=Value("b")).values_list(
        "side", "unitevent_id", "unit_id"
    )
    after = UnitEvent.after.through.objects.annotate(side=Value("a")).values_list(
        "side", "unitevent_id", "unit_id"
    )
    links = sorted(before.union(after, all=True))
    digest = hashlib.sha256(repr((list(events), links)).encode()).hexdigest()
    return digest[:32]
