"""Unit names and level phrases, forgiving diacritics and abbreviations."""

from __future__ import annotations

import pytest

from directives.drafting.fold import fold
from directives.drafting.units_match import UnitMatcher, unmatched_names


@pytest.fixture
def matcher(drafting_province) -> UnitMatcher:
    return UnitMatcher(drafting_province.units, drafting_province.levels)


def selectors(matcher: UnitMatcher, text: str) -> list[str]:
    return [s for m in matcher.mentions(fold(text)) for s in m.selectors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ chủ trì rà soát.", ["LS-SNV"]),
        ("So Noi vu chu tri ra soat.", ["LS-SNV"]),
        ("Giao Sở TT&TT hướng dẫn.", ["LS-STTTT"]),
        ("Sở KH&ĐT bố trí vốn.", ["LS-SKHDT"]),
        ("Ủy ban nhân dân huyện Đông Hà báo cáo.", ["LS-DONGHA"]),
        ("UBND thị xã Tây Sơn báo cáo.", ["LS-TAYSON"]),
        ("Công an tỉnh phối hợp.", ["LS-CAT"]),
    ],
)
def test_a_unit_is_found_by_its_name_written_loosely(
    matcher: UnitMatcher, text: str, expected: list[str]
) -> None:
    assert selectors(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các sở, ban, ngành triển khai.", ["@department"]),
        ("Các sở ngành triển khai.", ["@department"]),
        ("UBND cấp huyện chỉ đạo.", ["@district"]),
        ("UBND các huyện, thành, thị chỉ đạo.", ["@district"]),
        ("Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố chỉ đạo.", ["@district"]),
        ("Kết nối đến các xã, phường, thị trấn.", ["@commune"]),
        ("Các sở, ngành, địa phương thực hiện.", ["@department", "@district"]),
        ("Các cơ quan, đơn vị thực hiện.", ["@department", "@district"]),
        ("Cơ quan các cấp tỉnh, huyện, xã được cấp.", ["@department", "@district", "@commune"]),
        ("Các doanh nghiệp viễn thông mở rộng vùng phủ.", ["@enterprise"]),
    ],
)
def test_a_collective_phrase_becomes_level_selectors(
    matcher: UnitMatcher, text: str, expected: list[str]
) -> None:
    assert selectors(matcher, text) == expected


def test_a_ministry_is_not_the_provinces_department(matcher: UnitMatcher) -> None:
    assert selectors(matcher, "Theo hướng dẫn của Bộ Nội vụ.") == []


def test_an_alias_mapped_once_is_used(drafting_province) -> None:
    taught = UnitMatcher(
        drafting_province.units,
        drafting_province.levels,
        {"Sở Thông tin - Truyền thông": "LS-STTTT"},
    )
    assert selectors(taught, "Sở Thông tin - Truyền thông chủ trì.") == ["LS-STTTT"]


def test_an_unknown_department_is_listed_to_be_mapped(matcher: UnitMatcher) -> None:
    text = "Sở Du lịch chủ trì, phối hợp với Sở Nội vụ."
    folded = fold(text)
    names = unmatched_names(matcher, text, folded, matcher.mentions(folded))
    assert [name for name, *_ in names] == ["Sở Du lịch"]


def test_a_misspelt_name_is_suggested_by_fuzzy_matching(matcher: UnitMatcher) -> None:
    code, score = matcher.fuzzy("Sở Giáo dụcc và Đào tạo")
    assert code == "LS-SGDDT" and score >= 88
