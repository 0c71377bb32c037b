"""Reads for the reviewers' side: the review queue, the review page, kept versions, periods.

Visibility follows `units.permissions` exactly: the queue holds the reports `allowed(user,
Action.SUBMISSION_REVIEW, submission)` would accept, written as one SQL condition so the
queue costs the same number of queries at any size.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from config import vn
from directives.models import Task
from indicators.models import Indicator
from indicators.texts import figure_text
from reports.periods.models import Period
from reports.periods.selectors import periods_with_status
from reports.submissions.models import (
    IndicatorValue,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    TaskUpdate,
)
from reports.submissions.selectors import IndicatorRow, TaskRow, report_rows, submission_seen
from units import permissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

Status = Submission.Status


def reviewable_submissions(*, user: User | AnonymousUser) -> QuerySet[Submission]:
    """The submissions the user may review (the rule lives in `units.permissions`)."""
    return Submission.objects.filter(unit__in=permissions.reviewable_units(user))


def review_queue(*, user: User | AnonymousUser) -> QuerySet[Submission]:
    """Reviewable submissions, oldest sent first (drafts, never sent, last)."""
    return (
        reviewable_submissions(user=user)
        .select_related("unit", "unit__level", "period", "directive")
        .order_by(F("submitted_at").asc(nulls_last=True), "id")
    )


def submission_for_review(*, user: User | AnonymousUser, pk: int) -> Submission | None:
    """The submission if it exists and the user may at least view it; None otherwise, so a
    guessed id answers like a missing one."""
    return submission_seen(user=user, pk=pk, related=("submitted_by", "reviewed_by"))


# --- the review page ---------------------------------------------------------------------


@dataclass
class ReviewRow:
    """An indicator row with its change against the unit's last accepted period."""

    row: IndicatorRow
    shown: str  # the current figure as an officer reads it: "98,62%", "12 người", "Có"
    previous_shown: str
    changed: bool
    difference: str  # "+3", "-2,5"; empty without two figures to compare

    @property
    def value(self) -> IndicatorValue | None:
        return self.row.value


@dataclass
class HistoryEntry:
    event: SubmissionEvent
    from_label: str
    to_label: str


@dataclass
class VersionEntry:
    version: SubmissionVersion
    previous: int | None  # the number of the version kept before it, to compare with


@dataclass
class ReviewPage:
    submission: Submission
    indicators: list[ReviewRow]
    tasks: list[TaskRow]
    previous: Submission | None
    history: list[HistoryEntry]
    versions: list[VersionEntry]  # newest first


def shown_value(indicator: Indicator, value: Decimal | None) -> str:
    return "" if value is None else figure_text(value, indicator, decimals=4)


def _difference(indicator: Indicator, current: Decimal, previous: Decimal) -> str:
    delta = current - previous
    if indicator.kind == Indicator.Kind.BOOLEAN or not delta:
        return ""
    text = ("+" if delta > 0 else "") + vn.format_number(delta, 2)
    if indicator.kind == Indicator.Kind.RATIO or indicator.display_unit == "%":
        return _("%(delta)s điểm %%") % {"delta": text}
    return text


def _review_row(row: IndicatorRow) -> ReviewRow:
    indicator = row.indicator
    current = row.value.value if row.value else None
    previous = row.previous
    changed = previous is not None and current != previous
    both = current is not None and previous is not None
    return ReviewRow(
        row=row,
        shown=shown_value(indicator, current),
        previous_shown=shown_value(indicator, previous),
        changed=changed,
        difference=_difference(indicator, current, previous) if both else "",
    )


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status  # "" on creation


def review_page(submission: Submission) -> ReviewPage:
    """Everything the review page shows, in a fixed number of queries; `submission` as
    `submission_for_review` loads it."""
    # Prefetched so report_rows' `values.all()` and `task_updates.all()` reuse them.
    prefetch_related_objects([submission], "values__evidence", "task_updates")
    rows = report_rows(submission)
    events = submission.events.select_related("by").order_by("at", "id")
    versions = list(submission.versions.select_related("by").order_by("-number"))
    return ReviewPage(
        submission=submission,
        indicators=[_review_row(row) for row in rows.indicators],
        tasks=rows.tasks,
        previous=rows.previous,
        history=[
            HistoryEntry(e, _status_label(e.from_status), _status_label(e.to_status))
            for e in events
        ],
        versions=[
            VersionEntry(v, versions[i + 1].number if i + 1 < len(versions) else None)
            for i, v in enumerate(versions)
        ],
    )


# --- comparing kept versions ---------------------------------------------------------------


@dataclass
class Cell:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class ComparedRow:
    key: str  # indicator code or task number
    title: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(cell.changed for cell in self.cells)


@dataclass
class Comparison:
    submission: Submission
    versions: list[SubmissionVersion]  # newest first, for the pickers
    a: SubmissionVersion | None
    b: SubmissionVersion | None
    values: list[ComparedRow]
    tasks: list[ComparedRow]
    only_changed: bool = False

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.values + self.tasks)


def _number_text(text: Any) -> str:
    return "" if text in (None, "") else vn.format_number(Decimal(str(text)), 4)


