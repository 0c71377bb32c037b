"""Reads about periods and their working-day calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

from directives.models import Directive
from reports.periods.calendar import add_working_days
from reports.periods.models import Holiday, Period, ProvincePeriod
from units import permissions
from units.models import Role, Unit, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


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


# --- open or closed, province by province ---------------------------------------------------------
# A period's window is national; whether it is open is each province's own decision
# (ProvincePeriod), the national calendar (Period.status) where the province has made none.

OPEN = Period.Status.OPEN


def open_in(root_ids: Iterable[int] | None) -> Q:
    """A condition on Period: open in at least one of these provinces (None: nationally)."""
    if root_ids is None:
        return Q(status=OPEN)
    states = ProvincePeriod.objects.filter(period=OuterRef("pk"))
    condition = Q(pk__isnull=True)  # false: no province, nothing open
    for root_id in sorted(root_ids):
        here = states.filter(root_id=root_id)
        condition |= Exists(here.filter(status=OPEN)) | (Q(status=OPEN) & ~Exists(here))
    return condition


def open_period_ids(root_ids: Iterable[int]) -> dict[int, set[int]]:
    """root id -> ids of the periods open in that province, in two queries."""
    national = set(Period.objects.filter(status=OPEN).values_list("pk", flat=True))
    found = {root_id: set(national) for root_id in root_ids}
    own = ProvincePeriod.objects.filter(root_id__in=found).values_list(
        "root_id", "period_id", "status"
    )
    for root_id, period_id, status in own:
        if status == OPEN:
            found[root_id].add(period_id)
        else:
            found[root_id].discard(period_id)
    return found


def is_open_for(period: Period, unit: Unit) -> bool:
    """Whether the unit's province takes reports for the period."""
    return period.status_in(permissions.root_id_of(unit)) == OPEN


def period_roots(user: User | AnonymousUser) -> set[int] | None:
    """The provinces whose periods the user opens and closes: those where he is a reviewer or
    an admin on the root unit; None for a superuser, who keeps the national calendar."""
    if permissions.grants_for(user).superuser:
        return None
    officer_of = permissions.officer_provinces(user, {Role.REVIEWER, Role.ADMIN})
    return set(officer_of.values_list("pk", flat=True))


def periods_with_status(*, user: User | AnonymousUser) -> QuerySet[Period]:
    """Every period, with `status_here`: open in one of the provinces whose periods the user
    keeps (nationally for a superuser), else closed. The windows are national, so every
    province lists the same periods."""
    return Period.objects.annotate(
        status_here=Case(
            When(open_in(period_roots(user)), then=Value(OPEN)),
            default=Value(Period.Status.CLOSED),
            output_field=CharField(),
        )
    )


def province_periods(*, user: User | AnonymousUser) -> QuerySet[ProvincePeriod]:
    """The provinces' own decisions the user may read: those of his provinces."""
    roots = period_roots(user)
    rows = permissions.in_provinces(ProvincePeriod.objects.all(), user)
    return rows if roots is None else rows.filter(root_id__in=roots)
