"""POST /api/v1/exports/ answers 202 with an id; GET /api/v1/exports/{id}/ the status,
progress and download URL; the same permissions as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reports.exports.models import Export
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role, Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_export_is_accepted_then_read_until_its_file_is_ready(
    dash: Dashboard, province: Province, django_capture_on_commit_callbacks
) -> None:
    client = client_of(user_with_role(Role.REVIEWER, province.root))
    body = {"format": "xlsx", "period": dash.period.pk, "directive": dash.directive.pk,
            "unit": province.district.code}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/api/v1/exports/", body, format="json")
    assert response.status_code == 202
    assert (response.data["status"], response.data["progress"], response.data["download_url"]) == (
        "queued", 0, None,
    )  # fmt: skip
    export_id = response.data["id"]
    for callback in queued:
        callback()  # the worker's turn
    detail = client.get(f"/api/v1/exports/{export_id}/")
    assert detail.status_code == 200
    assert (detail.data["status"], detail.data["progress"], detail.data["unit"]) == (
        "done", 100, province.district.code,
    )  # fmt: skip
    assert detail.data["download_url"] == f"http://testserver/api/v1/exports/{export_id}/download/"
    download = client.get(detail.data["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_bad_requests_get_field_errors(dash: Dashboard, province: Province) -> None:
    client = client_of(user_with_role(Role.REVIEWER, province.root))
    response = client.post("/api/v1/exports/", {"format": "docx", "period": 0}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"format", "period", "directive"}
    missing = {"format": "pdf", "period": dash.period.pk, "directive": 999999}
    unknown = client.post("/api/v1/exports/", missing, format="json")
    assert unknown.status_code == 400 and set(unknown.data) == {"directive"}
    assert not Export.objects.exists()


def test_an_unknown_unit_and_one_the_caller_may_not_see_get_the_same_400(
    dash: Dashboard, province: Province
) -> None:
    body = {"format": "pdf", "period": dash.period.pk, "directive": dash.directive.pk}
    leader = client_of(user_with_role(Role.LEADER, province.district))
    unknown = leader.post("/api/v1/exports/", {**body, "unit": "KHONG-CO"}, format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {
        "unit": ["Không có đơn vị mã KHONG-CO, hoặc bạn không có quyền với đơn vị này."]
    }
    for code in (province.other_district.code, province.root.code):
        unseen = leader.post("/api/v1/exports/", {**body, "unit": code}, format="json")
        assert unseen.status_code == 400
        assert unseen.json() == {"unit": [unknown.json()["unit"][0].replace("KHONG-CO", code)]}
    assert not Export.objects.exists()
    own = leader.post("/api/v1/exports/", {**body, "unit": province.district.code}, format="json")
    assert own.status_code == 202 and own.json()["unit"] == province.district.code


def test_another_provinces_directive_reads_as_an_unknown_one(
    dash: Dashboard, province: Province, outsider: User
) -> None:
    other_officer = client_of(user_with_role(Role.REVIEWER, Unit.objects.get(code="BT")))
    body = {"format": "pdf", "period": dash.period.pk, "directive": dash.directive.pk}
    unseen = other_officer.post("/api/v1/exports/", body, format="json")
    assert unseen.status_code == 400 and set(unseen.json()) == {"directive"}
    assert str(dash.directive.pk) in unseen.json()["directive"][0]


def test_outsiders_can_neither_ask_nor_read(
    dash: Dashboard, province: Province, outsider: User, unit_user: User
) -> None:
    body = {"format": "pdf", "period": dash.period.pk, "directive": dash.directive.pk}
    assert client_of(outsider).post("/api/v1/exports/", body, format="json").status_code == 403
    assert client_of(unit_user).post("/api/v1/exports/", body, format="json").status_code == 403
    officer = client_of(user_with_role(Role.REVIEWER, province.root))
    export_id = officer.post("/api/v1/exports/", body, format="json").data["id"]
    assert client_of(outsider).get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert client_of(unit_user).get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert client_of(outsider).get(f"/api/v1/exports/{export_id}/download/").status_code == 404
    assert APIClient().get(f"/api/v1/exports/{export_id}/").status_code in (401, 403)