def _date_text(text: Any) -> str:
    return vn.format_date(datetime.date.fromisoformat(text)) if text else ""


def _task_status_text(status: Any) -> str:
    if not status:
        return ""
    return str(TaskUpdate.Status(status).label) if status in TaskUpdate.Status.values else status


def _plain(text: Any) -> str:
    return text or ""


Fields = list[tuple[str, Callable[[Any], str]]]
_TASK_FIELDS: Fields = [
    ("status", _task_status_text),
    ("progress", _plain),
    ("difficulties", _plain),
    ("proposals", _plain),
    ("completed_on", _date_text),
]


def _value_fields(indicator: Indicator | None) -> Fields:
    """A figure as the review page shows it ("93,53%", "Có"); raw when the indicator is gone."""

    def value(text: Any) -> str:
        if indicator is None or text in (None, ""):
            return _number_text(text)
        return shown_value(indicator, Decimal(str(text)))

    return [
        ("value", value),
        ("numerator", _number_text),
        ("denominator", _number_text),
        ("note", _plain),
    ]


def _field_label(name: str) -> str:
    labels = {
        "value": _("Giá trị"),
        "numerator": _("Tử số"),
        "denominator": _("Mẫu số"),
        "note": _("Ghi chú"),
        "status": _("Tình hình"),
        "progress": _("Kết quả thực hiện"),
        "difficulties": _("Khó khăn, vướng mắc"),
        "proposals": _("Đề xuất, kiến nghị"),
        "completed_on": _("Ngày hoàn thành"),
    }
    return str(labels[name])


def _compare(
    before: dict[str, dict],
    after: dict[str, dict],
    titles: dict[str, str],
    fields_for: Callable[[str], Fields],
) -> list[ComparedRow]:
    """Rows in the order of `titles` (the report's own order), unknown keys last."""
    order = {key: position for position, key in enumerate(titles)}
    rows = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (order.get(k, len(order)), k)):
        old, new = before.get(key, {}), after.get(key, {})
        row = ComparedRow(key, titles.get(key, ""))
        for name, text in fields_for(key):
            cell = Cell(_field_label(name), text(old.get(name)), text(new.get(name)))
            if cell.before or cell.after:
                row.cells.append(cell)
        rows.append(row)
    return rows


def _default_pair(versions: list[SubmissionVersion]) -> tuple[SubmissionVersion, SubmissionVersion]:
    """The last two versions sent for review, so a resubmission shows what the unit changed
    since the previous sending; the last two versions kept when fewer were sent."""
    oldest_first = sorted(versions, key=lambda v: v.number)
    sent = [v for v in oldest_first if v.status == Status.SUBMITTED]
    pair = sent[-2:] if len(sent) >= 2 else oldest_first[-2:]
    return pair[0], pair[-1]


def version_comparison(
    *, submission: Submission, a: str | None, b: str | None, only_changed: bool = False
) -> Comparison | None:
    """Two kept versions side by side (`a` before `b`, by number). None when a requested
    number is not a version of this submission."""
    versions = list(submission.versions.select_related("by").order_by("-number"))
    by_number = {str(v.number): v for v in versions}
    if a or b:
        first, second = by_number.get(a or ""), by_number.get(b or "")
        if first is None or second is None:
            return None
    elif versions:
        first, second = _default_pair(versions)
    else:
        return Comparison(submission, [], None, None, [], [])
    values_a, values_b = first.snapshot.get("values", {}), second.snapshot.get("values", {})
    tasks_a, tasks_b = first.snapshot.get("tasks", {}), second.snapshot.get("tasks", {})
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=values_a.keys() | values_b.keys())
    }
    task_titles = dict(
        Task.objects.filter(
            directive_id=submission.directive_id, number__in=tasks_a.keys() | tasks_b.keys()
        )
        .order_by("position", "id")
        .values_list("number", "title")
    )
    values = _compare(
        values_a,
        values_b,
        {code: indicators[code].name for code in sorted(indicators)},
        lambda code: _value_fields(indicators.get(code)),
    )
    tasks = _compare(tasks_a, tasks_b, task_titles, lambda number: _TASK_FIELDS)
    if only_changed:
        values = [row for row in values if row.changed]
        tasks = [row for row in tasks if row.changed]
    return Comparison(submission, versions, first, second, values, tasks, only_changed)


# --- periods -------------------------------------------------------------------------------

PERIOD_COUNTED = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED]


def period_overview(*, user: User | AnonymousUser) -> QuerySet[Period]:
    """Periods, newest first, with the number of reports the user may review in each status
    (`count_draft`, `count_submitted`, `count_returned`, `count_accepted`), open or closed
    in the user's provinces (`status_here`)."""
    reviewable = permissions.reviewable_units(user)
    return (
        periods_with_status(user=user)
        .annotate(
            **{
                f"count_{status}": Count(
                    "submissions",
                    filter=Q(submissions__status=status, submissions__unit__in=reviewable),
                )
                for status in PERIOD_COUNTED
            }
        )
        .order_by("-ends_on", "kind", "number")
    )
