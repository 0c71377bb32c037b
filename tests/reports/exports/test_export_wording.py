"""Decree 30/2020 titles and the report's terms for targets and results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from directives.models import Directive, Target
from indicators.models import Indicator
from reports.exports.wording import goal_text, issuer_lines, result_text, subject_text


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"]),  # fits on one line
        ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", ["SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"]),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH", ["BAN QUẢN LÝ CÁC KHU", "CÔNG NGHIỆP TỈNH"]),
        ("SỞ THÔNG TIN\nVÀ TRUYỀN THÔNG", ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]),  # as given
    ],
)
def test_the_issuers_name_is_cut_between_phrases(name: str, lines: list[str]) -> None:
    assert issuer_lines(name) == lines


@pytest.mark.parametrize(
    ("kind", "title", "subject"),
    [
        ("plan", "Kế hoạch thực hiện Nghị quyết số 36a/NQ-CP về Chính phủ điện tử",
         "Kết quả thực hiện Kế hoạch số 36a/KH-UBND thực hiện Nghị quyết số 36a/NQ-CP về "
         "Chính phủ điện tử"),
        ("directive", "Chỉ thị về việc đẩy mạnh ứng dụng công nghệ thông tin",
         "Kết quả thực hiện Chỉ thị số 36a/KH-UBND về việc đẩy mạnh ứng dụng công nghệ thông tin"),
        ("plan", "[Ví dụ minh họa] Kế hoạch chuyển đổi số năm 2026",
         "[Ví dụ minh họa] Kết quả thực hiện Kế hoạch số 36a/KH-UBND về chuyển đổi số năm 2026"),
        ("decision", "Ban hành Chương trình chuyển đổi số",
         "Kết quả thực hiện Quyết định số 36a/KH-UBND về Ban hành Chương trình chuyển đổi số"),
    ],
)  # fmt: skip
def test_the_subject_names_the_documents_kind_once(kind: str, title: str, subject: str) -> None:
    assert subject_text(Directive(kind=kind, code="36a/KH-UBND", title=title)) == subject


def target(kind: str, judge: str, value: str, unit: str = "") -> Target:
    indicator = Indicator(kind=kind, display_unit=unit)
    return Target(indicator=indicator, op=">=", value=Decimal(value), judge=judge)


def test_targets_and_results_say_what_they_measure() -> None:
    pooled = target("ratio", "pooled", "90")
    assert (goal_text(pooled), result_text(Decimal("96.93"), pooled)) == (
        "tỷ lệ chung ≥ 90%", "tỷ lệ chung 96,93%",
    )  # fmt: skip
    each = target("count", "each_unit", "1", "người")
    assert (goal_text(each), result_text(Decimal("66.67"), each)) == (
        "≥ 1 người ở mỗi đơn vị; cần 100% đơn vị đạt", "66,67% đơn vị đạt",
    )  # fmt: skip
    yes = target("boolean", "each_unit", "1")
    assert goal_text(yes) == "Có ở mỗi đơn vị; cần 100% đơn vị đạt"
    total = target("count", "pooled", "100", "người")
    assert (goal_text(total), result_text(Decimal(120), total)) == (
        "tổng ≥ 100 người", "tổng 120 người",
    )  # fmt: skip
    assert result_text(None, pooled) == "—"
