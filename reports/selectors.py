"""Reads about periods and their working-day calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from directives.models import Directive
from reports.models import Holiday, Period, Submission
from reports.periods import add_working_days


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


def previous_submission(submission: Submission) -> Submission | None:
    """The same unit's accepted report on the same directive for the period of the same kind
    just before this one."""
    return (
        Submission.objects.filter(
            unit_id=submission.unit_id,
            directive_id=submission.directive_id,
            period__kind=submission.period.kind,
            period__ends_on__lt=submission.period.ends_on,
            status=Submission.Status.ACCEPTED,
        )
        .order_by("-period__ends_on")
        .first()
    )


def previous_values(submission: Submission) -> dict[str, Decimal | None]:
    """Indicator code -> last period's accepted value (for comparison and warnings)."""
    previous = previous_submission(submission)
    if previous is None:
        return {}
    return dict(previous.values.values_list("indicator__code", "value"))
