"""The admin's register of signed reports: read-only, each officer sees his own province's,
and a signed file is never deleted from there."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import Export, SignedExport
from tests.conftest import Province, make_province, signed_in
from tests.factories import DirectiveFactory, PeriodFactory, UserFactory, user_with_role
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:reports_signedexport_changelist"


def signed(root: Unit, signer: str) -> SignedExport:
    export = Export.objects.create(
        format="pdf", directive=DirectiveFactory(report_to=root), period=PeriodFactory(),
        area=root, status="done", progress=100,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc.pdf"),
    )  # fmt: skip
    return SignedExport.objects.create(
        export=export, file=ContentFile(b"%PDF-1.4 signed\n", "bc-da-ky-so.pdf"),
        sha256=hashlib.sha256(signer.encode()).hexdigest(), signer=signer, province=root,
        signed_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def other() -> Province:
    return make_province("BN", "Bắc Ninh")


def test_an_officer_sees_the_signed_reports_of_his_province_only(
    province: Province, other: Province
) -> None:
    signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    signed(other.root, "CN=Sở KH&CN Bắc Ninh")
    page = signed_in(user_with_role(Role.REVIEWER, province.root, is_staff=True)).get(
        reverse(CHANGELIST)
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Vĩnh Phúc" in text and "Bắc Ninh" not in text


def test_a_superuser_sees_every_provinces_signed_reports(
    province: Province, other: Province
) -> None:
    signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    signed(other.root, "CN=Sở KH&CN Bắc Ninh")
    user = UserFactory(is_superuser=True, is_staff=True)
    text = signed_in(user).get(reverse(CHANGELIST)).content.decode()
    assert "Vĩnh Phúc" in text and "Bắc Ninh" in text


def test_the_list_reads_in_a_fixed_number_of_queries(
    province: Province, django_assert_max_num_queries
) -> None:
    client = signed_in(user_with_role(Role.REVIEWER, province.root, is_staff=True))
    signed(province.root, "CN=một")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(CHANGELIST))
    for n in range(5):
        signed(province.root, f"CN=ký {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(CHANGELIST)).status_code == 200


def test_a_signed_report_opens_read_only_with_the_portals_download_link(
    province: Province,
) -> None:
    record = signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    client = signed_in(user_with_role(Role.ADMIN, province.root, is_staff=True))
    change = reverse("admin:reports_signedexport_change", args=[record.pk])
    page = client.get(change).content.decode()
    assert reverse("reports:export_signed_download", args=[record.export_id]) in page
    assert 'name="_save"' not in page
    client.post(change, {"signer": "CN=giả mạo", "sha256": "0" * 64})
    record.refresh_from_db()
    assert record.signer == "CN=Sở KH&CN Vĩnh Phúc"


def test_nothing_is_added_or_deleted_not_even_by_a_superuser(province: Province) -> None:
    record = signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    client = signed_in(UserFactory(is_superuser=True, is_staff=True))
    delete = reverse("admin:reports_signedexport_delete", args=[record.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:reports_signedexport_add")).status_code == 403
    bulk = client.post(reverse(CHANGELIST),
                       {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})  # fmt: skip
    assert bulk.status_code in (200, 302)
    assert SignedExport.objects.filter(pk=record.pk).exists()
    assert record.file.storage.exists(record.file.name)


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER])
def test_who_does_not_sign_does_not_see_the_register(province: Province, role: str) -> None:
    signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    client = signed_in(user_with_role(role, province.root, is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_a_reviewer_of_a_district_does_not_see_the_register(province: Province) -> None:
    signed(province.root, "CN=Sở KH&CN Vĩnh Phúc")
    client: Client = signed_in(user_with_role(Role.REVIEWER, province.district, is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403
