"""Reads of exports: what a user may see (the units whose figures they may export)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from reports.exports.models import Export
from units.permissions import exportable_units

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def export_list(*, user: User | AnonymousUser) -> QuerySet[Export]:
    """Exports over units the user may export today, whoever asked for them, newest first:
    a membership withdrawn takes the files with it."""
    return Export.objects.filter(area__in=exportable_units(user)).select_related(
        "directive", "period", "area", "requested_by"
    )


def export_for(*, user: User | AnonymousUser, pk: int) -> Export | None:
    return export_list(user=user).filter(pk=pk).first()
