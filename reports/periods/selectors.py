"""Reads about periods and their working-day calendar."""

from __future__ import annotations

import datetime

from django.conf import settings

from directives.models import Directive
from reports.periods.calendar import add_working_days
from reports.periods.models import Holiday, Period


def working_day_after(day: datetime.date, working_days: int) -> datetime.date:
    """The `working_days`-th working day after `day`, on the holiday calendar in the database."""
    # Two months covers any sane count of working days plus Tết.
    horizon = day + datetime.timedelta(days=working_days * 3 + 60)
    rows = Holiday.objects.filter(date__gt=day, date__lte=horizon).values_list("date", "kind")
    holidays = {d for d, kind in rows if kind == Holiday.Kind.HOLIDAY}
    weekend_work = {d for d, kind in rows if kind == Holiday.Kind.WORKING_DAY}
    return add_working_days(day, working_days, holidays=holidays, working_weekend_days=weekend_work)


def due_on_for(period: Period, directive: Directive) -> datetime.date:
    """When a directive's report for the period is due: its own working days, or the period's."""
    if directive.due_working_days is None:
        return period.due_on
    return working_day_after(period.ends_on, directive.due_working_days)


def default_due_working_days() -> int:
    return settings.CHITIEU_DUE_WORKING_DAYS
