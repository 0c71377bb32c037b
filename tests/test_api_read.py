"""The API's read side and opening periods: the contract's fields, the same visibility as
the portal for each role, and a 400 (never a 500) for bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from directives import selectors
from reports.periods.models import Period
from tests.api_client import client_for, everything
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    RatioIndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    api_token,
    level,
    user_with_role,
)
from units import permissions
from units.models import Role

pytestmark = pytest.mark.django_db


def test_anonymous_clients_are_refused(client) -> None:
    for url in ("/api/v1/units/", "/api/v1/directives/", "/api/v1/indicators/", "/api/v1/periods/"):
        assert APIClient().get(url).status_code in (401, 403)


def test_a_token_authenticates_a_script(province: Province) -> None:
    user = user_with_role(Role.REVIEWER, province.root)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    assert client.get("/api/v1/units/").status_code == 200


@pytest.mark.parametrize(
    ("role", "on"),
    [
        (Role.REPORTER, "district"),
        (Role.LEADER, "district"),
        (Role.REVIEWER, "root"),
        (Role.LEADER, "root"),
    ],
)
def test_each_role_sees_the_same_units_as_in_the_portal(
    province: Province, outsider, role, on
) -> None:
    user = user_with_role(role, getattr(province, on))
    codes = {row["code"] for row in everything(client_for(user), "/api/v1/units/")}
    assert codes == set(permissions.visible_units(user).values_list("code", flat=True))


def test_units_have_the_contract_fields_filters_and_a_404_for_unseen_codes(
    province: Province, outsider
) -> None:
    client = client_for(user_with_role(Role.LEADER, province.root))
    row = client.get("/api/v1/units/VP-VINHYEN-LIENBAO/").json()
    assert row == {
        "code": "VP-VINHYEN-LIENBAO",
        "name": "UBND phường Liên Bảo",
        "parent": "VP-VINHYEN",
        "level": "commune",
        "kind": "UBND phường",
        "active": True,
    }
    assert {r["code"] for r in client.get("/api/v1/units/?level=district").json()["results"]} == {
        "VP-VINHYEN",
        "VP-TAMDAO",
    }
    assert {r["code"] for r in client.get("/api/v1/units/?parent=VP-TAMDAO").json()["results"]} == {
        "VP-TAMDAO-HOPCHAU"
    }
    assert [r["code"] for r in client.get("/api/v1/units/?search=lien bao").json()["results"]] == [
        "VP-VINHYEN-LIENBAO"
    ]
    assert client.get("/api/v1/units/BT-VINHYEN/").status_code == 404


def test_directives_list_and_detail_follow_the_contract(province: Province, outsider) -> None:
    directive = DirectiveFactory(
        report_to=province.dic, code="886/QĐ-UBND", reporting=["quarter", "year"]
    )
    task = TaskFactory(directive=directive, number="I.11", due_on=dt.date(2015, 12, 31))
    TaskAssigneeFactory(task=task, unit=province.dic)
    TaskAssigneeFactory(task=task, unit=None, level=level("district"), role="support")
    target = TargetFactory(task=task, indicator=RatioIndicatorFactory(code="EMAIL_STAFF"))
    TargetScopeFactory(target=target)
    client = client_for(user_with_role(Role.REPORTER, province.commune))
    listed = client.get("/api/v1/directives/").json()["results"]
    assert [d["code"] for d in listed] == ["886/QĐ-UBND"]
    assert set(listed[0]) == {
        "id",
        "code",
        "kind",
        "title",
        "issuer",
        "issued_on",
        "effective_from",
        "effective_to",
        "reporting",
        "report_to",
    }
    detail = client.get(f"/api/v1/directives/{directive.pk}/").json()
    assert detail["report_to"] == "VP-STTTT" and detail["reporting"] == ["quarter", "year"]
    assert detail["tasks"][0]["number"] == "I.11" and detail["tasks"][0]["lead"] == ["VP-STTTT"]
    assert detail["tasks"][0]["support"] == ["@district"]
    assert detail["tasks"][0]["targets"][0] | {"id": 0} == {
        "id": 0,
        "indicator": "EMAIL_STAFF",
        "op": ">=",
        "value": "100.0000",
        "due": "2016-06-30",
        "scope": ["@district"],
        "judge": "pooled",
        "units_share": "100.00",
        "change_per_year": False,
    }
    assert client_for(outsider).get(f"/api/v1/directives/{directive.pk}/").status_code == 404
    assert [d["id"] for d in everything(client_for(outsider), "/api/v1/directives/")] == [
        d.pk for d in selectors.directive_list(user=outsider)
    ]


def test_the_directive_detail_costs_a_fixed_number_of_queries(
    province: Province, django_assert_max_num_queries
) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    for n in range(25):
        task = TaskFactory(directive=directive, number=f"{n}")
        TaskAssigneeFactory(task=task, unit=province.dic)
        TargetScopeFactory(target=TargetFactory(task=task))
    client = client_for(user_with_role(Role.LEADER, province.root))
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/directives/{directive.pk}/").json()["tasks"]) == 25


def test_indicators_have_the_contract_fields(province: Province, unit_user) -> None:
    RatioIndicatorFactory(code="DOCS_SIGNED")
    IndicatorFactory(code="ICT_RANK", kind="rank", higher_is_better=False, display_unit="")
    rows = {
        r["code"]: r for r in client_for(unit_user).get("/api/v1/indicators/").json()["results"]
    }
    assert (
        rows["DOCS_SIGNED"]["numerator"] == "Số văn bản ký số"
        and rows["DOCS_SIGNED"]["unit"] == "%"
    )
    assert rows["ICT_RANK"]["higher_is_better"] is False


def test_a_reviewer_opens_a_period_with_computed_dates_and_a_reporter_may_not(
    province: Province,
) -> None:
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    created = reviewer.post(
        "/api/v1/periods/", {"kind": "quarter", "year": 2026, "number": 1}, format="json"
    )
    assert created.status_code == 201
    assert created.json() | {"id": 0} == {
        "id": 0,
        "kind": "quarter",
        "year": 2026,
        "number": 1,
        "starts_on": "2025-12-15",
        "ends_on": "2026-03-14",
        "due_on": "2026-03-17",
        "status": "open",
    }
    reporter = client_for(user_with_role(Role.REPORTER, province.district))
    assert (
        reporter.post("/api/v1/periods/", {"kind": "year", "year": 2026}, format="json").status_code
        == 403
    )
    assert reporter.get("/api/v1/periods/").json()["count"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "week", "year": 2026},
        {"kind": "quarter", "year": 2026, "number": 5},
        {"kind": "quarter", "year": "abc"},
        {},
        {"kind": "month", "year": 2026, "number": 13},
    ],
)
def test_bad_period_input_is_a_400_with_a_message(province: Province, body: dict) -> None:
    response = client_for(user_with_role(Role.REVIEWER, province.root)).post(
        "/api/v1/periods/", body, format="json"
    )
    assert response.status_code == 400 and response.json()
    assert not Period.objects.exists()


def test_malformed_json_is_a_400(province: Province) -> None:
    client = client_for(user_with_role(Role.REVIEWER, province.root))
    response = client.post("/api/v1/periods/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_the_schema_is_valid_openapi_and_the_docs_need_no_cdn(client, unit_user) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    client.force_login(unit_user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs and "cdn" not in docs.lower()
