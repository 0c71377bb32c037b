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
from reports.submissions.selectors import reporting_obligations
from reports.submissions.task_board import own_unit_tasks

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
    found = [
        Duty(
            uid=f"report-{o.directive.pk}-{o.period.pk}-{o.unit.pk}",
            day=o.due_on,
            title=_("Hạn báo cáo %(directive)s, %(period)s")
            % {"directive": o.directive.code, "period": o.period.label},
            unit=o.unit.name,
            url=reverse("reports:my_reports"),
            kind="report",
        )
        for o in reporting_obligations(user=user)
        if o.state in _UNSENT
    ]
    rows = own_unit_tasks(user=user, as_of=today, due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS)
    found += [
        Duty(
            uid=f"task-{row.task.pk}-{row.unit.pk}-{row.period.pk if row.period else 0}",
            day=row.judgement.deadline,
            title=_("Hạn nhiệm vụ %(number)s (%(directive)s)")
            % {"number": row.task.number, "directive": row.task.directive.code},
            unit=row.unit.name,
            url=f"{reverse('directives:detail', args=[row.task.directive_id])}#task-{row.task.pk}",
            kind="task",
        )
        for row in rows
        if row.judgement.status in _OPEN_TASK and row.judgement.deadline is not None
    ]
    return sorted(found, key=lambda d: (d.day, d.kind, d.title, d.unit))


def upcoming_duties(
    *, user: User | AnonymousUser, today: datetime.date, days: int = 60
) -> list[Duty]:
    until = today + datetime.timedelta(days=days)
    return [d for d in duties(user=user, today=today) if today <= d.day <= until]
