"""The weekly digest: one per recipient per week, with what each role follows."""

from __future__ import annotations

import datetime as dt

import pytest

from notifications import tasks
from notifications.models import Kind, Notification
from tests.conftest import Province
from tests.directives.board_fixtures import at
from tests.factories import sent, user_with_role
from tests.notifications.test_reminders import run_through
from tests.reports.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db
MONDAY_20_JUNE, TUESDAY = dt.date(2016, 6, 20), dt.date(2016, 6, 21)


def test_a_dic_officer_gets_late_units_and_reports_awaiting_review_once_a_week(
    province: Province,
) -> None:
    setup = district_directive(province, quarter=2)  # due 17/06/2016
    sent(unit=province.district, period=setup.period, directive=setup.directive, submitted_at=at(dt.date(2016, 6, 16)))  # fmt: skip
    officer = user_with_role(Role.REVIEWER, province.root)
    user_with_role(Role.REVIEWER, province.district)  # not on the root: no digest
    user_with_role(Role.REPORTER, province.district)

    run_through([MONDAY_20_JUNE, MONDAY_20_JUNE, TUESDAY], tasks.send_weekly_digests)

    digest = Notification.objects.get()
    assert (digest.user, digest.kind) == (officer, Kind.WEEKLY_DIGEST)
    assert digest.title == "Tổng hợp tuần 25/2016"
    assert digest.body.splitlines() == [
        "1 báo cáo quá hạn chưa gửi:",
        "  - UBND huyện Tam Đảo: 1",
        "1 báo cáo đang chờ thẩm định.",
    ]
    run_through([dt.date(2016, 6, 27)], tasks.send_weekly_digests)
    assert Notification.objects.count() == 2


def test_a_leader_gets_overdue_tasks_of_the_subtree(province: Province) -> None:
    district_directive(province, quarter=2)
    province_leader = user_with_role(Role.LEADER, province.root)
    district_leader = user_with_role(Role.LEADER, province.district)

    run_through([dt.date(2016, 7, 4)], tasks.send_weekly_digests)

    bodies = {n.user: n.body.splitlines() for n in Notification.objects.all()}
    # Digital signatures (due 30/06) for both districts; the recurring e-mail task, which
    # Vĩnh Yên supports, had no Q2 report by 17/06.
    assert bodies[province_leader] == [
        "0 chỉ tiêu được đánh giá không đạt trong tuần.",
        "3 nhiệm vụ quá hạn chưa hoàn thành.",
    ]
    assert bodies[district_leader][1] == "2 nhiệm vụ quá hạn chưa hoàn thành."
