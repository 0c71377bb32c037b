"""My reports costs the same queries for a person reporting for 3 units or for 30 (issue 16,
item 3): a deadline-day first page must not grow with the units."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from reports.submissions.services import submission_start
from tests.conftest import Province
from tests.factories import MembershipFactory, UnitFactory, UserFactory, level
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2016, 6, 10, 3, 0, tzinfo=dt.UTC))
def test_my_reports_costs_the_same_queries_for_3_and_30_units(
    client: Client, province: Province, django_assert_max_num_queries
) -> None:
    setup = district_directive(province)
    user = UserFactory()
    client.force_login(user)

    def add(count: int) -> None:
        for _ in range(count):
            unit = UnitFactory(parent=province.root, level=level("district"))
            MembershipFactory(user=user, unit=unit, role=Role.REPORTER)
            if unit.pk % 2:  # half of them started
                submission_start(unit=unit, period=setup.period, directive=setup.directive, by=user)

    add(3)
    client.get(reverse("reports:my_reports"))
    with django_assert_max_num_queries(20) as small:
        page = client.get(reverse("reports:my_reports")).content.decode()
    assert page.count("<tr>") == 1 + 3  # the header and a row per unit
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("reports:my_reports")).content.decode()
    assert page.count("<tr>") == 1 + 30
