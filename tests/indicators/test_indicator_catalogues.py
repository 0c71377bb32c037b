"""The national catalogue and each province's own indicators: an import never changes another
province's indicator or the national catalogue, and nobody sees another province's own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.errors import ImportRejected
from directives.services import directive_import
from indicators.models import Indicator
from tests.conftest import Province, make_province, signed_in
from tests.directives.directive_yaml import VALID, edit
from tests.factories import IndicatorFactory, UserFactory, user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db

BT_FILE = (
    VALID.replace("VP-STTTT", "BT-STTTT").replace("VP-SNV", "BT-SNV")
    .replace("VP-VINHYEN", "BT-VINHYEN").replace('"15/CT-UBND"', '"20/CT-UBND"')
)  # fmt: skip


@pytest.fixture
def two(province: Province) -> tuple[Province, Province]:
    return province, make_province("BT", "Bình Thuận")


def test_an_import_makes_its_new_indicators_the_provinces_own(two) -> None:
    vp, _bt = two
    directive_import(data=VALID.encode())
    assert set(Indicator.objects.values_list("province", flat=True)) == {vp.root.pk}


def test_another_province_cannot_rename_an_indicator_by_importing_its_own_file(two) -> None:
    directive_import(data=VALID.encode())
    renamed = edit(BT_FILE, '"Tỷ lệ văn bản đi được ký số"', '"Tỷ lệ văn bản ký số (BT)"')
    with pytest.raises(ImportRejected) as refused:
        directive_import(data=renamed.encode())
    assert "tỉnh khác" in str(refused.value.problems[0].message)
    assert Indicator.objects.get(code="DOCS_SIGNED").name == "Tỷ lệ văn bản đi được ký số"
    assert not Indicator.objects.filter(province=two[1].root).exists()


def test_an_indicator_defined_alike_by_two_provinces_moves_to_the_national_catalogue(two) -> None:
    directive_import(data=VALID.encode())
    directive_import(data=BT_FILE.encode())
    assert Indicator.objects.filter(province__isnull=True).count() == 4
    # From then on neither province's file may change it.
    renamed = edit(VALID, '"Số cán bộ chuyên trách CNTT"', '"Số cán bộ CNTT chuyên trách"')
    with pytest.raises(ImportRejected) as refused:
        directive_import(data=renamed.encode())
    assert "danh mục quốc gia" in str(refused.value.problems[0].message)
    assert Indicator.objects.get(code="IT_STAFF").name == "Số cán bộ chuyên trách CNTT"


def test_a_national_indicator_is_used_as_it_stands(two) -> None:
    IndicatorFactory(code="IT_STAFF", name="Số cán bộ chuyên trách CNTT", kind="count",
                     display_unit="người")  # fmt: skip
    directive_import(data=VALID.encode())
    assert Indicator.objects.get(code="IT_STAFF").province is None


def test_each_province_sees_the_national_catalogue_and_its_own_only(two) -> None:
    vp, bt = two
    IndicatorFactory(code="NATIONAL_ONE", name="Chỉ số quốc gia")
    IndicatorFactory(code="VP_OWN", name="Chỉ số riêng Vĩnh Phúc", province=vp.root)
    bt_client = signed_in(user_with_role(Role.REPORTER, bt.district))
    codes = [row["code"] for row in bt_client.get("/api/v1/indicators/").json()["results"]]
    assert codes == ["NATIONAL_ONE"]
    assert bt_client.get("/api/v1/indicators/VP_OWN/").status_code == 404
    assert "VP_OWN" not in bt_client.get(reverse("indicators:list")).content.decode()
    vp_client = signed_in(user_with_role(Role.REPORTER, vp.district))
    codes = [row["code"] for row in vp_client.get("/api/v1/indicators/").json()["results"]]
    assert codes == ["NATIONAL_ONE", "VP_OWN"]


def test_only_a_superuser_changes_the_national_catalogue_in_the_admin(two) -> None:
    vp, bt = two
    national = IndicatorFactory(code="NATIONAL_ONE", name="Chỉ số quốc gia")
    vp_own = IndicatorFactory(code="VP_OWN", name="Chỉ số riêng Vĩnh Phúc", province=vp.root)
    reviewer = signed_in(user_with_role(Role.REVIEWER, bt.root, is_staff=True))
    change = reverse("admin:indicators_indicator_change", args=[national.pk])
    reviewer.post(change, {"code": "NATIONAL_ONE", "name": "Đổi tên", "kind": "count"})
    national.refresh_from_db()
    assert national.name == "Chỉ số quốc gia"
    assert (
        reviewer.get(reverse("admin:indicators_indicator_change", args=[vp_own.pk])).status_code
        == 302
    )
    add = reverse("admin:indicators_indicator_add")
    data = {"code": "BT_OWN", "name": "Chỉ số riêng", "kind": "count", "higher_is_better": "on"}
    assert reviewer.post(add, data).status_code == 200  # a province is required of him
    assert reviewer.post(add, {**data, "province": vp.root.pk}).status_code == 200
    assert reviewer.post(add, {**data, "province": bt.root.pk}).status_code == 302
    assert Indicator.objects.get(code="BT_OWN").province == bt.root
    superuser = signed_in(UserFactory(is_superuser=True, is_staff=True))
    superuser.post(change, {"code": "NATIONAL_ONE", "name": "Tên mới", "kind": "count"})
    national.refresh_from_db()
    assert national.name == "Tên mới"
