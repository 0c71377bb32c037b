"""The example plan in force today: monthly periods of the current year, reported as a
province would be found on the day the demo is loaded.

Every date comes from `today`: older months are closed with every report accepted; the month
whose report fell due less than a month ago is still open with reports accepted, awaiting
review, returned, in draft or not started (late by days, never by more than that month); the
month due next has early senders; the running month has a few drafts.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from directives.models import Directive, Task
from directives.selectors import directive_reporting_units
from reports.demo.writing import Planned, Scopes, Story, at, seeded, write_reports
from reports.periods.models import Period
from reports.periods.selectors import due_on_for, open_in
from reports.periods.services import period_close, period_open
from reports.submissions.models import Submission, SubmissionEvent
from units.models import Unit, User

S = Submission.Status
# Shares of (accepted, awaiting review, returned, draft); the rest have not started.
RECENT = (0.5, 0.2, 0.1, 0.1)
UPCOMING = (0.15, 0.3, 0.1, 0.2)
RUNNING = (0.0, 0.0, 0.0, 0.25)
# Days from today to each dated task's deadline, by task number: overdue by days, due soon,
# and further off. Tasks not listed keep the file's date (or none: continuous tasks).
# The province that closes a period of its own ahead of the other (province_decisions).
CLOSED_EARLY_BY = "LD"
TASK_DUE_IN_DAYS = {"1": -9, "2": -4, "3": 3, "4": 6, "5": 20, "7": 45}


def plan_today(
    directive: Directive, reviewer: User | None, scopes: Scopes, today: datetime.date
) -> tuple[int, int]:
    """(periods, reports written): the months of the current year up to today's, and at least
    the two before it (in January, the end of the previous year)."""
    _task_deadlines(directive, today)
    first = datetime.date(today.year, today.month, 1)
    for _ in range(2):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    first = min(first, datetime.date(today.year, 1, 1))
    periods = []
    month = first
    while month <= today:
        periods.append(period_open(kind="month", year=month.year, number=month.month))
        month = (month + datetime.timedelta(days=31)).replace(day=1)
    periods = [p for p in periods if p.ends_on >= directive.effective_from]
    made = 0
    for index, period in enumerate(periods):
        progress = (index + 1) / len(periods)
        made += _reports(directive, period, reviewer, scopes, today, progress)
    # Months before these (a demo database loaded again months later) are history too.
    Period.objects.filter(kind="month", ends_on__lt=first, status=Period.Status.OPEN).update(
        status=Period.Status.CLOSED
    )
    return len(periods), made


def province_decisions(today: datetime.date) -> bool:
    """Lâm Đồng has closed the month before last for itself while Phú Thọ still takes late
    reports for it: each province opens and closes its own periods. True when it closed now."""
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    month = (month - datetime.timedelta(days=1)).replace(day=1)
    period = Period.objects.filter(kind="month", year=month.year, number=month.month).first()
    root = Unit.objects.filter(code=CLOSED_EARLY_BY, parent__isnull=True).first()
    if period is None or root is None:
        return False
    if not Period.objects.filter(open_in({root.pk}), pk=period.pk).exists():
        return False
    period_close(period=period, roots={root.pk})
    return True


def _task_deadlines(directive: Directive, today: datetime.date) -> None:
    for task in Task.objects.filter(directive=directive, number__in=TASK_DUE_IN_DAYS):
        task.due_on = today + datetime.timedelta(days=TASK_DUE_IN_DAYS[task.number])
        task.save(update_fields=["due_on"])


@transaction.atomic
def _reports(
    directive: Directive,
    period: Period,
    reviewer: User | None,
    scopes: Scopes,
    today: datetime.date,
    progress: float,
) -> int:
    due = due_on_for(period, directive)
    running = period.ends_on >= today
    recent = not running and due < today
    # A report may be late by days, never by more than its own month.
    if recent and (today - due).days > (period.ends_on - period.starts_on).days + 1:
        shares = None  # history: everything accepted, the period closed
        status = Period.Status.CLOSED
    else:
        shares = RUNNING if running else RECENT if recent else UPCOMING
        status = Period.Status.OPEN
    if period.status != status:
        period.status = status
        period.save(update_fields=["status"])
    if shares is None:
        _settle(directive, period, reviewer, due)
    done = set(
        Submission.objects.filter(period=period, directive=directive).values_list(
            "unit_id", flat=True
        )
    )
    planned = []
    for unit in directive_reporting_units(directive, on=period.ends_on):
        if unit.pk in done or not unit.is_valid_on(period.ends_on):
            continue
        rng = seeded(directive, period, unit)
        story = _story(rng.random(), rng, shares, period, due, today)
        if story is None:
            continue
        planned.append(Planned(unit, story, rng))
    return write_reports(directive, period, planned, scopes, reviewer, progress)


def _settle(
    directive: Directive, period: Period, reviewer: User | None, due: datetime.date
) -> None:
    """A month that became history since the demo was last loaded (start.sh loads it on every
    start): its reports still in draft, returned or awaiting review are sent and accepted, as
    the province would have done, so none stays late or waiting."""
    pending = Submission.objects.filter(period=period, directive=directive).exclude(
        status=S.ACCEPTED
    )
    for submission in pending:
        steps = (
            [] if submission.status == S.SUBMITTED else [("submit", submission.status, "submitted")]
        )
        steps.append(("accept", "submitted", "accepted"))
        reviewed = at(due + datetime.timedelta(days=2), 15)
        if submission.submitted_at is None or submission.status != S.SUBMITTED:
            submission.submitted_at = at(due, 9)
            submission.is_late = False
        last = submission.version
        SubmissionEvent.objects.bulk_create(
            SubmissionEvent(
                submission=submission,
                action=action,
                from_status=before,
                to_status=after,
                at=reviewed if action == "accept" else submission.submitted_at,
                version=last + i + 1,
                by=reviewer if action == "accept" else None,
            )
            for i, (action, before, after) in enumerate(steps)
        )
        submission.status = S.ACCEPTED
        submission.version = last + len(steps)
        submission.reviewed_at = reviewed
        submission.reviewed_by = reviewer
        submission.review_comment = ""
        submission.save()


def _story(
    draw: float,
    rng: random.Random,
    shares: tuple[float, float, float, float] | None,
    period: Period,
    due: datetime.date,
    today: datetime.date,
) -> Story | None:
    """The report's story, its dates between the period's end and today."""
    first = period.ends_on + datetime.timedelta(days=1)
    if shares is None:  # a month long past: accepted, a few sent a few days late
        late = rng.random() < 0.15
        sent_on = due + datetime.timedelta(days=rng.randint(1, 6) if late else -rng.randint(0, 5))
        return Story(S.ACCEPTED, max(first, sent_on), late=late)
    accepted, waiting, returned, draft = shares
    last = min(today, due + datetime.timedelta(days=6))
    sent_on = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    sent_on = min(sent_on, today)
    reviewed_on = min(today, sent_on + datetime.timedelta(days=2))
    if draw < accepted:
        return Story(S.ACCEPTED, sent_on, late=sent_on > due, reviewed_on=reviewed_on)
    if draw < accepted + waiting:
        return Story(S.SUBMITTED, sent_on, late=sent_on > due)
    if draw < accepted + waiting + returned:
        return Story(S.RETURNED, sent_on, late=sent_on > due, reviewed_on=reviewed_on)
    if draw < accepted + waiting + returned + draft:
        return Story(S.DRAFT, min(today, max(first, sent_on)))
    return None  # not started
