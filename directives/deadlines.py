"""How a task assignment stands on a given day: plain rules, no database.

A status is never stored: it is judged as of a day from the deadline in force and what the unit
reported. A unit's own word on lateness (TaskUpdate.status "done_on_time") is not trusted; the
dates decide. When a report says "done" without a completion date, the task is taken as done on
the last day of that report's data window, the latest day it can have been done by.

Recurring tasks ("hằng năm", "thường xuyên": no due date) are judged one period at a time, the
period's report due date standing as the deadline; a continuous task reported "in progress" in
time is doing what it should.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


STATUS_LABELS = {
    Status.NOT_STARTED: _("Chưa triển khai"),
    Status.IN_PROGRESS: _("Đang thực hiện"),
    Status.DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    Status.DONE_LATE: _("Hoàn thành quá hạn"),
    Status.OVERDUE: _("Quá hạn, chưa hoàn thành"),
}

# What units may report on a task (TaskUpdate.Status values), grouped by what they claim.
_REPORTED_DONE = frozenset({"done_on_time", "done_late"})
_REPORTED_STARTED = frozenset({"in_progress", "overdue"})


@dataclass(frozen=True)
class Reported:
    """One sent report's account of the task: what the unit said, about which data window."""

    status: str
    completed_on: datetime.date | None
    window_ends_on: datetime.date
    sent_on: datetime.date
    submission_id: int


@dataclass(frozen=True)
class Judgement:
    status: Status
    deadline: datetime.date | None
    done_on: datetime.date | None = None
    due_soon: bool = False
    # Days past the deadline: while overdue, as of the day judged; when done late, on completion.
    days_late: int = 0

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def judge(
    *,
    deadline: datetime.date,
    reports: Iterable[Reported],
    as_of: datetime.date,
    due_soon_days: int = 7,
) -> Judgement:
    """A dated task (or one period of a recurring one) as of `as_of`.

    Only reports sent by `as_of` count, so a board looked at "as of" a past day shows what was
    known then.
    """
    known = sorted(
        (r for r in reports if r.sent_on <= as_of), key=lambda r: (r.window_ends_on, r.sent_on)
    )
    done = [r for r in known if r.status in _REPORTED_DONE]
    if done:
        first = done[0]
        done_on = first.completed_on or first.window_ends_on
        if done_on <= deadline:
            return Judgement(Status.DONE_ON_TIME, deadline, done_on)
        return Judgement(Status.DONE_LATE, deadline, done_on, days_late=(done_on - deadline).days)
    return _not_done(deadline, known, as_of, due_soon_days)


def _not_done(
    deadline: datetime.date, known: list[Reported], as_of: datetime.date, due_soon_days: int
) -> Judgement:
    if as_of > deadline:
        return Judgement(Status.OVERDUE, deadline, days_late=(as_of - deadline).days)
    soon = (deadline - as_of).days <= due_soon_days
    if any(r.status in _REPORTED_STARTED for r in known):
        return Judgement(Status.IN_PROGRESS, deadline, due_soon=soon)
    return Judgement(Status.NOT_STARTED, deadline, due_soon=soon)


def judge_period(
    *,
    report_due_on: datetime.date,
    reports: Iterable[Reported],
    as_of: datetime.date,
    due_soon_days: int = 7,
) -> Judgement:
    """One period of a recurring task: the period's report is its deadline.

    Done means done for this period, on time when the report saying so was sent by its due
    date. "In progress" is what a continuous task should say: the period is in progress, its
    days late those of the report (0 when sent in time). With no account of the task in the
    period's report, the period is overdue once its due date has passed.
    """
    known = [r for r in reports if r.sent_on <= as_of]
    done = [r for r in known if r.status in _REPORTED_DONE]
    if done:
        first = min(done, key=lambda r: r.sent_on)
        done_on = first.completed_on or first.sent_on
        if first.sent_on <= report_due_on:
            return Judgement(Status.DONE_ON_TIME, report_due_on, done_on)
        return Judgement(
            Status.DONE_LATE,
            report_due_on,
            done_on,
            days_late=(first.sent_on - report_due_on).days,
        )
    started = [r for r in known if r.status in _REPORTED_STARTED]
    if started:
        first = min(started, key=lambda r: r.sent_on)
        late_by = max(0, (first.sent_on - report_due_on).days)
        return Judgement(Status.IN_PROGRESS, report_due_on, days_late=late_by)
    return _not_done(report_due_on, known, as_of, due_soon_days)


@dataclass(frozen=True)
class DeadlineChange:
    unit_id: int | None  # None: for every unit of the task
    new_due_on: datetime.date
    approved_on: datetime.date
    order: int  # tie-break among changes approved the same day: later recorded wins


def deadline_in_force(
    *,
    original: datetime.date,
    changes: Iterable[DeadlineChange],
    unit_id: int,
    as_of: datetime.date,
) -> datetime.date:
    """The latest change approved by `as_of` that applies to the unit, else the original."""
    applicable = [
        c for c in changes if (c.unit_id is None or c.unit_id == unit_id) and c.approved_on <= as_of
    ]
    if not applicable:
        return original
    return max(applicable, key=lambda c: (c.approved_on, c.order)).new_due_on
