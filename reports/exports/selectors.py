"""Reads of exports: what a user may see (the units whose figures they may export)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from reports.exports.models import Export, SignedExport
from reports.exports.signing_keys import unavailable_reason
from units.models import Unit
from units.permissions import Action, allowed, exportable_units, root_id_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def export_list(*, user: User | AnonymousUser) -> QuerySet[Export]:
    """Exports over units the user may export today, whoever asked for them, newest first:
    a membership withdrawn takes the files with it."""
    return Export.objects.filter(area__in=exportable_units(user)).select_related(
        "directive", "period", "area", "requested_by", "signed"
    )


def export_for(*, user: User | AnonymousUser, pk: int) -> Export | None:
    return export_list(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class SigningState:
    """What the export's page offers about signing."""

    signed: SignedExport | None
    may_sign: bool  # the user may sign it and it can be signed now
    unavailable: str | None  # why an officer cannot sign it now (no key configured…)


def signing_state(*, user: User | AnonymousUser, export: Export) -> SigningState:
    signed = SignedExport.objects.filter(export=export).first()
    if (
        signed is not None
        or export.format != Export.Format.PDF
        or export.status != Export.Status.DONE
        or not allowed(user, Action.EXPORT_SIGN, export)
    ):
        return SigningState(signed=signed, may_sign=False, unavailable=None)
    reason = unavailable_reason(Unit.objects.get(pk=root_id_of(export.area)).code)
    return SigningState(signed=None, may_sign=reason is None, unavailable=reason)
