"""The plain rules judging a task assignment as of a day (no database)."""

from __future__ import annotations

import datetime as dt

from directives.deadlines import (
    DeadlineChange,
    Reported,
    Status,
    deadline_in_force,
    judge,
    judge_period,
)

# Kế hoạch 36a, "Ứng dụng chữ ký số … phải được thực hiện trước tháng 7/2016": due 30/06/2016.
DUE_07_2016 = dt.date(2016, 6, 30)
# Quarter windows under Decree 09/2019: Q2/2016 is 15/03–14/06, Q3/2016 is 15/06–14/09.
Q2_ENDS, Q3_ENDS = dt.date(2016, 6, 14), dt.date(2016, 9, 14)


def report(status: str, window_ends_on: dt.date, sent_on: dt.date, completed_on=None) -> Reported:
    return Reported(status, completed_on, window_ends_on, sent_on, submission_id=1)


def test_a_task_due_07_2016_reported_done_in_q3_2016_is_done_late() -> None:
    reports = [
        report("in_progress", Q2_ENDS, dt.date(2016, 6, 16)),
        report("done_on_time", Q3_ENDS, dt.date(2016, 9, 16)),
    ]
    judged = judge(deadline=DUE_07_2016, reports=reports, as_of=dt.date(2016, 10, 1))
    assert judged.status == Status.DONE_LATE
    # No completion date given: done by the end of the Q3 window, 14/09/2016, 76 days late.
    assert judged.done_on == Q3_ENDS
    assert judged.days_late == 76


def test_a_completion_date_inside_the_deadline_makes_it_done_on_time() -> None:
    reports = [
        report("done_late", Q3_ENDS, dt.date(2016, 9, 16), completed_on=dt.date(2016, 6, 28))
    ]
    judged = judge(deadline=DUE_07_2016, reports=reports, as_of=dt.date(2016, 10, 1))
    assert judged.status == Status.DONE_ON_TIME
    assert judged.done_on == dt.date(2016, 6, 28)


def test_a_task_reported_in_progress_is_overdue_the_day_after_its_deadline() -> None:
    reports = [report("in_progress", Q2_ENDS, dt.date(2016, 6, 16))]
    on_the_day = judge(deadline=DUE_07_2016, reports=reports, as_of=DUE_07_2016)
    assert on_the_day.status == Status.IN_PROGRESS
    assert on_the_day.due_soon
    day_after = judge(deadline=DUE_07_2016, reports=reports, as_of=dt.date(2016, 7, 1))
    assert (day_after.status, day_after.days_late) == (Status.OVERDUE, 1)


def test_due_soon_starts_the_configured_number_of_days_before_the_deadline() -> None:
    eight_before = judge(deadline=DUE_07_2016, reports=[], as_of=dt.date(2016, 6, 22))
    seven_before = judge(deadline=DUE_07_2016, reports=[], as_of=dt.date(2016, 6, 23))
    assert (eight_before.status, eight_before.due_soon) == (Status.NOT_STARTED, False)
    assert (seven_before.status, seven_before.due_soon) == (Status.NOT_STARTED, True)
    wider = judge(deadline=DUE_07_2016, reports=[], as_of=dt.date(2016, 6, 10), due_soon_days=20)
    assert wider.due_soon


def test_reports_sent_after_the_day_judged_are_not_known_yet() -> None:
    reports = [report("done_on_time", Q2_ENDS, dt.date(2016, 6, 16))]
    before = judge(deadline=DUE_07_2016, reports=reports, as_of=dt.date(2016, 6, 15))
    after = judge(deadline=DUE_07_2016, reports=reports, as_of=dt.date(2016, 6, 16))
    assert before.status == Status.NOT_STARTED
    assert after.status == Status.DONE_ON_TIME


def test_a_recurring_task_is_judged_on_the_period_report_due_date() -> None:
    due = dt.date(2016, 9, 16)  # Q3/2016 report
    in_time = [report("in_progress", Q3_ENDS, dt.date(2016, 9, 15))]
    late = [report("in_progress", Q3_ENDS, dt.date(2016, 9, 20))]
    as_of = dt.date(2016, 9, 30)
    judged = judge_period(report_due_on=due, reports=in_time, as_of=as_of)
    assert (judged.status, judged.days_late) == (Status.IN_PROGRESS, 0)
    # Reported, but 4 days after the report was due: the lateness stops at the report.
    judged = judge_period(report_due_on=due, reports=late, as_of=as_of)
    assert (judged.status, judged.days_late) == (Status.IN_PROGRESS, 4)
    silent = judge_period(report_due_on=due, reports=[], as_of=as_of)
    assert (silent.status, silent.days_late) == (Status.OVERDUE, 14)
    assert judge_period(report_due_on=due, reports=[], as_of=due).status == Status.NOT_STARTED
    not_started = [report("not_started", Q3_ENDS, dt.date(2016, 9, 15))]
    assert (
        judge_period(report_due_on=due, reports=not_started, as_of=as_of).status == Status.OVERDUE
    )


def test_a_recurring_task_done_for_the_period_is_late_when_its_report_was_late() -> None:
    due = dt.date(2016, 9, 16)
    reports = [report("done_on_time", Q3_ENDS, dt.date(2016, 9, 19))]
    judged = judge_period(report_due_on=due, reports=reports, as_of=dt.date(2016, 9, 30))
    assert (judged.status, judged.days_late) == (Status.DONE_LATE, 3)


def test_the_deadline_in_force_is_the_latest_change_approved_by_the_day() -> None:
    for_all = DeadlineChange(None, dt.date(2016, 9, 30), approved_on=dt.date(2016, 6, 20), order=1)
    for_unit = DeadlineChange(7, dt.date(2016, 12, 31), approved_on=dt.date(2016, 8, 1), order=2)
    changes = [for_all, for_unit]
    kwargs = {"original": DUE_07_2016, "changes": changes}
    assert deadline_in_force(**kwargs, unit_id=7, as_of=dt.date(2016, 6, 19)) == DUE_07_2016
    assert deadline_in_force(**kwargs, unit_id=7, as_of=dt.date(2016, 7, 1)) == dt.date(2016, 9, 30)
    assert deadline_in_force(**kwargs, unit_id=7, as_of=dt.date(2016, 8, 1)) == dt.date(
        2016, 12, 31
    )
    assert deadline_in_force(**kwargs, unit_id=8, as_of=dt.date(2016, 8, 1)) == dt.date(2016, 9, 30)
