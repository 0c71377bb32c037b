"""The task board selector: assignments expanded, judged as of a day, visible by subtree."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.deadlines import Status
from directives.services import task_deadline_change
from reports.periods.models import Period
from reports.submissions.task_board import BoardFilters, task_board
from tests.conftest import Province
from tests.factories import UnitFactory, level, user_with_role
from tests.reports.submissions.board_fixtures import q3_plan, report_tasks
from units.models import Role

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2016, 10, 1)


def statuses(rows) -> list[tuple[str, str, str, int]]:
    return [(r.task.number, r.unit.code, r.judgement.status, r.judgement.days_late) for r in rows]


def test_the_seed_case_done_in_q3_is_done_late_and_the_silent_district_is_overdue_first(
    province: Province,
) -> None:
    setup = q3_plan(province)
    report = report_tasks(
        setup,
        province.district,
        dt.date(2016, 9, 16),
        signatures="done_on_time",
        email="in_progress",
    )
    reviewer = user_with_role(Role.REVIEWER, province.root)

    rows = task_board(user=reviewer, filters=BoardFilters(), as_of=AS_OF)

    # 30/06 → 01/10/2016 is 93 days; done by the end of the Q3 window (14/09) is 76 days late;
    # Tam Đảo never reported. The district's e-mail task (recurring) is judged on Q3's report.
    assert statuses(rows) == [
        ("1", "VP-TAMDAO", Status.OVERDUE, 93),
        ("2", "VP-VINHYEN", Status.IN_PROGRESS, 0),
        ("1", "VP-VINHYEN", Status.DONE_LATE, 76),
    ]
    assert rows[1].period == setup.period
    assert [link.submission_id for link in rows[2].reports] == [report.pk]


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original(
    province: Province,
) -> None:
    setup = q3_plan(province)
    report_tasks(setup, province.district, dt.date(2016, 9, 16), signatures="done_on_time")
    task_deadline_change(
        task=setup.digital_signatures,
        unit=province.district,
        new_due_on=dt.date(2016, 9, 30),
        document_number="1234/UBND-CN",
        document_date=dt.date(2016, 7, 15),
        by=None,
    )
    reviewer = user_with_role(Role.REVIEWER, province.root)

    rows = task_board(user=reviewer, filters=BoardFilters(level=level("district")), as_of=AS_OF)

    by_unit = {r.unit.code: r for r in rows if r.task.number == "1"}
    district = by_unit["VP-VINHYEN"]
    assert district.judgement.status == Status.DONE_ON_TIME
    assert (district.judgement.deadline, district.original_due_on) == (
        dt.date(2016, 9, 30),
        dt.date(2016, 6, 30),
    )
    assert district.extended
    assert by_unit["VP-TAMDAO"].judgement.deadline == dt.date(2016, 6, 30)
    # Before the approving document, the original deadline was in force.
    earlier = task_board(user=reviewer, filters=BoardFilters(), as_of=dt.date(2016, 7, 14))
    assert {r.judgement.deadline for r in earlier if r.task.number == "1"} == {dt.date(2016, 6, 30)}


def test_a_leader_of_a_district_sees_only_the_assignments_of_that_district(
    province: Province,
) -> None:
    q3_plan(province)
    leader = user_with_role(Role.LEADER, province.district)
    rows = task_board(user=leader, filters=BoardFilters(), as_of=AS_OF)
    assert {r.unit.code for r in rows} == {"VP-VINHYEN"}


def test_reviewers_of_another_province_see_nothing_of_this_one(
    province: Province, outsider
) -> None:
    q3_plan(province)
    other_reviewer = user_with_role(Role.REVIEWER, outsider.memberships.get().unit.parent)
    assert task_board(user=other_reviewer, filters=BoardFilters(), as_of=AS_OF) == []


def test_filters_by_status_due_month_and_unit_subtree(province: Province) -> None:
    setup = q3_plan(province)
    report_tasks(setup, province.district, dt.date(2016, 9, 16), signatures="done_on_time")
    reviewer = user_with_role(Role.REVIEWER, province.root)

    def numbers(**filters):
        rows = task_board(user=reviewer, filters=BoardFilters(**filters), as_of=AS_OF)
        return [(r.task.number, r.unit.code) for r in rows]

    # The district's report said nothing of the recurring e-mail task: overdue for Q3 too.
    assert numbers(status=Status.OVERDUE) == [("1", "VP-TAMDAO"), ("2", "VP-VINHYEN")]
    assert numbers(status=Status.DONE_LATE) == [("1", "VP-VINHYEN")]
    assert numbers(due_month=dt.date(2016, 6, 1)) == [("1", "VP-TAMDAO"), ("1", "VP-VINHYEN")]
    assert numbers(due_month=dt.date(2016, 7, 1)) == []
    assert numbers(unit=province.other_district) == [("1", "VP-TAMDAO")]


def test_due_soon_shows_assignments_within_the_configured_days(province: Province) -> None:
    q3_plan(province)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    soon = BoardFilters(status="due_soon")
    assert task_board(user=reviewer, filters=soon, as_of=dt.date(2016, 6, 22)) == []
    rows = task_board(user=reviewer, filters=soon, as_of=dt.date(2016, 6, 23))
    assert {(r.task.number, r.unit.code) for r in rows} == {("1", "VP-VINHYEN"), ("1", "VP-TAMDAO")}
    wider = task_board(user=reviewer, filters=soon, as_of=dt.date(2016, 6, 1), due_soon_days=30)
    assert len(wider) == 2


def test_the_board_costs_the_same_queries_for_one_assignment_or_many(
    province: Province, django_assert_num_queries
) -> None:
    setup = q3_plan(province)
    report_tasks(setup, province.district, dt.date(2016, 9, 16), signatures="done_on_time")
    reviewer = user_with_role(Role.REVIEWER, province.root)
    # Memberships, the user's provinces, units, tasks, assignees, deadline changes, task
    # updates, periods, holidays, the units' names on the rows' days.
    with django_assert_num_queries(10):
        task_board(user=reviewer, filters=BoardFilters(), as_of=AS_OF)
    for n in range(5):
        district = UnitFactory(code=f"VP-H{n}", parent=province.root, level=level("district"))
        report_tasks(
            setup, district, dt.date(2016, 9, 20), signatures="in_progress", email="done_on_time"
        )
    Period.objects.create(
        kind="quarter", year=2016, number=4, starts_on=dt.date(2016, 9, 15),
        ends_on=dt.date(2016, 12, 14), due_on=dt.date(2016, 12, 16),
    )  # fmt: skip
    reviewer = user_with_role(Role.REVIEWER, province.root)
    with django_assert_num_queries(10):
        rows = task_board(user=reviewer, filters=BoardFilters(), as_of=AS_OF)
    assert len(rows) == 8


def test_a_recurring_task_is_not_judged_years_late_on_a_period_long_gone(
    province: Province,
) -> None:
    setup = q3_plan(province)  # the last quarter ever opened: window 15/06–14/09/2016
    reviewer = user_with_role(Role.REVIEWER, province.root)

    def recurring(as_of: dt.date) -> list[tuple[str, int]]:
        rows = task_board(user=reviewer, filters=BoardFilters(), as_of=as_of)
        return [(r.judgement.status, r.judgement.days_late) for r in rows if r.period]

    # While the next quarter runs, Q3 is still the occurrence its report answers for.
    assert recurring(dt.date(2016, 12, 14)) == [(Status.OVERDUE, (dt.date(2016, 12, 14)
                                                 - setup.period.due_on).days)]  # fmt: skip
    # Three years on, no occurrence is open: no "chậm 1.000 ngày" counted from 2016.
    assert recurring(dt.date(2019, 12, 16)) == []
