"""Writing one demo report: its figures, task updates and history, from a seeded generator."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from directives.models import Directive, Target, Task
from directives.selectors import unit_targets, unit_tasks
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission, SubmissionEvent, TaskUpdate
from units.models import Unit, User

PROGRESS = [
    "Đã ban hành kế hoạch triển khai tại đơn vị; tổ chức quán triệt đến toàn thể cán bộ, công chức.",
    "Đã triển khai phần mềm quản lý văn bản và điều hành; 100% văn bản đến được số hóa.",
    "Đang phối hợp với cơ quan chuyên môn hoàn thiện hạ tầng mạng nội bộ.",
    "Đã cử cán bộ tham gia lớp bồi dưỡng về an toàn thông tin do Sở tổ chức.",
    "Tiếp tục duy trì, cập nhật thông tin trên trang thông tin điện tử của đơn vị.",
]
DIFFICULTIES = [
    "Kinh phí đầu tư hạ tầng còn hạn chế; máy tính nhiều năm chưa được thay thế.",
    "Thiếu cán bộ chuyên trách CNTT, cán bộ hiện tại phải kiêm nhiệm.",
    "Đường truyền Internet tại một số xã chưa ổn định.",
    "",
]
PROPOSALS = [
    "Đề nghị UBND tỉnh bố trí kinh phí nâng cấp hạ tầng CNTT năm tới.",
    "Đề nghị Sở Khoa học và Công nghệ tổ chức thêm lớp tập huấn sử dụng chữ ký số.",
    "",
]
# Typical headcount behind a ratio, by level.
BASE_SIZE = {
    "province": (60, 120),
    "department": (40, 160),
    "agency": (20, 60),
    "district": (120, 320),
    "commune": (15, 40),
    "enterprise": (50, 300),
}


def seeded(directive: Directive, period: Period, unit: Unit) -> random.Random:
    """One seed per report: the same report comes out the same on every run."""
    return random.Random(
        f"{directive.code}|{period.kind}|{period.year}|{period.number}|{unit.code}"
    )


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@dataclass(frozen=True)
class Story:
    """What happened to one report: its status, when it was sent and reviewed."""

    status: str
    sent_on: datetime.date  # for a draft: the day it would have been sent (events only)
    late: bool = False
    reviewed_on: datetime.date | None = None
    # The last report of a finished directive: every task is reported done.
    tasks_done: bool = False


@dataclass(frozen=True)
class Planned:
    """One report to write: its unit, story and generator."""

    unit: Unit
    story: Story
    rng: random.Random


class Scopes:
    """Each unit's targets and tasks in a directive, read once for all its periods."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], tuple[list[Target], list[Task]]] = {}

    def of(self, directive: Directive, unit: Unit) -> tuple[list[Target], list[Task]]:
        key = (directive.pk, unit.pk)
        if key not in self._seen:
            targets = list(unit_targets(directive, unit))
            self._seen[key] = (targets, list(unit_tasks(directive, unit)))
        return self._seen[key]


def write_reports(
    directive: Directive,
    period: Period,
    planned: list[Planned],
    scopes: Scopes,
    reviewer: User | None,
    progress: float,
) -> int:
    """Write a period's reports in a few bulk inserts (the demo writes thousands)."""
    submissions = Submission.objects.bulk_create(
        [_submission(directive, period, item, reviewer) for item in planned]
    )
    values: list[IndicatorValue] = []
    updates: list[TaskUpdate] = []
    events: list[SubmissionEvent] = []
    for item, submission in zip(planned, submissions, strict=True):
        targets, tasks = scopes.of(directive, item.unit)
        lagging = item.rng.random() < 0.2
        seen: set[int] = set()
        for target in targets:
            if target.indicator_id in seen:
                continue
            seen.add(target.indicator_id)
            value = _value(submission, target, item.unit, item.rng, progress, lagging)
            if value is not None:
                values.append(value)
        updates += [_task_update(submission, task, item.story, item.rng) for task in tasks]
        events += _events(submission, item.story, reviewer)
    IndicatorValue.objects.bulk_create(values)
    TaskUpdate.objects.bulk_create(updates)
    SubmissionEvent.objects.bulk_create(events)
    return len(submissions)


