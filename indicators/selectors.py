"""Reads of the indicator catalogue, with visibility applied: the national catalogue and the
own indicators of the provinces the user works in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from indicators.models import Indicator
from units import permissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import Unit, User


def indicator_list(*, user: User | AnonymousUser) -> QuerySet[Indicator]:
    roots = permissions.root_ids_of(user)
    indicators = Indicator.objects.order_by("code")
    if roots is None:
        return indicators
    return indicators.filter(Q(province__isnull=True) | Q(province__in=sorted(roots)))


def indicators_of_province(root: Unit) -> QuerySet[Indicator]:
    """What a directive of the province may use: the national catalogue and its own."""
    return Indicator.objects.filter(Q(province__isnull=True) | Q(province=root)).order_by("code")


def indicator_editable(user: User | AnonymousUser, indicator: Indicator) -> bool:
    """National indicators: superusers only; a province's own: its reviewers and admins."""
    if indicator.province_id is None:
        return bool(user.is_authenticated and user.is_superuser)
    return permissions.allowed(user, permissions.Action.UNITS_MANAGE, indicator.province)
