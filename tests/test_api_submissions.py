"""Reports through the API: the same services and rules as the form, answered in JSON."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reports.submissions.models import Submission
from tests.api_client import TASKS, VALUES, client_for, start
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(province: Province):
    return district_directive(province)


@pytest.fixture
def head(province: Province) -> APIClient:
    return client_for(user_with_role(Role.UNIT_HEAD, province.district))


def test_a_whole_report_goes_through_the_api(province: Province, setup, head) -> None:
    draft = start(head, setup)
    assert (draft["status"], draft["version"], draft["unit"]) == ("draft", 1, "VP-VINHYEN")
    assert start(head, setup)["id"] == draft["id"]  # starting again returns the same draft
    url = f"/api/v1/submissions/{draft['id']}/"
    saved = head.patch(url, {"version": 1, "values": VALUES, "task_updates": TASKS}, format="json")
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    signed = next(v for v in body["values"] if v["indicator"] == "DOCS_SIGNED")
    assert (body["version"], signed["value"]) == (2, "75.0000")
    assert head.post(url + "submit/", {}, format="json").json()["status"] == "submitted"
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    assert (
        reviewer.post(url + "return/", {}, format="json").status_code == 400
    )  # a comment is required
    assert (
        reviewer.post(url + "return/", {"comment": "Bổ sung minh chứng"}, format="json").json()[
            "status"
        ]
        == "returned"
    )
    head.patch(
        url, {"version": 3, "values": [{"indicator": "IT_OFFICERS", "value": 3}]}, format="json"
    )
    assert head.post(url + "submit/", {}, format="json").status_code == 200
    accepted = reviewer.post(url + "accept/", format="json").json()
    assert accepted["status"] == "accepted" and accepted["reviewed_at"]
    read_only = head.patch(url, {"version": 5, "values": VALUES}, format="json")
    assert read_only.status_code == 400 and "tiếp nhận" in read_only.json()["detail"]


def test_a_stale_version_is_a_409_and_nothing_changes(setup, head) -> None:
    draft = start(head, setup)
    url = f"/api/v1/submissions/{draft['id']}/"
    head.patch(url, {"version": 1, "values": VALUES}, format="json")
    stale = head.patch(
        url, {"version": 1, "values": [{"indicator": "IT_OFFICERS", "value": 9}]}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["version"] == 2
    assert Submission.objects.get().values.get(indicator__code="IT_OFFICERS").value == 2


@pytest.mark.parametrize(
    ("values", "where"),
    [
        (
            [{"indicator": "DOCS_SIGNED", "numerator": 61, "denominator": 60}],
            ("DOCS_SIGNED", "numerator"),
        ),
        ([{"indicator": "IT_OFFICERS", "value": -1}], ("IT_OFFICERS", "value")),
        ([{"indicator": "UNKNOWN", "value": 1}], ("UNKNOWN", "value")),
    ],
)
def test_bad_figures_are_a_400_with_field_messages(setup, head, values, where) -> None:
    draft = start(head, setup)
    response = head.patch(
        f"/api/v1/submissions/{draft['id']}/", {"version": 1, "values": values}, format="json"
    )
    assert response.status_code == 400
    indicator, part = where
    assert response.json()["values"][indicator][part]


@pytest.mark.parametrize(
    "body",
    [
        {"version": "x"},
        {"values": VALUES},
        {"version": 1, "values": [{"value": 1}]},
        {"version": 1, "values": [{"indicator": "IT_OFFICERS", "value": "nhiều"}]},
        {"version": 1, "task_updates": [{"task": "1", "status": "done"}]},
        [],
    ],
)
def test_malformed_bodies_are_a_400_never_a_500(setup, head, body) -> None:
    draft = start(head, setup)
    assert head.patch(f"/api/v1/submissions/{draft['id']}/", body, format="json").status_code == 400


def test_an_incomplete_report_is_not_submitted(setup, head) -> None:
    draft = start(head, setup)
    response = head.post(f"/api/v1/submissions/{draft['id']}/submit/", {}, format="json")
    assert response.status_code == 400 and "DOCS_SIGNED" in response.json()["values"]


def test_others_cannot_start_see_or_change_the_report(
    province: Province, setup, head, outsider
) -> None:
    draft = start(head, setup)
    url = f"/api/v1/submissions/{draft['id']}/"
    other = client_for(user_with_role(Role.UNIT_HEAD, province.other_district))
    assert other.get(url).status_code == 404 and client_for(outsider).get(url).status_code == 404
    assert other.post("/api/v1/submissions/", {"unit": "VP-VINHYEN", "period": setup.period.pk,
                                               "directive": setup.directive.pk}, format="json").status_code == 400  # fmt: skip
    leader = client_for(user_with_role(Role.LEADER, province.root))
    assert leader.get(url).status_code == 200
    assert leader.patch(url, {"version": 1, "values": VALUES}, format="json").status_code == 403
    assert leader.post(url + "accept/", format="json").status_code == 403
    assert [s["id"] for s in other.get("/api/v1/submissions/").json()["results"]] == []


def test_unknown_or_unseen_references_in_the_body_are_a_400_per_field(
    province: Province, setup, head, outsider
) -> None:
    body = {"unit": "KHONG-CO", "period": 999999, "directive": 999999}
    answer = head.post("/api/v1/submissions/", body, format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "unit": ["Không có đơn vị mã KHONG-CO, hoặc bạn không có quyền với đơn vị này."],
        "period": ["Không có kỳ báo cáo (id 999999)."],
        "directive": ["Không có văn bản (id 999999), hoặc bạn không có quyền với văn bản này."],
    }
    # Another province's directive reads as one that does not exist.
    own = {"unit": "BT-VINHYEN", "period": setup.period.pk, "directive": setup.directive.pk}
    unseen = client_for(outsider).post("/api/v1/submissions/", own, format="json")
    assert unseen.status_code == 400 and set(unseen.json()) == {"directive"}
    assert not Submission.objects.exists()
    # The same in the list's filter: an unseen directive is no empty list but an unknown one.
    listed = client_for(outsider).get("/api/v1/submissions/", {"directive": setup.directive.pk})
    missing = client_for(outsider).get("/api/v1/submissions/", {"directive": 999999})
    assert (listed.status_code, listed.json()) == (400, missing.json())
    assert head.get("/api/v1/submissions/", {"directive": setup.directive.pk}).status_code == 200


def test_a_report_says_which_indicators_and_tasks_its_unit_must_report(setup, head) -> None:
    expected = start(head, setup)["expected"]
    assert {(i["code"], i["kind"]) for i in expected["indicators"]} == {
        ("DOCS_SIGNED", "ratio"),
        ("IT_OFFICERS", "count"),
    }
    assert {t["number"] for t in expected["tasks"]} == {"1", "2"}


def test_each_district_is_expected_only_its_own_tasks(province: Province, setup) -> None:
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    other_head = client_for(user_with_role(Role.UNIT_HEAD, province.other_district))
    other = start(other_head, setup, "VP-TAMDAO")
    expected = reviewer.get(f"/api/v1/submissions/{other['id']}/").json()["expected"]
    assert [t["number"] for t in expected["tasks"]] == ["1"]  # task 2 is the other district's
