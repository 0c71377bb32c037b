"""Recording a unit change in the admin applies it, atomically, through the unit services;
a refusal is shown on the form in Vietnamese and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.conftest import Province, signed_in
from tests.factories import UnitFactory, UserFactory, user_with_role
from units.models import Role, Unit, UnitEvent

pytestmark = pytest.mark.django_db
ADD = reverse("admin:units_unitevent_add")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def superuser() -> Client:
    return signed_in(UserFactory(is_staff=True, is_superuser=True))


def record(client: Client, **fields: Any) -> Any:
    data = {"effective_on": "01/07/2025", "legal_document": "1234/QĐ-UBND", "note": "", **fields}
    return client.post(ADD, data)


def form_errors(response: Any) -> list[str]:
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


def test_recording_a_merger_closes_the_merged_unit_and_keeps_the_decision(
    province: Province,
) -> None:
    science = UnitFactory(code="VP-SKHCN", name="Sở Khoa học và Công nghệ", parent=province.root)
    response = record(
        superuser(),
        kind="merge",
        before=[province.dic.pk, science.pk],
        after=[science.pk],
        document_file=SimpleUploadedFile("qd-1234.pdf", PDF),
    )
    assert response.status_code == 302, form_errors(response)
    dic = Unit.objects.get(pk=province.dic.pk)
    assert (dic.active, dic.valid_to) == (False, dt.date(2025, 6, 30))
    event = UnitEvent.objects.get()
    assert (event.kind, event.successor, event.document_file.read()) == ("merge", science, PDF)
    assert set(event.before.all()) == {dic, science}


def test_recording_a_rename_renames_the_unit_and_keeps_the_old_name(province: Province) -> None:
    response = record(
        superuser(), kind="rename", before=[province.dic.pk], new_name="Sở Khoa học và Công nghệ"
    )
    assert response.status_code == 302, form_errors(response)
    assert Unit.objects.get(pk=province.dic.pk).name == "Sở Khoa học và Công nghệ"
    event = UnitEvent.objects.get()
    assert (event.old_name, list(event.after.all())) == (
        "Sở Thông tin và Truyền thông",
        [province.dic],
    )


def test_a_change_the_service_refuses_is_shown_on_the_form_and_nothing_is_written(
    province: Province,
) -> None:
    response = record(superuser(), kind="abolish", before=[province.district.pk])
    assert response.status_code == 200
    assert form_errors(response) == [
        "Đơn vị UBND thành phố Vĩnh Yên còn đơn vị trực thuộc; hãy chỉ định đơn vị tiếp nhận."
    ]
    assert not UnitEvent.objects.exists()
    assert Unit.objects.get(pk=province.district.pk).active


def test_a_change_missing_what_its_kind_needs_is_refused_field_by_field(
    province: Province,
) -> None:
    response = record(superuser(), kind="transfer", before=[province.dic.pk, province.district.pk])
    assert response.status_code == 200
    assert form_errors(response) == ["Chọn đúng một đơn vị thay đổi.", "Chọn đơn vị cấp trên mới."]
    response = record(superuser(), kind="rename", before=[province.dic.pk], legal_document="")
    assert "Trường này là bắt buộc." in form_errors(response)
    assert "Cần ghi tên mới." in form_errors(response)
    assert not UnitEvent.objects.exists()


def test_a_province_reviewer_cannot_rename_the_province_itself(province: Province) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root, is_staff=True)
    response = record(signed_in(reviewer), kind="rename", before=[province.root.pk], new_name="X")
    assert form_errors(response) == ["chỉ quản trị hệ thống được thay đổi đơn vị cấp tỉnh VP"]
    response = record(
        signed_in(reviewer), kind="transfer", before=[province.commune.pk],
        new_parent=province.root.pk,
    )  # fmt: skip
    assert response.status_code == 302, form_errors(response)
    assert UnitEvent.objects.get().recorded_by == reviewer


def test_editing_a_recorded_change_fixes_its_papers_without_applying_it_again(
    province: Province,
) -> None:
    client = superuser()
    record(client, kind="rename", before=[province.dic.pk], new_name="Sở mới")
    event = UnitEvent.objects.get()
    change = reverse("admin:units_unitevent_change", args=[event.pk])
    data = admin_form_data(client.get(change).content.decode())
    data["legal_document"] = "1235/QĐ-UBND"
    assert client.post(change, data).status_code == 302
    event.refresh_from_db()
    assert (event.legal_document, event.new_name) == ("1235/QĐ-UBND", "Sở mới")
    assert UnitEvent.objects.count() == 1
    assert Unit.objects.get(pk=province.dic.pk).name == "Sở mới"
