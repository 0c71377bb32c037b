"""Each province's profile: the header of its people's pages, kept by its own admins."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import Province, make_province, signed_in
from tests.factories import UserFactory, user_with_role
from units.models import ProvinceProfile, Role
from units.selectors import province_profile, province_profile_of

pytestmark = pytest.mark.django_db


def _profile(province: Province, **fields: str) -> ProvinceProfile:
    values = {
        "display_name": "Phú Thọ",
        "owner_name": "Sở Khoa học và Công nghệ",
        "report_superior": "UBND TỈNH PHÚ THỌ",
        "report_issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "report_number": "{number}/BC-SKHCN",
        "report_place": "Phú Thọ",
        "signer_title": "GIÁM ĐỐC",
        **fields,
    }
    return ProvinceProfile.objects.create(root=province.root, **values)


@override_settings(CHITIEU_OWNER_NAME="Sở Khoa học và Công nghệ", CHITIEU_REPORT_PLACE="Việt Trì")
def test_a_province_without_a_profile_starts_from_its_root_and_the_settings() -> None:
    other = make_province("BT", "Bình Thuận")
    profile = province_profile(other.root)
    assert profile.pk is None
    assert profile.display_name == "Bình Thuận"
    assert (profile.owner_name, profile.report_place) == ("Sở Khoa học và Công nghệ", "Việt Trì")


def test_a_units_profile_is_its_provinces(province: Province) -> None:
    stored = _profile(province)
    assert province_profile_of(province.commune) == stored
    assert province_profile_of(province.root) == stored


def test_each_province_sees_its_own_profile_in_the_header(province: Province) -> None:
    _profile(province)
    other = make_province("BT", "Bình Thuận")
    own = signed_in(user_with_role(Role.REPORTER, province.commune)).get(reverse("home"))
    theirs = signed_in(user_with_role(Role.REPORTER, other.commune)).get(reverse("home"))
    assert "Sở Khoa học và Công nghệ Phú Thọ" in own.content.decode()
    assert "Phú Thọ" not in theirs.content.decode()
    assert "Bình Thuận" in theirs.content.decode()


def test_a_province_admin_keeps_only_his_own_profile(province: Province) -> None:
    stored = _profile(province)
    other = make_province("BT", "Bình Thuận")
    admin = user_with_role(Role.ADMIN, other.root, is_staff=True)
    client = signed_in(admin)
    listing = client.get(reverse("admin:units_provinceprofile_changelist")).content.decode()
    assert "Phú Thọ" not in listing
    change = reverse("admin:units_provinceprofile_change", args=[stored.pk])
    assert client.get(change).status_code == 302  # not his: "does not exist"
    add = reverse("admin:units_provinceprofile_add")
    page = client.get(add).content.decode()
    assert 'value="Bình Thuận"' in page  # a new profile starts from the defaults
    data = {
        "display_name": "Lâm Đồng", "owner_name": "Sở Khoa học và Công nghệ",
        "report_superior": "UBND TỈNH LÂM ĐỒNG", "report_issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "report_number": "{number}/BC-SKHCN", "report_place": "Lâm Đồng",
        "signer_title": "GIÁM ĐỐC",
    }  # fmt: skip
    assert client.post(add, {**data, "root": province.root.pk}).status_code == 200
    assert client.post(add, {**data, "root": other.root.pk}).status_code == 302
    stored_names = ProvinceProfile.objects.order_by("pk").values_list("root__code", "display_name")
    assert list(stored_names) == [("VP", "Phú Thọ"), ("BT", "Lâm Đồng")]
    assert province_profile(other.root).display_name == "Lâm Đồng"
    assert province_profile(province.root).display_name == "Phú Thọ"


def test_a_number_pattern_without_its_placeholder_is_refused(province: Province) -> None:
    client = signed_in(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:units_provinceprofile_add"),
        {"root": province.root.pk, "display_name": "Phú Thọ", "owner_name": "Sở KH&CN",
         "report_superior": "UBND", "report_issuer": "SỞ", "report_number": "BC-SKHCN",
         "report_place": "Phú Thọ", "signer_title": "GIÁM ĐỐC"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not ProvinceProfile.objects.exists()
