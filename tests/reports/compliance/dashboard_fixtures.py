"""A directive with level-specific targets and a quarter of reports, figures hand-computed.

Official figures (accepted reports only) for Q4/2016, which ends on 31/12/2016:
Task 1 (online public services, ratio DOCS_ONLINE, pooled, due 31/12/2016 — come):
  departments ≥ 90%: STTTT 95/100, Sở Nội vụ 80/100             → 175/200 = 87,5%  missed
  districts   ≥ 70%: Vĩnh Yên 60/80, Tam Đảo 30/40               → 90/120  = 75%    met
  communes    ≥ 20%: Liên Bảo 1/10 (Hợp Châu's 5/10 not accepted) → 1/10    = 10%    missed
Task 2 (IT officers, count IT_OFFICERS, each unit ≥ 1, districts and communes, due 30/06/2017
— still ahead): Vĩnh Yên 2, Liên Bảo 0, Tam Đảo 1, Hợp Châu not accepted → 2 of 4 = 50%,
on track.
Provisional figures add Hợp Châu (5/10, 1 officer): communes 6/20 = 30% met; officers 3 of 4.
Completeness: 6 units expected, 6 sent, 5 accepted, 1 late (Tam Đảo, sent 10/01/2017 after the
due date 05/01/2017).
Within Vĩnh Yên's subtree (the city and Liên Bảo): districts 60/80 = 75% met, communes 1/10 =
10% missed, IT officers 1 of 2 = 50% on track; 2 expected, 2 sent, 2 accepted, none late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import time_machine

from directives.models import Directive, Target
from directives.selectors import unit_tasks
from indicators.models import Indicator
from reports.compliance.services import compliance_recompute
from reports.periods.models import Period
from reports.submissions.models import Submission
from reports.submissions.services import (
    submission_accept,
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


@dataclass
class Dashboard:
    directive: Directive
    period: Period
    online: Indicator
    officers: Indicator
    targets: dict[str, Target]  # "department", "district", "commune", "officers"
    submissions: dict[str, Submission]  # by unit code


def send_report(
    directive: Directive, period: Period, unit, figures: dict, *, accept: bool = True
) -> Submission:
    """A unit's report with `figures` (code -> value or (numerator, denominator)), sent and
    accepted through the services."""
    submission = submission_start(unit=unit, period=period, directive=directive, by=None)
    values = [
        ValueInput(code, numerator=Decimal(f[0]), denominator=Decimal(f[1]))
        if isinstance(f, tuple)
        else ValueInput(code, value=Decimal(f))
        for code, f in figures.items()
    ]
    tasks = [TaskInput(task.number, "in_progress", progress="Đang triển khai")
             for task in unit_tasks(directive, unit)]  # fmt: skip
    submission_save(submission=submission, version=1, values=values, tasks=tasks, by=None)
    submission = submission_submit(submission=submission, version=2, by=None)
    return submission_accept(submission=submission, by=None) if accept else submission


def build_dashboard(province: Province, *, unreported_target: bool = False) -> Dashboard:
    """With `unreported_target`, a task 3 for Hợp Châu alone (e-mail users ≥ 10, due
    31/12/2016), whose report waits for review: no official figure, so the official figures
    hold every verdict."""
    directive = DirectiveFactory(
        report_to=province.dic, code="36a/KH-UBND", reporting=["quarter"],
        title="Kế hoạch phát triển chính quyền điện tử",
    )  # fmt: skip
    online = RatioIndicatorFactory(code="DOCS_ONLINE", name="Tỷ lệ dịch vụ công trực tuyến")
    officers = IndicatorFactory(
        code="IT_OFFICERS", name="Cán bộ chuyên trách CNTT", kind="count", display_unit="người"
    )
    services = TaskFactory(
        directive=directive, number="1", title="Cung cấp dịch vụ công trực tuyến",
        due_on=dt.date(2016, 12, 31), position=1,
    )  # fmt: skip
    staff = TaskFactory(
        directive=directive, number="2", title="Bố trí cán bộ chuyên trách CNTT",
        due_on=dt.date(2017, 6, 30), position=2,
    )  # fmt: skip
    targets = {}
    for position, (code, share) in enumerate((("department", 90), ("district", 70),
                                               ("commune", 20))):  # fmt: skip
        TaskAssigneeFactory(task=services, unit=None, level=level(code))
        targets[code] = TargetFactory(
            task=services, indicator=online, value=Decimal(share), position=position,
            due_on=dt.date(2016, 12, 31), featured=True,
        )  # fmt: skip
        TargetScopeFactory(target=targets[code], level=level(code))
    targets["officers"] = TargetFactory(
        task=staff, indicator=officers, value=Decimal(1), judge=Target.Judge.EACH_UNIT,
        due_on=dt.date(2017, 6, 30),
    )  # fmt: skip
    for code in ("district", "commune"):
        TaskAssigneeFactory(task=staff, unit=None, level=level(code))
        TargetScopeFactory(target=targets["officers"], level=level(code))
    if unreported_target:
        email = TaskFactory(
            directive=directive, number="3", title="Sử dụng thư điện tử công vụ",
            due_on=dt.date(2016, 12, 31), position=3,
        )  # fmt: skip
        TaskAssigneeFactory(task=email, unit=province.other_commune)
        targets["email"] = TargetFactory(
            task=email, indicator=IndicatorFactory(
                code="EMAIL_USERS", name="Cán bộ dùng thư điện tử công vụ", kind="count",
                display_unit="người",
            ),
            value=Decimal(10), due_on=email.due_on,
        )  # fmt: skip
        TargetScopeFactory(target=targets["email"], unit=province.other_commune, level=None)
    period = PeriodFactory(
        kind="quarter", year=2016, number=4, starts_on=dt.date(2016, 9, 15),
        ends_on=dt.date(2016, 12, 31), due_on=dt.date(2017, 1, 5),
    )  # fmt: skip
    p = province
    reports = {  # unit: (figures, accepted?)
        p.dic: ({"DOCS_ONLINE": (95, 100)}, True),
        p.home_affairs: ({"DOCS_ONLINE": (80, 100)}, True),
        p.district: ({"DOCS_ONLINE": (60, 80), "IT_OFFICERS": 2}, True),
        p.other_district: ({"DOCS_ONLINE": (30, 40), "IT_OFFICERS": 1}, True),
        p.commune: ({"DOCS_ONLINE": (1, 10), "IT_OFFICERS": 0}, True),
        p.other_commune: ({"DOCS_ONLINE": (5, 10), "IT_OFFICERS": 1}, False),
    }
    if unreported_target:
        reports[p.other_commune][0]["EMAIL_USERS"] = 12
    submissions = {}
    for unit, (figures, accept) in reports.items():
        sent_on = "2017-01-10 09:00" if unit == p.other_district else "2017-01-03 09:00"
        with time_machine.travel(dt.datetime.fromisoformat(sent_on + "+07:00"), tick=False):
            submissions[unit.code] = send_report(directive, period, unit, figures, accept=accept)
    compliance_recompute(directive=directive, period=period)
    return Dashboard(directive, period, online, officers, targets, submissions)
