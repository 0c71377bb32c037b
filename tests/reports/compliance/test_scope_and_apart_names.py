"""The scope stamp and the units not restated are named as on the period's dates: the province's
root was renamed on 1/7/2025, Sở Nội vụ renamed on 1/1/2020 and abolished on 1/7/2025
(restate_fixtures.build_renamed_history). A Q4/2016 page says "Phạm vi: UBND tỉnh Vĩnh Phúc";
restated onto today, "Phạm vi: UBND tỉnh Phú Thọ"; Sở Nội vụ, left apart, keeps its 2016 name
on the pages and in the compliance API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from reports.compliance.services import compliance_recompute
from tests.conftest import Province
from tests.factories import UnitFactory, level, user_with_role
from tests.reports.compliance.dashboard_fixtures import send_report
from tests.reports.compliance.restate_fixtures import (
    DOCUMENT,
    HOME_LATER,
    HOME_THEN,
    MERGED_ON,
    NEW_ROOT,
    OLD_ROOT,
    Merger,
    build_renamed_history,
)
from units.models import Role
from units.services import unit_abolish, unit_rename

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(province: Province) -> Merger:
    return build_renamed_history(province)


@pytest.fixture
def leader(province: Province) -> Client:
    client = Client()
    client.force_login(user_with_role(Role.LEADER, province.root))
    return client


def page(leader: Client, history: Merger, name: str, **query: str) -> str:
    args = [history.directive.pk] + ([history.pooled.pk] if name == "units" else [])
    return leader.get(reverse(f"reports:dashboard_{name}", args=args), query).content.decode()


@pytest.mark.parametrize("name", ["targets", "heatmap", "ranking", "trends", "units"])
def test_every_dashboard_stamps_its_scope_as_named_on_the_period_or_the_day_restated_onto(
    history: Merger, leader: Client, name: str
) -> None:
    assert f"Phạm vi: {OLD_ROOT}" in page(leader, history, name)
    assert f"Phạm vi: {NEW_ROOT}" in page(leader, history, name, structure="current")
    before = page(leader, history, name, structure="current", on="2025-06-30")
    assert f"Phạm vi: {OLD_ROOT}" in before


def test_the_overview_stamps_each_directive_as_on_its_period(
    history: Merger, leader: Client
) -> None:
    url = reverse("reports:dashboard")
    historic = leader.get(url).content.decode()
    assert f"Phạm vi: {OLD_ROOT}" in historic and f"Phạm vi: {NEW_ROOT}" not in historic
    restated = leader.get(url, {"structure": "current"}).content.decode()
    assert f"Phạm vi: {NEW_ROOT}" in restated and f"Phạm vi: {OLD_ROOT}" not in restated


@pytest.mark.parametrize("name", ["targets", "heatmap", "units"])
def test_a_unit_not_restated_is_listed_under_its_name_in_the_period(
    history: Merger, leader: Client, name: str
) -> None:
    html = page(leader, history, name, structure="current")
    apart = html.split('<ul class="not-restated">')[1].split("</ul>")[0]
    assert f"{HOME_THEN} (VP-SNV)" in apart and HOME_LATER not in apart


def test_the_overview_lists_a_unit_not_restated_under_its_name_in_the_period(
    history: Merger, leader: Client
) -> None:
    html = leader.get(reverse("reports:dashboard"), {"structure": "current"}).content.decode()
    assert f"Đơn vị không quy đổi được: {HOME_THEN} (" in html and HOME_LATER not in html


def api(province: Province, history: Merger, **query: str) -> dict:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    query = {"directive": history.directive.pk, "period": history.period.pk, **query}
    answer = client.get("/api/v1/dashboard/compliance/", query)
    assert answer.status_code == 200, answer.data
    return answer.json()


def test_the_compliance_api_names_a_unit_not_restated_as_in_the_period(
    province: Province, history: Merger
) -> None:
    assert api(province, history)["not_restated"] == []
    assert api(province, history, structure="current")["not_restated"] == [
        {"unit": "VP-SNV", "name": HOME_THEN, "reason": "Đã giải thể, không có đơn vị kế thừa"}
    ]


def test_the_units_apart_are_named_in_a_fixed_number_of_queries(
    province: Province, history: Merger
) -> None:
    with CaptureQueriesContext(connection) as few:
        api(province, history, structure="current")
    for n in range(4):  # more departments reported, renamed since, then abolished
        unit = UnitFactory(code=f"VP-S{n}", name=f"Sở {n}", parent=province.root,
                           level=level("department"))  # fmt: skip
        send_report(history.directive, history.period, unit, {"DOCS_ONLINE": (90, 100)})
        unit_rename(unit=unit, new_name=f"Sở mới {n}", effective_on=MERGED_ON.replace(2020),
                    legal_document=DOCUMENT, by=None)  # fmt: skip
        unit_abolish(unit=unit, effective_on=MERGED_ON, legal_document=DOCUMENT, by=None)
    compliance_recompute(directive=history.directive, period=history.period)
    with CaptureQueriesContext(connection) as many:
        body = api(province, history, structure="current")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert {u["name"] for u in body["not_restated"]} == {HOME_THEN, "Sở 0", "Sở 1", "Sở 2", "Sở 3"}


def test_choosing_another_indicator_on_the_trends_page_keeps_the_structure(
    history: Merger, leader: Client
) -> None:
    form = page(leader, history, "trends", structure="current", on="2025-07-01")
    form = form.split('<form method="get" class="filters compact">')[1].split("</form>")[0]
    assert '<input type="hidden" name="structure" value="current">' in form
    assert '<input type="hidden" name="on" value="2025-07-01">' in form
    assert (
        'name="structure"'
        not in page(leader, history, "trends")
        .split('<form method="get" class="filters compact">')[1]
        .split("</form>")[0]
    )
