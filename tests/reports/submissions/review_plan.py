"""A province's reports in every review state (plan, save, submit, send): the review, periods,
escaping, CSP and authorisation tests build on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from directives.models import Directive
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.models import Submission, TaskUpdate
from reports.submissions.services import (
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    PeriodFactory,
    RatioIndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    level,
)
from units.models import Unit, User

D = dt.date


DELEGATED = {"commune": "district"}


@dataclass
class Plan:
    """A directive districts and communes report on: a count, a ratio and one task."""

    directive: Directive
    services: Indicator  # count of online public services
    signed: Indicator  # ratio of documents signed digitally
    q1: Period  # closed window, due long ago: sending now is late
    q2: Period  # due far ahead: sending now is on time


def plan(province: Province, code: str = "15/CT-UBND") -> Plan:
    directive = DirectiveFactory(report_to=province.dic, code=code, reporting=["quarter"])
    task = TaskFactory(directive=directive, number="1", title="Cung cấp dịch vụ công trực tuyến")
    services = IndicatorFactory(
        code=f"DVC_{directive.pk}",
        name="Dịch vụ công trực tuyến toàn trình",
        display_unit="dịch vụ",
    )
    signed = RatioIndicatorFactory(code=f"KYSO_{directive.pk}", name="Tỷ lệ văn bản ký số")
    for level_code in ("district", "commune"):
        TaskAssigneeFactory(task=task, unit=None, level=level(level_code))
        for indicator in (services, signed):
            TargetScopeFactory(
                target=TargetFactory(task=task, indicator=indicator, value=Decimal(10)),
                level=level(level_code),
            )
    q1 = PeriodFactory(number=1)
    q2 = PeriodFactory(
        number=2, starts_on=D(2016, 3, 15), ends_on=D(2016, 6, 14), due_on=D(2099, 12, 31)
    )
    return Plan(directive, services, signed, q1, q2)


def save(
    submission: Submission,
    setup: Plan,
    by: User | None,
    *,
    services: int = 12,
    signed: tuple[int, int] = (45, 60),
    progress: str = "Đã đưa 12 dịch vụ lên cổng",
) -> Submission:
    submission_save(
        submission=submission,
        version=submission.version,
        values=[
            ValueInput(setup.services.code, value=Decimal(services)),
            ValueInput(
                setup.signed.code, numerator=Decimal(signed[0]), denominator=Decimal(signed[1])
            ),
        ],
        tasks=[TaskInput("1", status=TaskUpdate.Status.IN_PROGRESS, progress=progress)],
        by=by,
    )
    submission.refresh_from_db()
    return submission


def submit(submission: Submission, by: User | None) -> Submission:
    return submission_submit(submission=submission, version=submission.version, by=by)


def send(
    setup: Plan, unit: Unit, period: Period | None = None, by: User | None = None, **figures
) -> Submission:
    """The unit's report started, filled in and sent."""
    submission = submission_start(
        unit=unit, period=period or setup.q2, directive=setup.directive, by=by
    )
    return submit(save(submission, setup, by, **figures), by)
