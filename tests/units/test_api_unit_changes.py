"""POST /api/v1/units/changes/import/: the unit-changes file through the API, with the units
import's permission (reviewers and admins of every unit it touches; provinces: superusers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import Province
from tests.factories import UnitFactory, UserFactory, level, user_with_role
from units.models import Role, Unit, UnitEvent
from units.services import unit_rename

pytestmark = pytest.mark.django_db
URL = "/api/v1/units/changes/import/"
RENAME = b"""format: chitieu/unit-changes@1
changes:
  - date: 2025-07-01
    kind: rename
    document: "1234/QD-UBND"
    unit: VP-STTTT
    name: "So Khoa hoc va Cong nghe"
"""


def post(user, content: bytes):
    client = APIClient()
    client.force_authenticate(user)
    upload = SimpleUploadedFile("changes.yaml", content)
    return client.post(URL, {"file": upload}, format="multipart")


def test_a_reviewer_applies_a_file_and_again_changes_nothing(province: Province) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    first = post(reviewer, RENAME)
    assert (first.status_code, first.json()) == (201, {"changed": True, "changes": 1})
    assert Unit.objects.get(code="VP-STTTT").name == "So Khoa hoc va Cong nghe"
    assert UnitEvent.objects.get().recorded_by == reviewer
    second = post(reviewer, RENAME)
    assert (second.status_code, second.json()) == (201, {"changed": False, "changes": 0})


def test_a_file_with_problems_answers_400_with_every_error_located(province: Province) -> None:
    broken = RENAME.replace(b"VP-STTTT", b"VP-KHONGCO").replace(b"2025-07-01", b"2025-13-01")
    response = post(user_with_role(Role.REVIEWER, province.root), broken)
    assert response.status_code == 400
    assert [(e["line"], e["path"]) for e in response.json()["errors"]] == [
        (3, "changes[0].date")
    ]  # an unreadable change is not looked further into
    assert UnitEvent.objects.count() == 0


@pytest.mark.parametrize("role", [Role.REPORTER, Role.UNIT_HEAD, Role.LEADER])
def test_only_reviewers_and_admins_apply_changes(province: Province, role: str) -> None:
    assert post(user_with_role(role, province.root), RENAME).status_code == 403
    assert UnitEvent.objects.count() == 0


def test_a_reviewer_of_a_district_cannot_change_a_unit_outside_it(province: Province) -> None:
    response = post(user_with_role(Role.REVIEWER, province.district), RENAME)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "changes[0]", "line": 3, "message": "bạn không quản lý đơn vị VP-STTTT"}
    ]


def test_only_a_superuser_changes_a_province_itself(province: Province) -> None:
    rename_root = RENAME.replace(b"unit: VP-STTTT", b"unit: VP")
    response = post(user_with_role(Role.ADMIN, province.root), rename_root)
    assert response.status_code == 400
    assert "VP" in response.json()["errors"][0]["message"]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert post(superuser, rename_root).status_code == 201
    assert UnitEvent.objects.get().effective_on == dt.date(2025, 7, 1)


def test_a_unit_is_answered_under_the_name_it_had_on_a_given_day(province: Province) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    post(reviewer, RENAME)
    client = APIClient()
    client.force_authenticate(reviewer)
    url = "/api/v1/units/VP-STTTT/"
    assert client.get(url).json()["name"] == "So Khoa hoc va Cong nghe"
    assert client.get(url, {"on": "2025-06-30"}).json()["name"] == "Sở Thông tin và Truyền thông"
    assert client.get(url, {"on": "2025-07-01"}).json()["name"] == "So Khoa hoc va Cong nghe"
    refused = client.get(url, {"on": "30/06/2025"})
    assert refused.status_code == 400 and "on" in refused.json()


def test_the_list_names_every_unit_as_on_a_given_day_in_a_fixed_number_of_queries(
    province: Province,
) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    post(reviewer, RENAME)
    client = APIClient()
    client.force_authenticate(reviewer)

    def names(**query: str) -> dict[str, str]:
        rows = client.get("/api/v1/units/", {"page_size": 100, **query}).json()["results"]
        return {row["code"]: row["name"] for row in rows}

    assert names()["VP-STTTT"] == "So Khoa hoc va Cong nghe"
    assert names(on="2025-07-01")["VP-STTTT"] == "So Khoa hoc va Cong nghe"
    with CaptureQueriesContext(connection) as few:
        then = names(on="2025-06-30")
    assert then["VP-STTTT"] == "Sở Thông tin và Truyền thông"
    assert then["VP-SNV"] == "Sở Nội vụ"
    for n in range(5):
        unit = UnitFactory(code=f"VP-S{n}", name=f"Sở {n}", parent=province.root,
                           level=level("department"))  # fmt: skip
        unit_rename(unit=unit, new_name=f"Sở mới {n}", effective_on=dt.date(2025, 7, 1),
                    legal_document="QĐ 1", by=None)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        then = names(on="2025-06-30")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert then["VP-S3"] == "Sở 3" and names()["VP-S3"] == "Sở mới 3"
    refused = client.get("/api/v1/units/", {"on": "30/06/2025"})
    assert refused.status_code == 400 and "on" in refused.json()
