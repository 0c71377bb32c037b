"""The dashboards of an old period name each unit as on the period's last day; restated, as
on the day restated onto (Sở Thông tin và Truyền thông, renamed on 1/7/2025)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.restate_fixtures import NEW_NAME as NEW
from tests.reports.compliance.restate_fixtures import OLD_NAME as OLD
from tests.reports.compliance.restate_fixtures import Merger
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["heatmap", "ranking", "units"])
def test_an_old_periods_pages_show_the_old_name_and_restated_ones_the_new(
    renamed: Merger, province: Province, page: str
) -> None:
    leader = Client()
    leader.force_login(user_with_role(Role.LEADER, province.root))
    args = [renamed.directive.pk] + ([renamed.pooled.pk] if page == "units" else [])
    url = reverse(f"reports:dashboard_{page}", args=args)

    def tables(**query: str) -> str:  # the header names the portal's owner, not a unit
        return "".join(leader.get(url, query).content.decode().split("<table")[1:])

    historic = tables()
    assert OLD in historic and NEW not in historic
    restated = tables(structure="current")  # onto today
    assert NEW in restated and OLD not in restated
    before = tables(structure="current", on="2025-06-30")
    assert OLD in before and NEW not in before
