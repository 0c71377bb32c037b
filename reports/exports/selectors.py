"""Reads of exports: what a user may see (the units whose figures they may export)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from directives.models import Directive
from reports.compliance.areas import figures_area
from reports.compliance.restate import HISTORIC
from reports.exports.content import report_content
from reports.exports.drafting import draft_assessment, draft_next_steps
from reports.exports.models import Export, SignedExport
from reports.exports.signing_keys import unavailable_reason
from reports.periods.models import Period
from units.models import Unit
from units.permissions import Action, allowed, exportable_units, in_provinces, root_id_of
from units.selectors import unit_name_on, unit_names

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def export_list(*, user: User | AnonymousUser) -> QuerySet[Export]:
    """Exports over units the user may export today, whoever asked for them, newest first:
    a membership withdrawn takes the files with it."""
    exports = in_provinces(Export.objects.filter(area__in=exportable_units(user)), user)
    return exports.select_related("directive", "period", "area", "requested_by", "signed")


def export_day(export: Export) -> datetime.date:
    """The day whose names an export's scope is under: its period's last day, or the day its
    figures are restated onto."""
    if export.structure != HISTORIC and export.restated_on is not None:
        return export.restated_on
    return export.period.ends_on


def exports_with_area_names(exports: Iterable[Export]) -> list[tuple[Export, str]]:
    """A page of exports, each with its scope as named on its day (export_day; one query)."""
    exports = list(exports)
    names = unit_names(e.area for e in exports)
    return [(e, names.on(e.area, export_day(e))) for e in exports]


def export_area_name(export: Export) -> str:
    return unit_name_on(export.area, export_day(export))


def closing_drafts(
    *, user: User | AnonymousUser, directive: Directive, period: Period, unit_code: str = ""
) -> tuple[str, str]:
    """The overall assessment and the next period's tasks drafted from the official figures
    and the reports' words, for the officer to edit before asking for the PDF (blank: no
    official figures yet). Raises Http404 / PermissionDenied as export_request would."""
    area = figures_area(user=user, directive=directive, code=unit_code or None)
    if not allowed(user, Action.EXPORT, area):
        raise PermissionDenied
    content = report_content(directive=directive, period=period, area=area)
    return draft_assessment(content), draft_next_steps(content)


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
