from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from config.vn import format_date, format_number, format_percent, long_date


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (Decimal("0.5"), 2, "0,5"),
        (-1234.25, 2, "-1.234,25"),
        (999, 0, "999"),
        (Decimal("2.005"), 2, "2,01"),
        (None, 0, ""),
    ],
)
def test_numbers_use_dots_for_thousands_and_a_comma_for_decimals(value, decimals, text) -> None:
    assert format_number(value, decimals) == text


def test_percentages_are_written_98_comma_62() -> None:
    assert format_percent(Decimal("98.6234")) == "98,62%"
    assert format_percent(100) == "100%"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 25), "ngày 25 tháng 12 năm 2026"),
    ],
)
def test_long_dates_put_a_zero_before_days_below_10_and_months_1_and_2_only(day, text) -> None:
    assert long_date(day) == text


def test_short_dates_and_template_filters() -> None:
    assert format_date(dt.date(2016, 7, 1)) == "01/07/2016"
    rendered = Template(
        "{% load vn %}{{ n|vn_number:1 }} {{ p|vn_percent }} {{ d|vn_date }}"
    ).render(Context({"n": 1234.5, "p": 98.62, "d": dt.date(2026, 1, 5)}))
    assert rendered == "1.234,5 98,62% 05/01/2026"


@pytest.mark.django_db
def test_targets_read_as_an_officer_writes_them() -> None:
    from directives.texts import target_statement
    from tests.factories import IndicatorFactory, RatioIndicatorFactory, TargetFactory

    assert target_statement(TargetFactory(value=Decimal("80"))) == "≥ 80%"
    assert (
        target_statement(TargetFactory(indicator=RatioIndicatorFactory(), value=Decimal("62.5")))
        == "≥ 62,5%"
    )
    people = IndicatorFactory(kind="count", display_unit="người")
    assert target_statement(TargetFactory(indicator=people, value=Decimal("1"))) == "≥ 1 người"
    yes_no = IndicatorFactory(kind="boolean", display_unit="")
    assert (
        target_statement(TargetFactory(indicator=yes_no, value=Decimal("1"), judge="each_unit"))
        == "Có"
    )
    rank = IndicatorFactory(kind="rank", display_unit="", higher_is_better=False)
    assert (
        target_statement(TargetFactory(indicator=rank, op="<=", value=Decimal("20"))) == "≤ hạng 20"
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("0,75", Decimal("0.75")),
        ("1234.5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        (" 45 ", Decimal("45")),
        ("-3", Decimal("-3")),
        ("0.5", Decimal("0.5")),
    ],
)
def test_numbers_are_read_as_vietnamese_staff_type_them(text: str, number: Decimal) -> None:
    from config.vn import parse_number

    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.34.5", "1e5", "--1", "1.23,4.5", "=1+1"])
def test_anything_else_is_not_a_number(text: str) -> None:
    from config.vn import parse_number

    with pytest.raises(ValueError):
        parse_number(text)