def _reviewed_on(story: Story) -> datetime.date:
    return story.reviewed_on or story.sent_on + datetime.timedelta(days=2)


def _submission(
    directive: Directive, period: Period, item: Planned, reviewer: User | None
) -> Submission:
    story = item.story
    sent = story.status != Submission.Status.DRAFT
    reviewed = story.status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED)
    return Submission(
        unit=item.unit,
        period=period,
        directive=directive,
        status=story.status,
        version=3 if reviewed else 2,
        submitted_at=at(story.sent_on, 9) if sent else None,
        is_late=story.late if sent else None,
        reviewed_at=at(_reviewed_on(story), 15) if reviewed else None,
        reviewed_by=reviewer if reviewed else None,
        review_comment="Đề nghị bổ sung tệp minh chứng cho số liệu chữ ký số."
        if story.status == Submission.Status.RETURNED
        else "",
    )


def _task_update(
    submission: Submission, task: Task, story: Story, rng: random.Random
) -> TaskUpdate:
    done = story.tasks_done or rng.random() >= 0.7
    return TaskUpdate(
        submission=submission,
        task=task,
        status=TaskUpdate.Status.DONE_ON_TIME if done else TaskUpdate.Status.IN_PROGRESS,
        completed_on=min(story.sent_on, submission.period.ends_on) if done else None,
        progress=rng.choice(PROGRESS),
        difficulties=rng.choice(DIFFICULTIES),
        proposals=rng.choice(PROPOSALS),
    )


def _events(submission: Submission, story: Story, reviewer: User | None) -> list[SubmissionEvent]:
    created_on = min(story.sent_on - datetime.timedelta(days=7), submission.period.ends_on)
    events = [(SubmissionEvent.Action.CREATE, "", "draft", created_on)]
    if story.status != Submission.Status.DRAFT:
        events.append((SubmissionEvent.Action.SUBMIT, "draft", "submitted", story.sent_on))
    if story.status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED):
        action = (
            SubmissionEvent.Action.ACCEPT
            if story.status == Submission.Status.ACCEPTED
            else SubmissionEvent.Action.RETURN
        )
        events.append((action, "submitted", story.status, _reviewed_on(story)))
    return [
        SubmissionEvent(
            submission=submission,
            action=action,
            from_status=before,
            to_status=after,
            at=at(day, 10),
            version=i + 1,
            by=reviewer if action in ("accept", "return") else None,
        )
        for i, (action, before, after, day) in enumerate(events)
    ]


def _value(
    submission: Submission,
    target: Target,
    unit: Unit,
    rng: random.Random,
    progress: float,
    lagging: bool,
) -> IndicatorValue | None:
    kind = target.indicator.kind
    reach = progress * (0.55 if lagging else 1.0)
    if kind == Indicator.Kind.RATIO:
        low, high = BASE_SIZE.get(unit.level.code, (20, 100))
        denominator = rng.randint(low, high)
        share = min(1.0, (0.35 + 0.7 * reach) * float(target.value) / 100 + rng.uniform(-0.05, 0.1))
        numerator = max(0, min(denominator, round(denominator * share)))
        return IndicatorValue(
            submission=submission,
            indicator=target.indicator,
            numerator=numerator,
            denominator=denominator,
            value=Decimal(100 * numerator) / denominator,
        )
    if kind == Indicator.Kind.BOOLEAN:
        value = Decimal(1 if rng.random() < 0.3 + 0.7 * reach else 0)
    elif kind == Indicator.Kind.RANK:
        return None  # an external index, entered by the province itself
    else:
        goal = float(target.value)
        value = Decimal(max(0, round(goal * (0.4 + 0.8 * reach) + rng.uniform(-1, 1))))
    return IndicatorValue(submission=submission, indicator=target.indicator, value=value)
