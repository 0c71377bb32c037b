"""The file of the decision behind a change to the unit tree: served to the reviewers and admins
who keep the units it changed (the portal has no page of these events; the admin links here),
as a download a browser will not run, recorded in the change log; checked when uploaded."""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import Province, downloads, make_province, signed_in
from tests.factories import UserFactory, user_with_role
from units.models import Role, UnitEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def event(province: Province) -> UnitEvent:
    event = UnitEvent.objects.create(
        kind=UnitEvent.Kind.RENAME,
        effective_on=dt.date(2025, 7, 1),
        legal_document="Nghị quyết 1/NQ-HĐND",
        document_file=ContentFile(PDF, name="nq-01.pdf"),
        old_name="UBND thị xã Vĩnh Yên",
        new_name=province.district.name,
    )
    event.before.add(province.commune)
    return event


def _url(event: UnitEvent) -> str:
    return reverse("units:event_document", args=[event.pk])


def test_a_reviewer_over_the_changed_unit_downloads_it_safely_and_it_is_recorded(
    event: UnitEvent, province: Province
) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.district)  # the commune is in its subtree
    response = signed_in(reviewer).get(_url(event), REMOTE_ADDR="10.5.0.1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    name = posixpath.basename(event.document_file.name)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    [entry] = downloads()
    assert (entry.actor, entry.remote_addr, entry.object_id, entry.content_type.model) == (
        reviewer, "10.5.0.1", event.pk, "unitevent",
    )  # fmt: skip
    assert entry.changes_dict == {"export": [None, name]}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REVIEWER])
def test_the_provinces_admins_and_reviewers_get_it(
    event: UnitEvent, province: Province, role: str
) -> None:
    user = user_with_role(role, province.root)
    assert signed_in(user).get(_url(event)).status_code == 200


@pytest.mark.parametrize("role", [Role.REPORTER, Role.UNIT_HEAD, Role.LEADER])
def test_the_units_own_people_and_leaders_get_404(
    event: UnitEvent, province: Province, role: str
) -> None:
    user = user_with_role(role, province.root if role == Role.LEADER else province.commune)
    assert signed_in(user).get(_url(event)).status_code == 404
    assert downloads() == []


def test_a_reviewer_elsewhere_gets_404(event: UnitEvent, province: Province) -> None:
    other = make_province("BT", "Bình Thuận")
    for unit in (province.other_district, other.root):
        reviewer = user_with_role(Role.REVIEWER, unit)
        assert signed_in(reviewer).get(_url(event)).status_code == 404
    assert downloads() == []


def test_an_anonymous_visitor_is_sent_to_the_login(event: UnitEvent) -> None:
    response = Client().get(_url(event))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_event_without_a_file_answers_404(event: UnitEvent) -> None:
    event.document_file = None
    event.save()
    admin = signed_in(UserFactory(is_superuser=True))
    assert admin.get(_url(event)).status_code == 404


def test_only_get_is_answered(event: UnitEvent) -> None:
    admin = signed_in(UserFactory(is_superuser=True))
    assert admin.post(_url(event)).status_code == 405


# --- the admin --------------------------------------------------------------------------------


def _admin() -> Client:
    return signed_in(UserFactory(is_staff=True, is_superuser=True))


def _add(province: Province, upload: SimpleUploadedFile) -> Any:
    data = {
        "kind": "rename", "effective_on": "01/07/2025", "legal_document": "Nghị quyết 2/NQ",
        "new_name": "UBND xã Hợp Châu mới", "before": [province.other_commune.pk], "note": "",
        "document_file": upload,
    }  # fmt: skip
    return _admin().post(reverse("admin:units_unitevent_add"), data)


def test_the_admin_change_page_links_the_file_to_its_view(event: UnitEvent) -> None:
    page = _admin().get(reverse("admin:units_unitevent_change", args=[event.pk]))
    text = page.content.decode()
    assert f'href="{_url(event)}"' in text and 'href="/media/' not in text


def test_the_admin_accepts_a_real_pdf(province: Province) -> None:
    response = _add(province, SimpleUploadedFile("nq-02.pdf", PDF))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert UnitEvent.objects.get().document_file.read() == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,  # a program
        b"<html><script>alert(1)</script></html>",
    ],
    ids=["exe", "html"],
)
def test_the_admin_refuses_a_file_that_is_not_what_its_name_says(
    province: Province, data: bytes
) -> None:
    response = _add(province, SimpleUploadedFile("nq-02.pdf", data))
    assert response.status_code == 200 and not UnitEvent.objects.exists()
    assert "nội dung tệp không đúng loại" in response.content.decode()


@override_settings(CHITIEU_MAX_UPLOAD_BYTES=1024 * 1024)
def test_the_admin_refuses_a_file_over_the_size_limit(province: Province) -> None:
    response = _add(province, SimpleUploadedFile("nq-02.pdf", PDF + b"0" * 1024 * 1024))
    assert response.status_code == 200 and not UnitEvent.objects.exists()
    assert "Tệp lớn hơn giới hạn 1 MB." in response.content.decode()


def test_the_admin_lists_only_the_changes_to_units_the_user_sees(
    event: UnitEvent, province: Province
) -> None:
    other = make_province("BT", "Bình Thuận")
    elsewhere = UnitEvent.objects.create(
        kind=UnitEvent.Kind.RENAME, effective_on=dt.date(2025, 7, 1),
        legal_document="Nghị quyết 9/NQ-HĐND", old_name="Thị xã La Gi", new_name="Thành phố La Gi",
    )  # fmt: skip
    elsewhere.after.add(other.district)
    changelist = reverse("admin:units_unitevent_changelist")
    page = signed_in(user_with_role(Role.REVIEWER, province.root, is_staff=True)).get(changelist)
    assert page.status_code == 200
    assert "Nghị quyết 1/NQ-HĐND" in page.content.decode()
    assert "Nghị quyết 9/NQ-HĐND" not in page.content.decode()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert "Nghị quyết 9/NQ-HĐND" in signed_in(superuser).get(changelist).content.decode()


def test_a_file_gone_from_the_disk_is_a_404_not_a_500(event: UnitEvent) -> None:
    event.document_file.storage.delete(event.document_file.name)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    response = signed_in(superuser).get(_url(event))
    assert response.status_code == 404
