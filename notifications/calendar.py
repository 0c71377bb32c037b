"""Reads for a user's calendar of duties: the reports the user's units owe and their task
deadlines, for the home page and the iCalendar feed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from directives.deadlines import Status
from reports.submissions.selectors import Obligation, reporting_obligations
from reports.submissions.task_board import BoardRow, own_unit_tasks

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

_UNSENT = ("not_started", "draft", "returned")
_OPEN_TASK = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE)


@dataclass(frozen=True)
class Duty:
    uid: str  # stable across reads, so calendar clients update an event rather than add one
    day: datetime.date
    title: str
    unit: str
    url: str
    kind: str  # "report" or "task"


def duties(*, user: User | AnonymousUser, today: datetime.date) -> list[Duty]:
    """Unsent reports of open periods and unfinished dated tasks (recurring ones by their
    period's report), soonest first; overdue ones too, on their past date."""
    rows = own_unit_tasks(user=user, as_of=today, due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS)
    return duties_of(reporting_obligations(user=user), rows)


def duties_of(obligations: list[Obligation], rows: list[BoardRow]) -> list[Duty]:
    """duties() from reads already made (the home page counts them too)."""
    found = [
        Duty(
            uid=f"report-{o.directive.pk}-{o.period.pk}-{o.unit.pk}",
            day=o.due_on,
            title=_("Hạn báo cáo %(directive)s, %(period)s")
            % {"directive": o.directive.code, "period": o.period.label},
            unit=o.unit_name,
            # Straight to the report when it is started; the list starts it otherwise.
            url=reverse("reports:edit", args=[o.submission.pk])
            if o.submission
            else reverse("reports:my_reports"),
            kind="report",
        )
        for o in obligations
        if o.state in _UNSENT
    ]
    found += [
        Duty(
            uid=f"task-{row.task.pk}-{row.unit.pk}-{row.period.pk if row.period else 0}",
            day=row.judgement.deadline,
            title=_("Hạn nhiệm vụ %(number)s (%(directive)s)")
            % {"number": row.task.number, "directive": row.task.directive.code},
            unit=row.unit_name,
            url=f"{reverse('directives:detail', args=[row.task.directive_id])}#task-{row.task.pk}",
            kind="task",
        )
        for row in rows
        if row.judgement.status in _OPEN_TASK and row.judgement.deadline is not None
    ]
    return sorted(found, key=lambda d: (d.day, d.kind, d.title, d.unit))


@dataclass(frozen=True)
class UpcomingDuty:
    duty: Duty
    days_left: int  # negative: late by that many days

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def upcoming_duties(
    found: list[Duty], *, today: datetime.date, days: int = 60
) -> list[UpcomingDuty]:
    """The duties due within `days`, and the late ones first: a late report is the most
    urgent of all."""
    until = today + datetime.timedelta(days=days)
    return [UpcomingDuty(d, (d.day - today).days) for d in found if d.day <= until]
