"""Writes about reporting periods."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from config.errors import DomainError
from directives.selectors import in_force_during
from reports.periods.calendar import PeriodRuleError, period_window, periods_containing
from reports.periods.models import Period, ProvincePeriod
from reports.periods.selectors import default_due_working_days, open_in, working_day_after


def period_open(*, kind: str, year: int, number: int, roots: set[int] | None = None) -> Period:
    """Open the period, computing its window and due date by the deployment's rules, in the
    provinces `roots` (None: on the national calendar, which every province without a decision
    of its own follows).

    Opening an open period changes nothing; a closed one is reopened. A period a province opens
    first exists for the others, closed, until they or the national calendar open it.
    """
    try:
        starts_on, ends_on = period_window(kind, year, number, settings.CHITIEU_PERIOD_WINDOWS)
    except PeriodRuleError as error:
        raise DomainError(str(error)) from None
    due_on = working_day_after(ends_on, default_due_working_days())
    national = Period.Status.OPEN if roots is None else Period.Status.CLOSED
    try:
        with transaction.atomic():
            period, _ = Period.objects.get_or_create(
                kind=kind,
                year=year,
                number=number,
                defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "due_on": due_on,
                    "status": national,
                },
            )
    except IntegrityError:  # opened at the same moment by someone else
        period = Period.objects.get(kind=kind, year=year, number=number)
    _decide(period, roots, Period.Status.OPEN)
    return period


def period_close(*, period: Period, roots: set[int] | None = None) -> Period:
    """Close the period in the provinces `roots` (None: on the national calendar)."""
    if roots is None:  # open nationally, or in a province that opened it itself
        still_open = Period.objects.filter(
            Q(status=Period.Status.OPEN) | Q(province_states__status=Period.Status.OPEN),
            pk=period.pk,
        ).exists()
    else:
        still_open = Period.objects.filter(open_in(roots), pk=period.pk).exists()
    if not still_open:
        raise DomainError(_("Kỳ báo cáo %(label)s đã đóng.") % {"label": period.label})
    _decide(period, roots, Period.Status.CLOSED)
    return period


def _decide(period: Period, roots: set[int] | None, status: str) -> None:
    """A province's decision is its own row. A national change resets every province to it, and
    a national close closes it everywhere; the nightly opening of a period already open
    nationally leaves the provinces that closed it closed."""
    with transaction.atomic():
        if roots is None:
            changed = (
                Period.objects.filter(pk=period.pk).exclude(status=status).update(status=status)
            )
            period.status = status
            if changed or status == Period.Status.CLOSED:
                ProvincePeriod.objects.filter(period=period).delete()
        else:
            for root_id in sorted(roots):
                if period.status_in(root_id) != status:
                    ProvincePeriod.objects.update_or_create(
                        period=period, root_id=root_id, defaults={"status": status}
                    )
    period.__dict__.pop("_status_in", None)  # what Period.status_in kept is stale now


def periods_open_current(*, today: datetime.date) -> list[Period]:
    """Open the periods whose data window holds `today`, for the kinds that directives in force use."""
    in_force = in_force_during(today, today)
    kinds = sorted(
        {kind for reporting in in_force.values_list("reporting", flat=True) for kind in reporting}
    )
    return [
        period_open(kind=kind, year=year, number=number)
        for kind in kinds
        for year, number in periods_containing(kind, today, settings.CHITIEU_PERIOD_WINDOWS)
    ]
