"""The home page per role: next actions with counts equal to the data, each a link to the
list behind it, late reports among the due dates, and no empty "Báo cáo của tôi"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives.deadlines import Status
from reports.submissions.task_board import BoardFilters, task_board
from tests.conftest import Province
from tests.factories import SubmissionFactory, UnitFactory, level, sent, user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.submissions.board_fixtures import VN, q3_plan
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role, User
from units.services import unit_rename

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=VN), tick=False)


def home(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def action(html: str, kind: str) -> tuple[int, str, str]:
    """(count, link, text) of the page's next action of a kind."""
    found = re.search(
        rf'<a class="card action-{kind}" href="([^"]*)" data-count="(\d+)">(.*?)</a>', html, re.S
    )
    assert found, kind
    return int(found[2]), found[1].replace("&amp;", "&"), found[3]


def test_a_reporter_sees_the_report_to_send_with_the_days_left(
    client: Client, province: Province
) -> None:
    district_directive(province, quarter=2)  # report due 17/06/2016
    with on(dt.date(2016, 6, 10)):
        html = home(client, user_with_role(Role.REPORTER, province.district))
    count, url, text = action(html, "send")
    assert (count, url) == (1, reverse("reports:my_reports"))
    assert "1 báo cáo cần gửi" in text and "hạn gần nhất còn 7 ngày" in text
    assert "còn 7 ngày" in html[html.index("Sắp đến hạn") :]
    assert 'href="/reports/"' in html  # "Báo cáo của tôi" in the menu


def test_a_late_report_stays_among_the_due_dates_marked_late(
    client: Client, province: Province
) -> None:
    district_directive(province, quarter=2)
    with on(dt.date(2016, 6, 20)):
        html = home(client, user_with_role(Role.REPORTER, province.district))
    assert "1 báo cáo đã quá hạn" in action(html, "send")[2]
    due = html[html.index("Sắp đến hạn") :]
    assert "Hạn báo cáo 886/KH-UBND, Quý II năm 2016" in due and "trễ 3 ngày" in due


def test_a_reviewer_sees_the_reports_waiting_and_no_report_of_their_own(
    client: Client, province: Province
) -> None:
    setup = district_directive(province, quarter=2)
    for unit in (province.district, province.other_district):
        sent(unit=unit, period=setup.period, directive=setup.directive)
    SubmissionFactory(unit=province.commune, period=setup.period, directive=setup.directive)
    html = home(client, user_with_role(Role.REVIEWER, province.root))
    count, url, text = action(html, "review")
    assert (count, url) == (2, reverse("reports:review_queue")) and "2 báo cáo chờ" in text
    assert 'href="/reports/"' not in html and 'class="card action-send"' not in html


def test_a_leader_sees_the_targets_missed_in_their_area_as_on_the_targets_page(
    client: Client, province: Province
) -> None:
    dash = build_dashboard(province)  # official: departments and communes missed
    html = home(client, user_with_role(Role.LEADER, province.root))
    count, url, text = action(html, "missed")
    assert count == 2 and "2 chỉ tiêu không đạt" in text and "36a/KH-UBND" in text
    assert url.startswith(reverse("reports:dashboard_targets", args=[dash.directive.pk]))
    targets = client.get(url).content.decode()
    assert targets.count('<tr class="row-missed">') == count
    assert '<tr class="row-met">' not in targets  # the link lists the missed ones only
    district = home(Client(), user_with_role(Role.LEADER, province.district))
    assert action(district, "missed")[0] == 1  # Liên Bảo's 10% against 20%


def test_a_leader_whose_area_missed_nothing_gets_no_card_for_it(
    client: Client, province: Province
) -> None:
    build_dashboard(province)  # Tam Đảo: 75% against 70%, its officer on track
    html = home(client, user_with_role(Role.LEADER, province.other_district))
    assert 'class="card action-missed"' not in html and "chỉ tiêu không đạt" not in html


def test_the_overdue_tasks_count_is_the_boards_and_links_to_it(
    client: Client, province: Province
) -> None:
    q3_plan(province)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    with on(dt.date(2016, 10, 1)):
        html = home(client, reviewer)
        board = task_board(user=reviewer, filters=BoardFilters(status=Status.OVERDUE))
        count, url, text = action(html, "overdue")
        assert count == len(board) == 3 and "chậm nhất 93 ngày" in text
        listed = client.get(url).content.decode()
    assert "3 phân công nhiệm vụ" in listed


def test_the_home_page_costs_the_same_queries_however_many_reports_and_units(
    client: Client, province: Province
) -> None:
    setup = district_directive(province, quarter=2)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    client.force_login(reviewer)
    with on(dt.date(2016, 6, 20)):
        client.get(HOME)
        with CaptureQueriesContext(connection) as before:
            client.get(HOME)
        for n in range(5):
            unit = UnitFactory(code=f"VP-H{n}", parent=province.root, level=level("district"))
            sent(unit=unit, period=setup.period, directive=setup.directive)
        with CaptureQueriesContext(connection) as after:
            html = client.get(HOME).content.decode()
    assert len(after) == len(before) > 10  # the page's reads are counted
    assert action(html, "review")[0] == 5


def test_the_targets_missed_name_the_area_as_on_their_period(
    client: Client, province: Province
) -> None:
    build_dashboard(province)
    unit_rename(unit=province.root, new_name="UBND tỉnh Phú Thọ", effective_on=dt.date(2025, 7, 1),
                legal_document="NQ 1", by=None)  # fmt: skip
    text = action(home(client, user_with_role(Role.LEADER, province.root)), "missed")[2]
    assert "UBND tỉnh Vĩnh Phúc" in text and "Phú Thọ" not in text
