"""A small directive the district must report on: two indicators, two tasks, an open quarter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from directives.models import Directive, Target, Task
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.services import submission_save, submission_start, submission_submit
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


@dataclass
class Setup:
    directive: Directive
    signed: Indicator  # ratio, pooled over districts
    officers: Indicator  # count, each district
    digital_signatures: Task  # due 30/06/2016
    email: Task  # recurring
    period: Period


def district_directive(province: Province, *, quarter: int = 2) -> Setup:
    directive = DirectiveFactory(report_to=province.dic, code="886/KH-UBND", reporting=["quarter"])
    signatures = TaskFactory(
        directive=directive, number="1", title="Ứng dụng chữ ký số", due_on=dt.date(2016, 6, 30)
    )
    email = TaskFactory(directive=directive, number="2", title="Sử dụng thư điện tử công vụ")
    TaskAssigneeFactory(task=signatures, unit=None, level=level("district"))
    TaskAssigneeFactory(task=email, unit=province.district, role="support")
    signed = RatioIndicatorFactory(code="DOCS_SIGNED", name="Tỷ lệ văn bản ký số")
    officers = IndicatorFactory(
        code="IT_OFFICERS", name="Cán bộ chuyên trách CNTT", kind="count", display_unit="người"
    )
    TargetScopeFactory(
        target=TargetFactory(task=signatures, indicator=signed, value=Decimal(100)),
        level=level("district"),
    )
    TargetScopeFactory(
        target=TargetFactory(
            task=signatures, indicator=officers, value=Decimal(1), judge=Target.Judge.EACH_UNIT
        ),
        level=level("district"),
    )
    starts = {1: dt.date(2015, 12, 15), 2: dt.date(2016, 3, 15), 3: dt.date(2016, 6, 15)}[quarter]
    ends = {1: dt.date(2016, 3, 14), 2: dt.date(2016, 6, 14), 3: dt.date(2016, 9, 14)}[quarter]
    period = PeriodFactory(
        kind="quarter",
        year=2016,
        number=quarter,
        starts_on=starts,
        ends_on=ends,
        due_on=ends + dt.timedelta(days=3),
    )
    return Setup(directive, signed, officers, signatures, email, period)


def start(setup: Setup, province: Province, by=None):
    return submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=by
    )


FILLED = {
    "value:DOCS_SIGNED:numerator": "45", "value:DOCS_SIGNED:denominator": "60",
    "value:DOCS_SIGNED:note": "Theo phần mềm quản lý văn bản", "value:IT_OFFICERS:value": "2",
    "task:1:status": "done_on_time", "task:1:completed_on": "2016-05-20",
    "task:1:progress": "Đã cấp chứng thư số", "task:2:status": "in_progress",
    "task:2:progress": "Duy trì hằng ngày",
}  # fmt: skip


def sent_report(province: Province, by=None):
    """The district's report on a small directive, filled in and sent for review by `by`."""
    submission = start(district_directive(province), province, by=by)
    values = [
        ValueInput("DOCS_SIGNED", numerator=Decimal(45), denominator=Decimal(60)),
        ValueInput("IT_OFFICERS", value=Decimal(2)),
    ]
    tasks = [TaskInput("1", status="in_progress", progress="Đang cấp chứng thư số"),
             TaskInput("2", status="in_progress", progress="Duy trì hằng ngày")]  # fmt: skip
    submission_save(submission=submission, version=1, values=values, tasks=tasks, by=by)
    return submission_submit(submission=submission, version=2, by=by)
