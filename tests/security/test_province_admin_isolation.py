"""A province's reviewers and admins keep their own province in the admin, and nothing more.

Each test is a finding of the tester who signed in as Bình Thuận's staff in a portal that also
holds Vĩnh Phúc: every change he posted with Vĩnh Phúc's ids must be refused and write nothing,
and no role but a superuser may grant staff or superuser status.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from directives.models import Directive, Task
from reports.models import EvidenceFile, IndicatorValue
from tests.admin_forms import admin_form_data
from tests.conftest import Province, make_province, signed_in
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    SubmissionFactory,
    UserFactory,
    level,
    user_with_role,
)
from units.models import Membership, Role, Unit, User
from units.services import units_import

pytestmark = pytest.mark.django_db


@dataclass
class Portal:
    vp: Province
    bt: Province
    bt_admin: User  # admin role on Bình Thuận's root, staff, not a superuser
    bt_reviewer: User  # DIC officer of Bình Thuận, staff
    vp_user: User  # a reporter of Vĩnh Phúc


@pytest.fixture
def portal(province: Province) -> Portal:
    bt = make_province("BT", "Bình Thuận")
    return Portal(
        vp=province,
        bt=bt,
        bt_admin=user_with_role(Role.ADMIN, bt.root, is_staff=True),
        bt_reviewer=user_with_role(Role.REVIEWER, bt.root, is_staff=True),
        vp_user=user_with_role(Role.REPORTER, province.district, username="baocao.vinhyen"),
    )


def _form(client: Client, url: str) -> dict[str, object]:
    page = client.get(url)
    assert page.status_code == 200, url
    return admin_form_data(page.content.decode())


# --- accounts and roles ------------------------------------------------------------------------


def test_a_province_admin_cannot_make_himself_superuser_or_staff(portal: Portal) -> None:
    client = signed_in(portal.bt_admin)
    url = reverse("admin:units_user_change", args=[portal.bt_admin.pk])
    data = _form(client, url)
    assert "is_superuser" not in data and "user_permissions" not in data
    data.update(is_superuser="on", is_staff="on", full_name="Quản trị Bình Thuận")
    assert client.post(url, data).status_code == 302
    portal.bt_admin.refresh_from_db()
    assert portal.bt_admin.full_name == "Quản trị Bình Thuận"  # the form itself was saved
    assert not portal.bt_admin.is_superuser


def test_a_province_admin_cannot_grant_staff_status_in_his_own_province(portal: Portal) -> None:
    clerk = user_with_role(Role.REPORTER, portal.bt.district)
    client = signed_in(portal.bt_admin)
    url = reverse("admin:units_user_change", args=[clerk.pk])
    data = _form(client, url)
    data.update(is_staff="on", is_superuser="on")
    client.post(url, data)
    clerk.refresh_from_db()
    assert not clerk.is_staff and not clerk.is_superuser


def test_a_province_admin_grants_roles_in_his_province_only(portal: Portal) -> None:
    clerk = user_with_role(Role.REPORTER, portal.bt.district)
    client = signed_in(portal.bt_admin)
    add = reverse("admin:units_membership_add")
    refused = client.post(add, {"user": clerk.pk, "unit": portal.vp.district.pk, "role": "admin"})
    assert refused.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(unit=portal.vp.district, user=clerk).exists()
    granted = client.post(add, {"user": clerk.pk, "unit": portal.bt.commune.pk, "role": "reporter"})
    assert granted.status_code == 302
    assert Membership.objects.filter(unit=portal.bt.commune, user=clerk).exists()


def test_a_province_admin_cannot_grant_a_role_on_another_province_through_the_account_page(
    portal: Portal,
) -> None:
    clerk = user_with_role(Role.REPORTER, portal.bt.district)
    client = signed_in(portal.bt_admin)
    url = reverse("admin:units_user_change", args=[clerk.pk])
    data = _form(client, url)
    data.update({"memberships-1-unit": portal.vp.root.pk, "memberships-1-role": "admin"})
    data["memberships-TOTAL_FORMS"] = "2"
    assert client.post(url, data).status_code == 200
    assert list(clerk.memberships.values_list("unit__code", flat=True)) == ["BT-VINHYEN"]


def test_a_province_admin_neither_sees_nor_changes_another_provinces_accounts(
    portal: Portal,
) -> None:
    client = signed_in(portal.bt_admin)
    listing = client.get(reverse("admin:units_user_changelist")).content.decode()
    assert "baocao.vinhyen" not in listing
    url = reverse("admin:units_user_change", args=[portal.vp_user.pk])
    assert client.get(url).status_code == 302  # "does not exist"
    client.post(url, {"username": "doi-ten", "is_active": ""})
    password = reverse("admin:auth_user_password_change", args=[portal.vp_user.pk])
    assert client.post(
        password, {"password1": "x9!Kq2#zLw", "password2": "x9!Kq2#zLw"}
    ).status_code in (302, 404)
    portal.vp_user.refresh_from_db()
    assert portal.vp_user.username == "baocao.vinhyen" and portal.vp_user.is_active
    assert portal.vp_user.check_password("mat-khau-thu-nghiem")


def test_a_province_admin_cannot_touch_a_superuser_or_an_account_shared_with_another_province(
    portal: Portal,
) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True, username="root")
    Membership.objects.create(user=superuser, unit=portal.bt.root, role=Role.ADMIN)
    shared = user_with_role(Role.REPORTER, portal.bt.district, username="hai.tinh")
    Membership.objects.create(user=shared, unit=portal.vp.district, role=Role.REPORTER)
    client = signed_in(portal.bt_admin)
    for account in (superuser, shared):
        url = reverse("admin:units_user_change", args=[account.pk])
        assert client.get(url).status_code == 302
    roles = client.get(reverse("admin:units_membership_changelist")).content.decode()
    assert "hai.tinh" not in roles and "root" not in roles


def test_a_province_admin_finishes_a_new_account_he_added(portal: Portal) -> None:
    client = signed_in(portal.bt_admin)
    added = client.post(
        reverse("admin:units_user_add"),
        {"username": "moi.bt", "password1": "x9!Kq2#zLw-dai", "password2": "x9!Kq2#zLw-dai",
         "usable_password": "true", "memberships-TOTAL_FORMS": "0",
         "memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    account = User.objects.get(username="moi.bt")
    assert client.get(reverse("admin:units_user_change", args=[account.pk])).status_code == 200


# --- units, directives, tasks ------------------------------------------------------------------


def _unit_data(parent: Unit | None, code: str) -> dict[str, object]:
    return {
        "code": code, "name": "UBND xã Mới", "level": level("commune").pk, "kind": "UBND xã",
        "parent": parent.pk if parent else "", "active": "on",
    }  # fmt: skip


def test_a_reviewer_cannot_add_a_unit_under_another_province_or_a_new_root(
    portal: Portal,
) -> None:
    client = signed_in(portal.bt_reviewer)
    add = reverse("admin:units_unit_add")
    assert client.post(add, _unit_data(portal.vp.district, "VP-MOI")).status_code == 200
    assert client.post(add, _unit_data(None, "TINH-MOI")).status_code == 200
    assert not Unit.objects.filter(code__in=["VP-MOI", "TINH-MOI"]).exists()
    assert client.post(add, _unit_data(portal.bt.district, "BT-MOI")).status_code == 302
    assert Unit.objects.get(code="BT-MOI").parent == portal.bt.district


def test_a_reviewer_can_neither_re_root_a_unit_nor_move_it_to_another_province(
    portal: Portal,
) -> None:
    client = signed_in(portal.bt_reviewer)
    url = reverse("admin:units_unit_change", args=[portal.bt.commune.pk])
    data = _form(client, url)
    for parent in ("", portal.vp.district.pk):
        assert client.post(url, {**data, "parent": parent}).status_code == 200
        portal.bt.commune.refresh_from_db()
        assert portal.bt.commune.parent == portal.bt.district
    root = _form(client, reverse("admin:units_unit_change", args=[portal.bt.root.pk]))
    assert "parent" not in root  # a province's root stays one: read-only


def test_a_reviewer_cannot_add_a_directive_reporting_to_another_province(portal: Portal) -> None:
    client = signed_in(portal.bt_reviewer)
    add = reverse("admin:directives_directive_add")
    data = _form(client, add)
    data.update(
        code="7/CT-UBND", kind="directive", title="Chỉ thị thử", issuer="UBND tỉnh",
        issued_on="05/01/2026", effective_from="05/01/2026", reporting="quarter",
        due_working_days="3", report_to=portal.vp.dic.pk,
    )  # fmt: skip
    assert client.post(add, data).status_code == 200
    assert not Directive.objects.filter(code="7/CT-UBND").exists()
    data["report_to"] = portal.bt.dic.pk
    assert client.post(add, data).status_code == 302
    assert Directive.objects.get(code="7/CT-UBND").report_to == portal.bt.dic


def test_a_reviewer_cannot_add_a_task_to_another_provinces_directive(portal: Portal) -> None:
    vp_directive = DirectiveFactory(report_to=portal.vp.dic)
    client = signed_in(portal.bt_reviewer)
    add = reverse("admin:directives_task_add")
    data = _form(client, add)
    data.update(directive=vp_directive.pk, number="9", title="Nhiệm vụ cài thêm", position="9")
    assert client.post(add, data).status_code == 200
    assert not Task.objects.filter(directive=vp_directive).exists()


def test_a_reviewer_cannot_assign_a_task_of_his_directive_to_another_provinces_unit(
    portal: Portal,
) -> None:
    bt_directive = DirectiveFactory(report_to=portal.bt.dic)
    client = signed_in(portal.bt_reviewer)
    add = reverse("admin:directives_task_add")
    data = _form(client, add)
    data.update(directive=bt_directive.pk, number="9", title="Nhiệm vụ", position="9")
    # A reviewer's task page has no assignee rows (those come with the directive's file):
    # rows posted by hand are not saved.
    data.update({"assignees-TOTAL_FORMS": "1", "assignees-INITIAL_FORMS": "0",
                 "assignees-0-unit": portal.vp.district.pk, "assignees-0-role": "lead"})  # fmt: skip
    client.post(add, data)
    assert not Task.objects.filter(assignees__unit=portal.vp.district).exists()


def test_a_reviewer_reads_the_shared_levels_but_cannot_change_them(portal: Portal) -> None:
    client = signed_in(portal.bt_reviewer)
    commune = level("commune")
    url = reverse("admin:units_level_change", args=[commune.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"code": "commune", "name": "Xã của Bình Thuận", "order": "3"})
    assert (
        client.post(reverse("admin:units_level_add"), {"code": "x", "name": "X"}).status_code == 403
    )
    commune.refresh_from_db()
    assert commune.name != "Xã của Bình Thuận"


# --- evidence ----------------------------------------------------------------------------------


def test_a_reviewer_sees_no_evidence_file_of_another_province(portal: Portal) -> None:
    submission = SubmissionFactory(unit=portal.vp.district)
    value = IndicatorValue.objects.create(
        submission=submission, indicator=IndicatorFactory(), value=1
    )
    evidence = EvidenceFile.objects.create(
        value=value,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qd.pdf"),
        original_name="quyet-dinh-vinh-phuc.pdf",
        size=15,
        content_type="application/pdf",
    )
    client = signed_in(portal.bt_reviewer)
    listing = client.get(reverse("admin:reports_evidencefile_changelist")).content.decode()
    assert "quyet-dinh-vinh-phuc.pdf" not in listing
    page = client.get(reverse("admin:reports_evidencefile_change", args=[evidence.pk]))
    assert page.status_code == 302
    own = signed_in(user_with_role(Role.REVIEWER, portal.vp.root, is_staff=True))
    assert (
        "quyet-dinh-vinh-phuc.pdf"
        in own.get(reverse("admin:reports_evidencefile_changelist")).content.decode()
    )


# --- the units CSV -----------------------------------------------------------------------------


def test_the_units_csv_cannot_make_an_existing_unit_a_root(portal: Portal) -> None:
    from config.errors import ImportRejected

    data = "code,name,parent,level,kind\nBT-VINHYEN,UBND thành phố,,district,UBND\n".encode()
    with pytest.raises(ImportRejected) as refused:
        units_import(data=data, by=portal.bt_reviewer)
    assert "tỉnh riêng" in str(refused.value.problems[0].message)
    assert Unit.objects.get(code="BT-VINHYEN").parent == portal.bt.root
