"""What schemathesis found, kept as plain tests: every answer under /api/ is JSON and within the
schema, and bad input is a 400 (or 404/409/415) with a message, never a 500."""

from __future__ import annotations

import pytest

from tests.api_client import client_for, start
from tests.conftest import Province
from tests.factories import DirectiveFactory, TaskFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(province: Province):
    return client_for(user_with_role(Role.LEADER, province.root))


@pytest.mark.parametrize(
    "url", ["/api/v1/directives/1.5/", "/api/v1/nothing-here/", "/api/v1/periods/2.5/"]
)
def test_an_address_no_route_matches_is_a_json_404(leader, url: str) -> None:
    response = leader.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json()["detail"]


def test_pages_outside_the_api_keep_the_html_404(client, unit_user) -> None:
    client.force_login(unit_user)
    response = client.get("/nothing-here/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_province_root_has_a_null_parent(province: Province, leader) -> None:
    assert leader.get("/api/v1/units/VP/").json()["parent"] is None


def test_a_task_without_a_due_date_has_a_null_due(province: Province, leader) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    TaskFactory(directive=directive, number="1", due_on=None)
    assert leader.get(f"/api/v1/directives/{directive.pk}/").json()["tasks"][0]["due"] is None


@pytest.mark.parametrize("given", ["maybe", "null", "1"])
def test_a_boolean_filter_refuses_anything_but_true_or_false(leader, given: str) -> None:
    response = leader.get(f"/api/v1/units/?active={given}")
    assert response.status_code == 400 and response.json()["active"]


def test_an_empty_filter_means_no_filter(province: Province, leader) -> None:
    assert leader.get("/api/v1/units/?active=&level=").json()["count"] == 7


def test_a_page_past_the_end_is_a_404(leader) -> None:
    assert leader.get("/api/v1/units/?page=99").status_code == 404


@pytest.mark.parametrize("query", ["page=false&page=", "page=1&page=2", "page_size=5&page_size=9"])
def test_a_page_or_page_size_given_twice_is_a_400(leader, query: str) -> None:
    response = leader.get(f"/api/v1/units/?{query}")
    name = query.split("=")[0]
    assert response.status_code == 400
    assert response.json() == {name: ["Chỉ được gửi một giá trị."]}
    assert leader.get(f"/api/v1/units/?{name}=1").status_code == 200


def test_an_empty_page_is_a_400_not_page_one(leader) -> None:
    response = leader.get("/api/v1/units/?page=")
    assert response.status_code == 400
    assert response.json() == {"page": ["Phải là số nguyên dương."]}


def test_writes_take_json_only(province: Province, leader) -> None:
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    response = reviewer.post("/api/v1/periods/", {"kind": "year", "year": 2026})  # multipart
    assert response.status_code == 415 and response.json()["detail"]


def test_a_body_that_is_not_utf8_is_a_400(province: Province) -> None:
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    body = b'{"kind": "year", "year": 2026, "note": "H\xe0 N\xf4i"}'  # Latin-1, not UTF-8
    response = reviewer.post("/api/v1/periods/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


def test_submit_takes_an_optional_whole_version(province: Province) -> None:
    setup = district_directive(province)
    head = client_for(user_with_role(Role.UNIT_HEAD, province.district))
    url = f"/api/v1/submissions/{start(head, setup)['id']}/submit/"
    assert head.post(url, {"version": "x"}, format="json").json()["version"]
    stale = head.post(url, {"version": 7}, format="json")
    assert stale.status_code == 409 and stale.json()["version"] == 1
    assert head.post(url, [], format="json").status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/units/?search=a%00b", "/api/v1/directives/?search=%00",
                                 "/api/v1/indicators/?search=x%00"])  # fmt: skip
def test_a_nul_character_in_a_search_is_a_400(leader, url: str) -> None:
    response = leader.get(url)  # PostgreSQL would refuse the query: a 500 before the fix
    assert response.status_code == 400 and response.json()["search"]
