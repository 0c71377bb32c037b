"""The seed case on the real seed file: Kế hoạch 36a Vĩnh Phúc on the task board.

The file has no task due in 07/2016: its dated tasks (III.2.c, III.4.c, III.5.b) are all due
31/12/2016. III.2.c is used ("Chủ trì kết nối liên thông phần mềm quản lý văn bản …", led by
Sở Thông tin và Truyền thông, supported by Văn phòng UBND tỉnh, the departments and the
districts). Quarters follow Nghị định 09/2019 (a report's window runs from the 15th of the month
before the quarter to the 14th of its last month), so 31/12/2016 lies in Q1/2017's window
(15/12/2016–14/03/2017), and a report saying "done" without a date is taken as done on its
window's last day. Statuses hand-computed as of 01/07/2017:

| unit        | report (sent)          | says                    | done on    | status            |
|-------------|------------------------|-------------------------|------------|-------------------|
| VP-VINHYEN  | Q4/2016 (16/12/2016)   | done                    | 14/12/2016 | on time           |
| VP-SNV      | Q1/2017 (15/03/2017)   | done on 20/12/2016      | 20/12/2016 | on time           |
| VP-BINHXUYEN| Q1/2017 (15/03/2017)   | done on 10/01/2017      | 10/01/2017 | late, 10 days     |
| VP-STTTT    | Q1/2017 (15/03/2017)   | done                    | 14/03/2017 | late, 73 days     |
| VP-LAPTHACH | Q2/2017 (16/06/2017)   | done                    | 14/06/2017 | late, 165 days    |
| VP-VPUBND   | Q4/2016 (16/12/2016)   | in progress, then none  | —          | overdue, 182 days |

(31/12/2016 → 14/03/2017: 31 + 28 + 14 = 73 days; → 14/06/2017: 73 + 17 + 30 + 31 + 14 = 165;
→ 01/07/2017: 165 + 17 = 182.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from directives.deadlines import Status
from directives.models import Directive, Task
from directives.services import directive_import
from reports.periods.models import Period
from reports.periods.services import period_open
from reports.submissions.models import TaskUpdate
from reports.submissions.task_board import BoardFilters, task_board
from tests.factories import sent, user_with_role
from tests.reports.submissions.board_fixtures import at
from units.models import Role, Unit
from units.services import units_import

pytestmark = pytest.mark.django_db
DATA = Path(settings.BASE_DIR) / "data"
DUE = dt.date(2016, 12, 31)
AS_OF = dt.date(2017, 7, 1)


def quarter(year: int, number: int, window: tuple[dt.date, dt.date]) -> Period:
    period = period_open(kind="quarter", year=year, number=number)
    assert (period.starts_on, period.ends_on) == window  # the windows the table assumes
    return period


def report(task: Task, code: str, period: Period, sent_on: dt.date, status: str,
           completed_on: dt.date | None = None) -> None:  # fmt: skip
    submission = sent(
        unit=Unit.objects.get(code=code), period=period, directive=task.directive,
        submitted_at=at(sent_on),
    )  # fmt: skip
    TaskUpdate.objects.create(
        submission=submission, task=task, status=status, completed_on=completed_on
    )


def test_the_36a_task_due_at_the_end_of_2016_is_judged_on_time_or_late_by_its_dates() -> None:
    units_import(data=(DATA / "units" / "vinh_phuc.csv").read_bytes())
    directive_import(
        data=(DATA / "directives" / "vinh_phuc_ke_hoach_36a_chinh_phu_dien_tu.yaml").read_bytes()
    )
    directive = Directive.objects.get(code="VP-KH-36A-2016")
    task = directive.tasks.get(number="III.2.c")
    assert task.due_on == DUE
    q4 = quarter(2016, 4, (dt.date(2016, 9, 15), dt.date(2016, 12, 14)))
    q1 = quarter(2017, 1, (dt.date(2016, 12, 15), dt.date(2017, 3, 14)))
    q2 = quarter(2017, 2, (dt.date(2017, 3, 15), dt.date(2017, 6, 14)))
    report(task, "VP-VINHYEN", q4, dt.date(2016, 12, 16), "done_on_time")
    report(task, "VP-SNV", q1, dt.date(2017, 3, 15), "done_on_time", dt.date(2016, 12, 20))
    report(task, "VP-BINHXUYEN", q1, dt.date(2017, 3, 15), "done_on_time", dt.date(2017, 1, 10))
    report(task, "VP-STTTT", q1, dt.date(2017, 3, 15), "done_on_time")
    report(task, "VP-LAPTHACH", q2, dt.date(2017, 6, 16), "done_on_time")
    report(task, "VP-VPUBND", q4, dt.date(2016, 12, 16), "in_progress")
    officer = user_with_role(Role.REVIEWER, Unit.objects.get(code="VP"))

    rows = task_board(user=officer, filters=BoardFilters(directive=directive), as_of=AS_OF)

    judged = {
        r.unit.code: (r.judgement.status, r.judgement.done_on, r.judgement.days_late)
        for r in rows
        if r.task == task
    }
    assert judged["VP-VINHYEN"] == (Status.DONE_ON_TIME, dt.date(2016, 12, 14), 0)
    assert judged["VP-SNV"] == (Status.DONE_ON_TIME, dt.date(2016, 12, 20), 0)
    assert judged["VP-BINHXUYEN"] == (Status.DONE_LATE, dt.date(2017, 1, 10), 10)
    assert judged["VP-STTTT"] == (Status.DONE_LATE, dt.date(2017, 3, 14), 73)
    assert judged["VP-LAPTHACH"] == (Status.DONE_LATE, dt.date(2017, 6, 14), 165)
    assert judged["VP-VPUBND"] == (Status.OVERDUE, None, 182)
    # Every other assigned unit (departments and districts) never reported: overdue as well.
    silent = {code: j for code, j in judged.items() if code not in {
        "VP-VINHYEN", "VP-SNV", "VP-BINHXUYEN", "VP-STTTT", "VP-LAPTHACH", "VP-VPUBND"}}  # fmt: skip
    assert silent and set(silent.values()) == {(Status.OVERDUE, None, 182)}
    # Before the deadline, the unit that reported "in progress" was doing what it should.
    before = task_board(
        user=officer, filters=BoardFilters(directive=directive), as_of=dt.date(2016, 12, 20)
    )
    vpubnd = next(r for r in before if r.task == task and r.unit.code == "VP-VPUBND")
    assert vpubnd.judgement.status == Status.IN_PROGRESS
