"""The demo data in data/ imports cleanly and says what the source documents say.

The expected figures below were checked by hand against the documents in the project's seed
texts (Chỉ thị Vĩnh Phúc 2015, Kế hoạch 36a Vĩnh Phúc, Chỉ thị Bình Thuận 2018).
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from directives.models import Directive, Target
from directives.selectors import directive_reporting_units
from directives.services import directive_import
from indicators.models import Indicator
from units.models import Unit
from units.services import ImportSummary, units_import

DATA = Path(settings.BASE_DIR) / "data"
UNIT_FILES = ("vinh_phuc.csv", "binh_thuan.csv")
DIRECTIVE_FILES = {
    "VP-CT-CNTT-2015": "vinh_phuc_chi_thi_ung_dung_cntt_2015.yaml",
    "VP-KH-36A-2016": "vinh_phuc_ke_hoach_36a_chinh_phu_dien_tu.yaml",
    "BT-CT-ICT-2018": "binh_thuan_chi_thi_ict_index_2018.yaml",
}


def load_units() -> list[ImportSummary]:
    return [units_import(data=(DATA / "units" / name).read_bytes()) for name in UNIT_FILES]


@pytest.fixture
def seeded(db) -> None:
    load_units()
    for name in DIRECTIVE_FILES.values():
        directive_import(data=(DATA / "directives" / name).read_bytes())


def target(directive: str, task: str, indicator: str, position: int | None = None) -> Target:
    targets = Target.objects.filter(
        task__directive__code=directive, task__number=task, indicator__code=indicator
    )
    if position is not None:
        targets = targets.filter(position=position)
    return targets.get()


def describe(t: Target) -> tuple:
    scope = {s.unit.code if s.unit else f"@{s.level.code}" for s in t.scope.all()}
    share = t.units_share
    return (t.op, t.value, t.due_on, t.judge, share, t.change_per_year, scope)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# --- loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_both_unit_files_import_cleanly_into_one_database() -> None:
    vinh_phuc, binh_thuan = load_units()

    assert vinh_phuc == ImportSummary(created=73, updated=0, unchanged=0)
    assert binh_thuan == ImportSummary(created=66, updated=0, unchanged=0)
    assert set(Unit.objects.filter(parent=None).values_list("code", flat=True)) == {"VP", "BT"}
    levels = Counter(
        Unit.objects.filter(code__startswith="VP").values_list("level__code", flat=True)
    )
    # data/README.md: 1 province, 20 departments, 4 agencies, 9 districts, 36 communes, 3 enterprises.
    assert levels == {
        "province": 1,
        "department": 20,
        "agency": 4,
        "district": 9,
        "commune": 36,
        "enterprise": 3,
    }


def test_every_directive_file_imports_with_the_tasks_and_targets_it_holds(seeded: None) -> None:
    counts = {
        d.code: (d.tasks.count(), Target.objects.filter(task__directive=d).count())
        for d in Directive.objects.all()
    }

    assert counts == {
        "VP-CT-CNTT-2015": (24, 5),
        "VP-KH-36A-2016": (42, 20),
        "BT-CT-ICT-2018": (34, 12),
    }


def test_importing_every_file_a_second_time_changes_nothing(seeded: None) -> None:
    rows = {
        model: list(model.objects.order_by("id").values_list())
        for model in (Unit, Directive, Target, Indicator)
    }

    assert load_units() == [
        ImportSummary(created=0, updated=0, unchanged=73),
        ImportSummary(created=0, updated=0, unchanged=66),
    ]
    for code, name in DIRECTIVE_FILES.items():
        result = directive_import(data=(DATA / "directives" / name).read_bytes())
        assert result.directive.code == code
        assert result.changed is False, (code, dict(result.counts))
    assert {model: list(model.objects.order_by("id").values_list()) for model in rows} == rows


def test_the_three_directives_share_one_indicator_catalogue(seeded: None) -> None:
    # 3 + 19 + 13 declarations, of which STAFF_WITH_COMPUTER (3 files), SHARED_APPS_PROFICIENT,
    # ONE_STOP_SOFTWARE, IT_OFFICERS and ONLINE_SERVICES_L3 (2 files each) are shared.
    assert Indicator.objects.count() == 29


# --- the directives' own fields ---------------------------------------------------------------


def test_the_directives_have_the_reporting_and_receiver_of_their_documents(seeded: None) -> None:
    rows = {
        d.code: (d.kind, d.reporting, d.report_to.code, d.issued_on, d.effective_from)
        for d in Directive.objects.select_related("report_to")
    }

    assert rows == {
        # "Chỉ thị này có hiệu lực sau 10 ngày kể từ ngày ký"; reports "định kỳ (6 tháng, 1 năm)".
        "VP-CT-CNTT-2015": (
            "directive",
            ["half_year", "year"],
            "VP-STTTT",
            day("2015-01-01"),
            day("2015-01-11"),
        ),
        # "Định kỳ hàng quý báo cáo"; "hàng năm tổ chức sơ kết".
        "VP-KH-36A-2016": (
            "plan",
            ["quarter", "year"],
            "VP-STTTT",
            day("2016-01-01"),
            day("2016-01-01"),
        ),
        # "định kỳ 6 tháng, hàng năm tổng hợp, báo cáo".
        "BT-CT-ICT-2018": (
            "directive",
            ["half_year", "year"],
            "BT-STTTT",
            day("2018-07-12"),
            day("2018-07-12"),
        ),
    }


# --- Chỉ thị Vĩnh Phúc 2015 -------------------------------------------------------------------


def test_vinh_phuc_2015_shared_apps_used_fluently_by_the_end_of_june_2015(seeded: None) -> None:
    # 3.a "Đến hết tháng 6/2015 cán bộ, công chức, viên chức của các sở, ban, ngành, Ủy ban nhân
    # dân các huyện, thành phố, thị xã … phải sử dụng thành thạo".
    assert describe(target("VP-CT-CNTT-2015", "3.a", "SHARED_APPS_PROFICIENT")) == (
        ">=",
        Decimal(100),
        day("2015-06-30"),
        "pooled",
        None,
        False,
        {"@department", "@district"},
    )


def test_vinh_phuc_2015_one_stop_software_at_7_departments_9_districts_9_communes(
    seeded: None,
) -> None:
    # 3.d "triển khai thành công giai đoạn 1 trong năm 2015 tại 7 sở, ngành, 9 Ủy ban nhân dân
    # huyện, thành phố, thị xã và 9 Ủy ban nhân dân cấp xã" (7/20 departments, 9/36 communes).
    rows = [
        describe(target("VP-CT-CNTT-2015", "3.d", "ONE_STOP_SOFTWARE", position))
        for position in range(3)
    ]

    end_2015 = day("2015-12-31")
    assert rows == [
        (">=", Decimal(1), end_2015, "each_unit", Decimal(35), False, {"@department"}),
        (">=", Decimal(1), end_2015, "each_unit", None, False, {"@district"}),
        (">=", Decimal(1), end_2015, "each_unit", Decimal(25), False, {"@commune"}),
    ]
    assert Indicator.objects.get(code="ONE_STOP_SOFTWARE").kind == "boolean"
    assert Unit.objects.filter(code__startswith="VP-", level__code="district").count() == 9


# --- Kế hoạch 36a Vĩnh Phúc -------------------------------------------------------------------


def test_vinh_phuc_plan_digital_signatures_before_july_2016(seeded: None) -> None:
    # II.2.c "Ứng dụng chữ ký số trong trao đổi hồ sơ, văn bản giữa các cơ quan, đơn vị phải được
    # thực hiện trước tháng 7/2016."
    assert describe(target("VP-KH-36A-2016", "II.2.c", "DIGITAL_SIGNATURE_USE")) == (
        ">=",
        Decimal(1),
        day("2016-06-30"),
        "each_unit",
        None,
        False,
        {"@department", "@district"},
    )


def test_vinh_phuc_plan_online_business_and_investment_registration(seeded: None) -> None:
    # III.4.b "trước ngày 31/12/2016, tỷ lệ đăng ký doanh nghiệp qua mạng điện tử đạt 10%, đăng ký
    # đầu tư đạt 5%" (Sở Kế hoạch và Đầu tư).
    business = target("VP-KH-36A-2016", "III.4.b", "ONLINE_BUSINESS_REG")
    investment = target("VP-KH-36A-2016", "III.4.b", "ONLINE_INVEST_REG")

    end_2016 = day("2016-12-31")
    assert describe(business) == (">=", Decimal(10), end_2016, "pooled", None, False, {"VP-SKHDT"})
    assert describe(investment) == (">=", Decimal(5), end_2016, "pooled", None, False, {"VP-SKHDT"})
    assert Indicator.objects.get(code="ONLINE_BUSINESS_REG").kind == "ratio"


def test_vinh_phuc_plan_online_services_level_3_by_2016_and_level_4_by_2017(seeded: None) -> None:
    # II.2.c "Đến hết năm 2016, 100% dịch vụ công được thực hiện ở mức độ 3"; "Đến hết năm 2017,
    # các dịch vụ công trực tuyến mức độ 4 … (Danh mục … như Phụ lục)".
    level_3 = target("VP-KH-36A-2016", "II.2.c", "ONLINE_SERVICES_L3")
    level_4 = target("VP-KH-36A-2016", "II.2.c", "ONLINE_SERVICES_L4_PRIORITY")

    both = {"@department", "@district"}
    assert describe(level_3) == (">=", 100, day("2016-12-31"), "pooled", None, False, both)
    assert describe(level_4) == (">=", 100, day("2017-12-31"), "pooled", None, False, both)


def test_vinh_phuc_plan_at_least_one_it_officer_in_every_unit(seeded: None) -> None:
    # II.2.b "Năm 2016, … bảo đảm mỗi đơn vị có tối thiểu 01 cán bộ chuyên trách về CNTT."
    officers = target("VP-KH-36A-2016", "II.2.b", "IT_OFFICERS")

    assert describe(officers) == (
        ">=",
        Decimal(1),
        day("2016-12-31"),
        "each_unit",
        None,
        False,
        {"@department", "@district"},
    )
    assert officers.effective_units_share == 100
    assert Indicator.objects.get(code="IT_OFFICERS").kind == "count"


def test_vinh_phuc_plan_daily_email_by_the_first_quarter_of_2016(seeded: None) -> None:
    # II.2.c "Quý I năm 2016, 100% … cán bộ, công chức, viên chức … phải thường xuyên sử dụng, truy
    # cập ít nhất 01 lần/ngày."
    assert describe(target("VP-KH-36A-2016", "II.2.c", "EMAIL_DAILY_USE")) == (
        ">=",
        Decimal(100),
        day("2016-03-31"),
        "pooled",
        None,
        False,
        {"@department", "@district"},
    )


def test_vinh_phuc_plan_document_exchange_reaches_communes_by_the_end_of_2016(
    seeded: None,
) -> None:
    # II.2.c "Quý I năm 2016, kết nối liên thông … sở, ban, ngành, UBND các cấp huyện" and "Hết năm
    # 2016, kết nối liên thông phần mềm quản lý văn bản đến 100% các xã, phường, thị trấn."
    rows = [
        describe(t)
        for t in Target.objects.filter(
            task__directive__code="VP-KH-36A-2016", indicator__code="DMS_CONNECTED"
        ).order_by("position")
    ]

    assert rows == [
        (">=", 1, day("2016-03-31"), "each_unit", None, False, {"@department", "@district"}),
        (">=", 1, day("2016-12-31"), "each_unit", None, False, {"@commune"}),
    ]


def test_vinh_phuc_plan_4g_coverage_by_telecom_enterprises_by_2018(seeded: None) -> None:
    # II.2.a "giai đoạn 2017-2018 hoàn thiện phủ sóng 4G"
    assert describe(target("VP-KH-36A-2016", "II.2.a", "MOBILE_4G_COVERAGE")) == (
        ">=",
        Decimal(100),
        day("2018-12-31"),
        "each_unit",
        None,
        False,
        {"@enterprise"},
    )


# --- Chỉ thị Bình Thuận 2018 ------------------------------------------------------------------


def test_binh_thuan_at_least_30_percent_of_dossiers_online(seeded: None) -> None:
    # 1 "Nâng cao tỷ lệ hồ sơ thủ tục hành chính được xử lý trên môi trường mạng (đạt tối thiểu 30%)."
    assert describe(target("BT-CT-ICT-2018", "1.5", "DOSSIERS_ONLINE")) == (
        ">=",
        Decimal(30),
        day("2018-12-31"),
        "pooled",
        None,
        False,
        {"@department", "@district"},
    )


def test_binh_thuan_7_and_8_percent_more_online_services_each_year(seeded: None) -> None:
    # 2 "đảm bảo hàng năm có 07% thủ tục hành được cung cấp trực tuyến ở mức độ 3 và 08% ở mức độ 4."
    level_3 = target("BT-CT-ICT-2018", "2.4", "ONLINE_SERVICES_L3")
    level_4 = target("BT-CT-ICT-2018", "2.4", "ONLINE_SERVICES_L4")

    both = {"@department", "@district"}
    assert describe(level_3) == (">=", Decimal(7), day("2018-12-31"), "pooled", None, True, both)
    assert describe(level_4) == (">=", Decimal(8), day("2018-12-31"), "pooled", None, True, both)


def test_binh_thuan_digital_certificates_for_every_agency_at_every_level(seeded: None) -> None:
    # 2 "đảm bảo 100% cơ quan các cấp tỉnh, huyện, xã được cấp chứng thư số theo quy định."
    assert describe(target("BT-CT-ICT-2018", "2.5", "DIGITAL_CERT_ISSUED")) == (
        ">=",
        Decimal(1),
        day("2018-12-31"),
        "each_unit",
        None,
        False,
        {"@department", "@district", "@commune"},
    )


def test_binh_thuan_schools_with_computer_rooms(seeded: None) -> None:
    # 3 "đạt trên 80% trường cấp Tiểu học có phòng máy tính … và đạt 100% đối với các trường cấp
    # trung học cơ sở và trung học phổ thông" (the format has no strict ">": "trên 80%" is >= 80).
    primary = target("BT-CT-ICT-2018", "3.1", "SCHOOLS_COMPUTER_ROOM_PRIMARY")
    secondary = target("BT-CT-ICT-2018", "3.1", "SCHOOLS_COMPUTER_ROOM_SECONDARY")

    end_2018 = day("2018-12-31")
    assert describe(primary) == (">=", Decimal(80), end_2018, "pooled", None, False, {"BT-SGDDT"})
    assert describe(secondary) == (">=", 100, end_2018, "pooled", None, False, {"BT-SGDDT"})


def test_binh_thuan_ict_index_rank_is_declared_lower_is_better_without_a_target(
    seeded: None,
) -> None:
    rank = Indicator.objects.get(code="ICT_INDEX_RANK")

    assert rank.kind == Indicator.Kind.RANK
    assert rank.higher_is_better is False
    assert not Target.objects.filter(indicator=rank).exists()


# --- provinces stay apart ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["VP-CT-CNTT-2015", "VP-KH-36A-2016"])
def test_a_vinh_phuc_directive_is_reported_on_only_by_vinh_phuc_units(
    seeded: None, code: str
) -> None:
    codes = list(
        directive_reporting_units(Directive.objects.get(code=code)).values_list("code", flat=True)
    )

    # Bình Thuận has departments, districts and communes too: level selectors must not reach them.
    assert Unit.objects.filter(code__startswith="BT-", level__code="commune").exists()
    assert {"VP-STTTT", "VP-VINHYEN", "VP-VINHYEN-LIENBAO"} <= set(codes)
    assert all(c == "VP" or c.startswith("VP-") for c in codes), codes


def test_the_binh_thuan_directive_is_reported_on_only_by_binh_thuan_units(seeded: None) -> None:
    codes = list(
        directive_reporting_units(Directive.objects.get(code="BT-CT-ICT-2018")).values_list(
            "code", flat=True
        )
    )

    assert "BT-STTTT" in codes
    assert all(c.startswith("BT-") for c in codes), codes
