"""Targets in sentences: operator, value, judge, and the rule that found them."""

from __future__ import annotations

from decimal import Decimal

from directives.drafting.fold import fold
from directives.drafting.targets import find_targets, implied_target

LEVELS = {"department": 20, "district": 8, "commune": 120}


def targets(sentence: str) -> list[tuple[str, Decimal, str, str]]:
    found = find_targets(fold(sentence), level_counts=LEVELS)
    return [(t.op, t.value, t.judge, t.rule) for t in found]


def test_a_plain_percentage_of_people_is_pooled_at_least() -> None:
    assert targets("Bảo đảm 95% cán bộ, công chức dùng chữ ký số cá nhân.") == [
        (">=", Decimal(95), "pooled", "percent_plain")
    ]


def test_above_is_at_least_because_the_format_has_no_strict_operator() -> None:
    assert targets("Phấn đấu trên 70% hộ gia đình có cáp quang.")[0][:2] == (">=", Decimal(70))


def test_at_least_and_at_most_words_set_the_operator() -> None:
    assert targets("Tỷ lệ hồ sơ trễ hạn không quá 3%.")[0][:2] == ("<=", Decimal(3))
    assert targets("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 45%.")[0][:2] == (">=", Decimal(45))


def test_a_percentage_of_units_is_judged_unit_by_unit() -> None:
    assert targets("Đến năm 2024, 100% các xã có trang thông tin điện tử.") == [
        (">=", Decimal(1), "each_unit", "share_of_units")
    ]


def test_a_share_below_all_units_becomes_units_share() -> None:
    found = find_targets(
        fold("60% các xã, phường, thị trấn có đài truyền thanh số."), level_counts=LEVELS
    )
    assert found[0].units_share == Decimal(60) and found[0].scope_hint == ("@commune",)


def test_each_unit_with_at_least_one_officer() -> None:
    assert targets("Bảo đảm mỗi đơn vị có tối thiểu 02 cán bộ phụ trách an toàn thông tin.") == [
        (">=", Decimal(2), "each_unit", "each_unit_count")
    ]


def test_all_units_having_at_least_one_is_one_target_per_unit() -> None:
    found = targets("Bảo đảm 100% các sở, ngành có ít nhất 01 cán bộ chuyên trách.")
    assert found == [(">=", Decimal(1), "each_unit", "each_unit_count")]


def test_a_count_at_least_without_each_is_pooled() -> None:
    assert targets("Tuyển dụng tối thiểu 15 kỹ sư công nghệ thông tin.") == [
        (">=", Decimal(15), "pooled", "at_least_count")
    ]


def test_a_frequency_is_not_a_count_target() -> None:
    assert targets("Cán bộ kiểm tra hộp thư ít nhất 02 lần/ngày.") == []


def test_all_people_without_a_figure_means_100_percent() -> None:
    assert targets("Tạo điều kiện để tất cả giáo viên được cấp tài khoản học trực tuyến.") == [
        (">=", Decimal(100), "pooled", "all_means_100")
    ]


def test_named_counts_of_units_at_levels_become_shares_of_each_level() -> None:
    found = find_targets(
        fold("Thí điểm trong năm 2022 tại 5 sở, ngành và 4 UBND huyện, thị xã."),
        level_counts=LEVELS,
    )
    assert [(t.scope_hint, t.units_share) for t in found] == [
        (("@department",), Decimal(25)),
        (("@district",), Decimal(50)),
    ]


def test_a_dated_obligation_of_people_is_everyone_by_the_deadline() -> None:
    sentence = fold("Viên chức các trường phải dùng phần mềm quản lý hồ sơ trước tháng 3/2023.")
    found = implied_target(sentence, dated=True, opens_with_deadline=False)
    assert found is not None and (found.value, found.rule) == (Decimal(100), "dated_obligation")


def test_a_dated_rollout_to_a_level_is_each_unit() -> None:
    sentence = fold("Năm 2022, triển khai phần mềm hộ tịch tại các xã, phường, thị trấn.")
    found = implied_target(sentence, dated=True, opens_with_deadline=True, after_deadline=9)
    assert found is not None and (found.judge, found.scope_hint) == ("each_unit", ("@commune",))


def test_a_sentence_without_a_figure_or_a_deadline_sets_no_target() -> None:
    sentence = fold("Tăng cường tuyên truyền về chuyển đổi số trong nhân dân.")
    assert targets("Tăng cường tuyên truyền về chuyển đổi số trong nhân dân.") == []
    assert implied_target(sentence, dated=False, opens_with_deadline=False) is None
