"""The weekly digest: one per recipient per week, with what each role follows."""

from __future__ import annotations

import datetime as dt

import pytest

from notifications import tasks
from notifications.digests import newly_missed_targets
from notifications.models import Kind, Notification
from tests.conftest import Province
from tests.factories import MembershipFactory, sent, user_with_role
from tests.notifications.reminder_helpers import run_through
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.submissions.board_fixtures import at
from tests.reports.submissions.reporting_fixtures import district_directive
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
        "0 chỉ tiêu đến hạn trong tuần mà không đạt.",
        "3 nhiệm vụ quá hạn chưa hoàn thành.",
    ]
    assert bodies[district_leader][1] == "2 nhiệm vụ quá hạn chưa hoàn thành."


def leader_digests(day: dt.date) -> dict:
    run_through([day], tasks.send_weekly_digests)
    return {
        n.user: n.body.splitlines()[0] for n in Notification.objects.filter(created_at__date=day)
    }


def test_a_leader_counts_the_targets_of_the_subtree_that_came_due_in_the_week_unmet(
    province: Province,
) -> None:
    # tests/reports/dashboard_fixtures.py: Q4/2016 official figures; three targets due
    # 31/12/2016. Province: departments 87,5% < 90 and communes 10% < 20 missed, districts 75%
    # met. Vĩnh Yên's subtree: no department (no data), the city 75% met, Liên Bảo 10% missed.
    build_dashboard(province)
    province_leader = user_with_role(Role.LEADER, province.root)
    district_leader = user_with_role(Role.LEADER, province.district)
    commune_and_district = user_with_role(Role.LEADER, province.commune)
    MembershipFactory(user=commune_and_district, unit=province.district, role=Role.LEADER)

    digests = leader_digests(dt.date(2017, 1, 2))  # the week 27/12/2016–02/01/2017

    assert digests[province_leader] == "2 chỉ tiêu đến hạn trong tuần mà không đạt."
    assert digests[district_leader] == "1 chỉ tiêu đến hạn trong tuần mà không đạt."
    # Leading a commune inside the district led as well: the district's figure, once.
    assert digests[commune_and_district] == "1 chỉ tiêu đến hạn trong tuần mà không đạt."


def test_last_months_misses_are_not_counted_again_however_often_recomputed(
    province: Province,
) -> None:
    from reports.compliance.services import compliance_recompute

    setup = build_dashboard(province)
    leader = user_with_role(Role.LEADER, province.root)
    assert newly_missed_targets(user=leader, today=dt.date(2017, 1, 2)) == 2

    compliance_recompute(directive=setup.directive, period=setup.period)  # the nightly run
    assert newly_missed_targets(user=leader, today=dt.date(2017, 1, 9)) == 0
    assert leader_digests(dt.date(2017, 2, 6)) == {
        leader: "0 chỉ tiêu đến hạn trong tuần mà không đạt."
    }


def test_a_target_on_track_in_the_latest_figures_is_missed_once_its_due_date_passes(
    province: Province,
) -> None:
    # IT officers (each unit ≥ 1, due 30/06/2017), latest figures Q4/2016: 2 of 4 units
    # province-wide, 1 of 2 in Vĩnh Yên's subtree (Liên Bảo has none): on track then, not met
    # by its due date. Sở Nội vụ reports no officers (no data for its subtree).
    build_dashboard(province)
    province_leader = user_with_role(Role.LEADER, province.root)
    district_leader = user_with_role(Role.LEADER, province.district)
    department_leader = user_with_role(Role.LEADER, province.home_affairs)

    assert newly_missed_targets(user=province_leader, today=dt.date(2017, 7, 3)) == 1
    assert newly_missed_targets(user=district_leader, today=dt.date(2017, 7, 3)) == 1
    assert newly_missed_targets(user=department_leader, today=dt.date(2017, 7, 3)) == 0
    # …whose own department target (80% < 90%) came due on 31/12/2016.
    assert newly_missed_targets(user=department_leader, today=dt.date(2017, 1, 2)) == 1
    assert newly_missed_targets(user=province_leader, today=dt.date(2017, 6, 29)) == 0
