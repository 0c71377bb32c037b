"""A unit's calendar of duties: on the home page and as an iCalendar feed at a secret URL."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from notifications.models import CalendarFeed
from notifications.services import calendar_feed_for
from tests.conftest import Province
from tests.factories import sent, user_with_role
from tests.reports.submissions.board_fixtures import VN, at
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tenth_of_june_2016():
    with time_machine.travel(dt.datetime(2016, 6, 10, 8, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def setup(province: Province) -> Setup:
    return district_directive(province, quarter=2)  # report due 17/06; signatures due 30/06


@pytest.fixture
def reporter(province: Province) -> User:
    return user_with_role(Role.REPORTER, province.district)


def events(client: Client, user: User) -> list[tuple[dt.date, str]]:
    response = client.get(
        reverse("notifications:calendar_feed", args=[calendar_feed_for(user=user).token])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return [(e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")]


def test_the_feed_lists_the_units_report_and_task_due_dates(
    client: Client, setup: Setup, reporter: User
) -> None:
    assert events(client, reporter) == [
        (
            dt.date(2016, 6, 17),
            "Hạn báo cáo 886/KH-UBND, Quý II năm 2016 — UBND thành phố Vĩnh Yên",
        ),
        # The recurring e-mail task is due with the quarter's report.
        (dt.date(2016, 6, 17), "Hạn nhiệm vụ 2 (886/KH-UBND) — UBND thành phố Vĩnh Yên"),
        (dt.date(2016, 6, 30), "Hạn nhiệm vụ 1 (886/KH-UBND) — UBND thành phố Vĩnh Yên"),
    ]


def test_a_sent_report_leaves_the_calendar(
    client: Client, setup: Setup, province: Province, reporter: User
) -> None:
    sent(unit=province.district, period=setup.period, directive=setup.directive, submitted_at=at(dt.date(2016, 6, 9)))  # fmt: skip
    assert [summary for _, summary in events(client, reporter) if "báo cáo" in summary] == []


def test_the_home_page_shows_the_upcoming_due_dates(
    client: Client, setup: Setup, reporter: User
) -> None:
    client.force_login(reporter)
    html = client.get(reverse("home")).content.decode()
    assert "17/06/2016" in html and "30/06/2016" in html
    assert "Hạn nhiệm vụ 1 (886/KH-UBND)" in html


def test_regenerating_the_address_cuts_off_the_old_one(client: Client, reporter: User) -> None:
    client.force_login(reporter)
    page = client.get(reverse("notifications:calendar")).content.decode()
    old = CalendarFeed.objects.get(user=reporter).token
    assert old in page
    client.post(reverse("notifications:calendar_regenerate"))
    new = CalendarFeed.objects.get(user=reporter).token
    assert new != old
    client.logout()
    assert client.get(reverse("notifications:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("notifications:calendar_feed", args=[new])).status_code == 200


def test_an_unknown_token_or_an_inactive_user_gets_404(client: Client, reporter: User) -> None:
    token = calendar_feed_for(user=reporter).token
    assert client.get(reverse("notifications:calendar_feed", args=["doan-bua"])).status_code == 404
    reporter.is_active = False
    reporter.save()
    assert client.get(reverse("notifications:calendar_feed", args=[token])).status_code == 404


def test_the_calendar_page_needs_a_login_and_regenerating_needs_post(
    client: Client, reporter: User
) -> None:
    assert client.get(reverse("notifications:calendar")).status_code == 302
    client.force_login(reporter)
    assert client.get(reverse("notifications:calendar_regenerate")).status_code == 405


def test_the_home_page_costs_the_same_queries_however_many_tasks(
    client: Client, setup: Setup, reporter: User, django_assert_num_queries
) -> None:
    from tests.factories import TaskAssigneeFactory, TaskFactory

    client.force_login(reporter)
    client.get(reverse("home"))
    # 26: the reporter's provinces and the periods each has open are 3 of them; the home
    # page's next actions 1; the units' names on the tasks' days 1; which directives expect
    # the reporter's units, 2 for all directives (his units' province is known by then).
    with django_assert_num_queries(26) as first:
        client.get(reverse("home"))
    for n in range(10):
        task = TaskFactory(
            directive=setup.directive, number=f"3.{n}", due_on=dt.date(2016, 7, n + 1)
        )
        TaskAssigneeFactory(task=task, unit=reporter.memberships.get().unit)
    with django_assert_num_queries(len(first)):
        html = client.get(reverse("home")).content.decode()
    assert "Hạn nhiệm vụ 3.9 (886/KH-UBND)" in html
