"""GET /api/v1/dashboard/compliance/: the hand-computed figures, a subtree for unit=CODE,
the caller's own part of the province by default, refusals and a fixed query count."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from reports.compliance.services import compliance_recompute
from tests.conftest import Province, make_province
from tests.factories import UnitFactory, level, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard, send_report
from units.models import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/dashboard/compliance/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


def by_target(body: dict) -> dict[str, tuple]:
    return {
        f"{t['indicator']}{t['op']}{D(t['target']).normalize():f}": (
            t["value"], t["met"], t["status"], t["units_expected"], t["units_reported"],
            t["units_met"],
        )
        for t in body["targets"]
    }  # fmt: skip


def test_a_dic_officer_reads_the_provinces_figures(dash: Dashboard, province: Province) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    answer = client_for(officer).get(
        URL, {"period": dash.period.pk, "directive": dash.directive.pk}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert by_target(body) == {
        "DOCS_ONLINE>=90": ("87.500000", False, "missed", 2, 2, 1),
        "DOCS_ONLINE>=70": ("75.000000", True, "met", 2, 2, 2),
        "DOCS_ONLINE>=20": ("10.000000", False, "missed", 2, 1, 0),
        "IT_OFFICERS>=1": ("50.000000", False, "on_track", 4, 3, 2),
    }
    assert body["unit"] == "VP"
    assert body["completeness"] == {
        "units_expected": 6, "units_reported": 6, "units_accepted": 5, "on_time": 5, "late": 1,
    }  # fmt: skip
    first = body["targets"][0]
    assert (first["task"], first["scope"], first["judge"], first["due"]) == (
        "1", ["@department"], "pooled", "2016-12-31",
    )  # fmt: skip


def test_unit_restricts_every_figure_to_its_subtree(dash: Dashboard, province: Province) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    body = (
        client_for(officer)
        .get(URL, {"period": dash.period.pk, "directive": dash.directive.pk, "unit": "VP-VINHYEN"})
        .json()
    )
    assert by_target(body)["DOCS_ONLINE>=20"] == ("10.000000", False, "missed", 1, 1, 0)
    assert by_target(body)["DOCS_ONLINE>=70"] == ("75.000000", True, "met", 1, 1, 1)
    assert body["completeness"]["units_expected"] == 2


def test_a_district_leader_gets_their_district_and_nothing_wider(
    dash: Dashboard, province: Province
) -> None:
    leader = client_for(user_with_role(Role.LEADER, province.district))
    query = {"period": dash.period.pk, "directive": dash.directive.pk}
    assert leader.get(URL, query).json()["unit"] == "VP-VINHYEN"
    # A unit the leader may not see is answered exactly as a unit that does not exist.
    unknown = leader.get(URL, {**query, "unit": "KHONG-CO"})
    assert unknown.status_code == 400 and set(unknown.json()) == {"unit"}
    for code in ("VP", "VP-TAMDAO"):
        unseen = leader.get(URL, {**query, "unit": code})
        assert unseen.status_code == 400
        assert unseen.json() == {"unit": [unknown.json()["unit"][0].replace("KHONG-CO", code)]}


def test_unknown_or_unseen_ids_and_codes_are_a_400_with_a_field_message(
    dash: Dashboard, province: Province
) -> None:
    officer = client_for(user_with_role(Role.REVIEWER, province.root))
    query = {"period": dash.period.pk, "directive": dash.directive.pk}
    answer = officer.get(URL, {**query, "period": 999999})
    assert answer.status_code == 400
    assert answer.json() == {"period": ["Không có kỳ báo cáo (id 999999)."]}
    answer = officer.get(URL, {**query, "unit": "KHONG-CO"})
    assert answer.status_code == 400
    assert answer.json() == {
        "unit": ["Không có đơn vị mã KHONG-CO, hoặc bạn không có quyền với đơn vị này."]
    }
    other = make_province("BT", "Bình Thuận")
    assert officer.get(URL, {**query, "unit": other.root.code}).json().keys() == {"unit"}
    # Another province's DIC officer learns nothing about this directive, not even that it exists.
    stranger = client_for(user_with_role(Role.REVIEWER, other.root))
    unseen = stranger.get(URL, query)
    missing = stranger.get(URL, {**query, "directive": 999999})
    assert (unseen.status_code, missing.status_code) == (400, 400)
    assert unseen.json()["directive"][0] == missing.json()["directive"][0].replace(
        "999999", str(dash.directive.pk)
    )


def test_provisional_figures_add_the_reports_awaiting_review(
    dash: Dashboard, province: Province
) -> None:
    officer = client_for(user_with_role(Role.REVIEWER, province.root))
    query = {"period": dash.period.pk, "directive": dash.directive.pk}
    official = officer.get(URL, {**query, "basis": "official"}).json()
    assert official == officer.get(URL, query).json()
    answer = officer.get(URL, {**query, "basis": "provisional"})
    assert answer.status_code == 200
    provisional = answer.json()
    assert (official["basis"], provisional["basis"]) == ("official", "provisional")
    # Hợp Châu's report (5/10, 1 officer) waits for review: counted provisionally only.
    assert by_target(official)["DOCS_ONLINE>=20"][:3] == ("10.000000", False, "missed")
    assert by_target(provisional)["DOCS_ONLINE>=20"][:3] == ("30.000000", True, "met")
    assert by_target(official)["IT_OFFICERS>=1"][5] == 2
    assert by_target(provisional)["IT_OFFICERS>=1"][5] == 3


def test_an_unknown_basis_is_a_400_in_vietnamese(dash: Dashboard, province: Province) -> None:
    officer = client_for(user_with_role(Role.REVIEWER, province.root))
    query = {"period": dash.period.pk, "directive": dash.directive.pk}
    answer = officer.get(URL, {**query, "basis": "tam-tinh"})
    assert answer.status_code == 400
    assert answer.json() == {
        "basis": ["Cơ sở số liệu không hợp lệ: chọn official (chính thức) hoặc provisional "
                  "(tạm tính)."]
    }  # fmt: skip


def test_refusals_are_4xx_never_5xx(dash: Dashboard, province: Province) -> None:
    officer = client_for(user_with_role(Role.REVIEWER, province.root))
    assert officer.get(URL, {"period": "abc", "directive": 1}).status_code == 400
    assert officer.get(URL, {"directive": dash.directive.pk}).status_code == 400
    query = {"period": dash.period.pk, "directive": dash.directive.pk}
    assert APIClient().get(URL, query).status_code in (401, 403)


def test_the_query_count_does_not_grow_with_units(dash: Dashboard, province: Province) -> None:
    officer = client_for(user_with_role(Role.REVIEWER, province.root))
    query = {"period": dash.period.pk, "directive": dash.directive.pk, "unit": "VP-VINHYEN"}

    def queries() -> int:
        cache.clear()  # what computing the answer costs, not reading it from the cache
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(URL, query).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first request also warms per-process caches
    before = queries()
    assert before > 5  # the request's queries are counted
    for n in range(5):
        commune = UnitFactory(code=f"VP-VINHYEN-X{n}", parent=province.district,
                              level=level("commune"))  # fmt: skip
        send_report(dash.directive, dash.period, commune, {"DOCS_ONLINE": (n, 10),
                                                            "IT_OFFICERS": 1})  # fmt: skip
    compliance_recompute(directive=dash.directive, period=dash.period)
    assert queries() == before
    body = officer.get(URL, query).json()
    assert body["completeness"]["units_expected"] == 7
