"""Writes about reporting periods."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.errors import DomainError
from directives.selectors import in_force_during
from reports.periods.calendar import PeriodRuleError, period_window, periods_containing
from reports.periods.models import Period
from reports.periods.selectors import default_due_working_days, working_day_after


def period_open(*, kind: str, year: int, number: int) -> Period:
    """Open the period, computing its window and due date by the deployment's rules.

    An existing period is returned as it is (opening twice changes nothing); a closed one
    is reopened.
    """
    try:
        starts_on, ends_on = period_window(kind, year, number, settings.CHITIEU_PERIOD_WINDOWS)
    except PeriodRuleError as error:
        raise DomainError(str(error)) from None
    due_on = working_day_after(ends_on, default_due_working_days())
    try:
        with transaction.atomic():
            period, _ = Period.objects.get_or_create(
                kind=kind,
                year=year,
                number=number,
                defaults={"starts_on": starts_on, "ends_on": ends_on, "due_on": due_on},
            )
    except IntegrityError:  # opened at the same moment by someone else
        period = Period.objects.get(kind=kind, year=year, number=number)
    if period.status == Period.Status.CLOSED:
        period.status = Period.Status.OPEN
        period.save(update_fields=["status"])
    return period


def period_close(*, period: Period) -> Period:
    if period.status == Period.Status.CLOSED:
        raise DomainError(_("Kỳ báo cáo %(label)s đã đóng.") % {"label": period.label})
    period.status = Period.Status.CLOSED
    period.save(update_fields=["status"])
    return period


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
