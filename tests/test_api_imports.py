"""POST /api/v1/units/import/ and /api/v1/directives/import/: multipart files through the same
all-or-nothing services as the commands, refused with every located problem; size, encoding,
permission and throttle limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from config.api import ImportRateThrottle
from directives.models import Directive
from tests.api_client import client_for
from tests.factories import user_with_role
from units.models import Role, Unit
from units.services import units_import

pytestmark = pytest.mark.django_db
DATA = Path(settings.BASE_DIR) / "data"
DIRECTIVE = DATA / "directives" / "vinh_phuc_chi_thi_ung_dung_cntt_2015.yaml"


@pytest.fixture
def provinces() -> None:
    for name in ("vinh_phuc.csv", "binh_thuan.csv"):
        units_import(data=(DATA / "units" / name).read_bytes())


@pytest.fixture
def reviewer(provinces) -> APIClient:
    return client_for(user_with_role(Role.REVIEWER, Unit.objects.get(code="VP")))


def upload(client: APIClient, what: str, content: bytes, name: str = "file.txt"):
    return client.post(
        f"/api/v1/{what}/import/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )


NEW_COMMUNE = (
    "code,name,parent,level,kind\nVP-VINHYEN-MOI,UBND phường Mới,VP-VINHYEN,commune,UBND phường\n"
).encode()


def test_a_reviewer_imports_units_and_gets_the_counts(reviewer) -> None:
    response = upload(reviewer, "units", NEW_COMMUNE, "units.csv")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert Unit.objects.get(code="VP-VINHYEN-MOI").parent.code == "VP-VINHYEN"
    again = upload(reviewer, "units", NEW_COMMUNE, "units.csv").json()
    assert again == {"created": 0, "updated": 0, "unchanged": 1}


def test_a_units_file_with_problems_is_refused_whole_with_line_numbers(reviewer) -> None:
    content = NEW_COMMUNE + b"VP-X,Sai,VP-KHONG-CO,commune,xa\n,,,,\nVP-Y,Sai cap,VP,hamlet,x\n"
    response = upload(reviewer, "units", content)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and {e["line"] for e in body["errors"]} >= {3, 5}
    assert all(e["message"] for e in body["errors"])
    assert not Unit.objects.filter(code="VP-VINHYEN-MOI").exists()


def test_units_of_another_province_are_refused_line_by_line(provinces) -> None:
    other = client_for(user_with_role(Role.REVIEWER, Unit.objects.get(code="BT")))
    response = upload(other, "units", NEW_COMMUNE + "VP-SNV,Sở Nội vụ,VP,department,sở\n".encode())
    assert response.status_code == 400
    assert {(e["line"], e["path"]) for e in response.json()["errors"]} == {
        (2, "parent"),
        (3, "code"),
        (3, "parent"),
    }
    assert not Unit.objects.filter(code="VP-VINHYEN-MOI").exists()


def test_only_a_superuser_adds_a_new_province(reviewer) -> None:
    content = b"code,name,parent,level,kind\nHN,UBND TP H\xc3\xa0 N\xe1\xbb\x99i,,province,x\n"
    assert upload(reviewer, "units", content).status_code == 400
    admin = client_for(user_with_role(Role.LEADER, Unit.objects.get(code="VP"), is_superuser=True))
    assert upload(admin, "units", content).status_code == 200
    assert Unit.objects.get(code="HN").name == "UBND TP Hà Nội"


@pytest.mark.parametrize("role", [Role.REPORTER, Role.UNIT_HEAD, Role.LEADER])
def test_only_reviewers_and_admins_import(provinces, role: str) -> None:
    client = client_for(user_with_role(role, Unit.objects.get(code="VP")))
    assert upload(client, "units", NEW_COMMUNE).status_code == 403
    assert upload(client, "directives", DIRECTIVE.read_bytes()).status_code == 403


def test_a_reviewer_imports_a_directive_and_again_changes_nothing(reviewer) -> None:
    first = upload(reviewer, "directives", DIRECTIVE.read_bytes(), DIRECTIVE.name)
    assert first.status_code == 201, first.json()
    directive = Directive.objects.get()
    assert first.json() == {"id": directive.pk, "code": "VP-CT-CNTT-2015", "changed": True}
    second = upload(reviewer, "directives", DIRECTIVE.read_bytes(), DIRECTIVE.name)
    assert second.json() == {"id": directive.pk, "code": "VP-CT-CNTT-2015", "changed": False}


def test_a_directive_file_with_problems_answers_every_error_with_its_line(reviewer) -> None:
    broken = DIRECTIVE.read_text().replace("report_to: VP-STTTT", "report_to: VP-KHONG-CO")
    broken = broken.replace("kind: directive", "kind: letter", 1)
    response = upload(reviewer, "directives", broken.encode())
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["path"] for e in errors} >= {"directive.report_to", "directive.kind"}
    assert all(isinstance(e["line"], int) for e in errors)
    assert not Directive.objects.exists()


def test_a_directive_of_another_province_is_refused(provinces) -> None:
    other = client_for(user_with_role(Role.REVIEWER, Unit.objects.get(code="BT")))
    response = upload(other, "directives", DIRECTIVE.read_bytes())
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["directive.report_to"]
    assert not Directive.objects.exists()


@pytest.mark.parametrize("what", ["units", "directives"])
def test_a_file_that_is_not_utf8_is_a_400_saying_so(reviewer, what: str) -> None:
    response = upload(reviewer, what, "code,name\nVP,Hà Nội\n".encode("utf-16"))
    assert response.status_code == 400
    assert "UTF-8" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("what", ["units", "directives"])
def test_an_oversize_file_is_a_400_on_the_file_field(reviewer, settings, what: str) -> None:
    settings.CHITIEU_MAX_IMPORT_BYTES = 100
    response = upload(reviewer, what, b"x" * 101)
    assert response.status_code == 400 and "100" in response.json()["file"][0]


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(reviewer, settings) -> None:
    settings.CHITIEU_MAX_IMPORT_BYTES = 100
    response = upload(reviewer, "units", b"x" * 200_000)
    assert response.status_code == 413 and response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "kind", "status"),
    [
        ({}, "multipart", 400),
        ({"file": "text, not a file"}, "multipart", 400),
        ({"file": "x"}, "json", 415),
    ],
)
def test_an_import_without_a_file_is_a_400(reviewer, body, kind, status) -> None:
    response = reviewer.post("/api/v1/units/import/", body, format=kind)
    assert response.status_code == status and response.json()


def test_imports_are_throttled_per_user(reviewer, monkeypatch) -> None:
    monkeypatch.setitem(ImportRateThrottle.THROTTLE_RATES, "imports", "2/hour")
    assert [upload(reviewer, "units", NEW_COMMUNE).status_code for _ in range(3)] == [200, 200, 429]
    throttled = upload(reviewer, "units", NEW_COMMUNE)
    assert throttled.json()["detail"] and int(throttled["Retry-After"]) > 0


def test_a_form_with_too_many_fields_is_a_json_400(reviewer, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = {f"f{n}": "x" for n in range(20)} | {"file": SimpleUploadedFile("u.csv", NEW_COMMUNE)}
    response = reviewer.post("/api/v1/units/import/", body, format="multipart")
    assert response.status_code == 400 and response.json()["detail"]
    assert not Unit.objects.filter(code="VP-VINHYEN-MOI").exists()
