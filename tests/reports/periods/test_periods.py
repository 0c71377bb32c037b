"""Period rules of Decree 09/2019/NĐ-CP (Art. 12), checked on dated examples."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.periods.calendar import (
    CALENDAR,
    DECREE_09_2019,
    PeriodRuleError,
    add_working_days,
    period_label,
    period_window,
    periods_containing,
)

D = dt.date


@pytest.mark.parametrize(
    ("kind", "year", "number", "window"),
    [
        # a month: the 15th of the previous month to the 14th
        ("month", 2026, 1, (D(2025, 12, 15), D(2026, 1, 14))),
        ("month", 2026, 3, (D(2026, 2, 15), D(2026, 3, 14))),
        # a quarter: the 15th of the month before the quarter to the 14th of its last month
        ("quarter", 2026, 1, (D(2025, 12, 15), D(2026, 3, 14))),
        ("quarter", 2026, 2, (D(2026, 3, 15), D(2026, 6, 14))),
        ("quarter", 2016, 3, (D(2016, 6, 15), D(2016, 9, 14))),
        ("quarter", 2016, 4, (D(2016, 9, 15), D(2016, 12, 14))),
        # first half: 15/12 of the previous year to 14/6; second half: 15/6 to 14/12
        ("half_year", 2026, 1, (D(2025, 12, 15), D(2026, 6, 14))),
        ("half_year", 2026, 2, (D(2026, 6, 15), D(2026, 12, 14))),
        # nine months: 15/12 to 14/9; a year: 15/12 of the previous year to 14/12
        ("nine_months", 2026, 1, (D(2025, 12, 15), D(2026, 9, 14))),
        ("year", 2026, 1, (D(2025, 12, 15), D(2026, 12, 14))),
    ],
)
def test_decree_windows_follow_the_cut_off_rule(kind, year, number, window) -> None:
    assert period_window(kind, year, number, DECREE_09_2019) == window


@pytest.mark.parametrize(
    ("kind", "year", "number", "window"),
    [
        ("month", 2024, 2, (D(2024, 2, 1), D(2024, 2, 29))),
        ("quarter", 2026, 1, (D(2026, 1, 1), D(2026, 3, 31))),
        ("half_year", 2026, 2, (D(2026, 7, 1), D(2026, 12, 31))),
        ("nine_months", 2026, 1, (D(2026, 1, 1), D(2026, 9, 30))),
        ("year", 2026, 1, (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_calendar_windows_are_plain_calendar_spans(kind, year, number, window) -> None:
    assert period_window(kind, year, number, CALENDAR) == window


@pytest.mark.parametrize(
    ("kind", "number"), [("month", 0), ("month", 13), ("quarter", 5), ("half_year", 3), ("year", 2)]
)
def test_it_refuses_a_number_the_kind_does_not_have(kind: str, number: int) -> None:
    with pytest.raises(PeriodRuleError):
        period_window(kind, 2026, number, DECREE_09_2019)


def test_it_refuses_an_unknown_kind_or_rule() -> None:
    with pytest.raises(PeriodRuleError):
        period_window("week", 2026, 1, DECREE_09_2019)
    with pytest.raises(PeriodRuleError):
        period_window("quarter", 2026, 1, "lunar")


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        ("quarter", D(2026, 3, 14), [(2026, 1)]),  # last day of Q1's window
        ("quarter", D(2026, 3, 15), [(2026, 2)]),  # first day of Q2's window
        ("quarter", D(2025, 12, 15), [(2026, 1)]),  # mid-December already counts for next year
        ("year", D(2025, 12, 14), [(2025, 1)]),
        ("year", D(2025, 12, 15), [(2026, 1)]),
        ("half_year", D(2026, 6, 15), [(2026, 2)]),
        ("nine_months", D(2026, 10, 1), []),  # 15/9–14/12 belongs to no nine-month period
        ("month", D(2026, 11, 22), [(2026, 12)]),
    ],
)
def test_a_day_belongs_to_the_period_whose_window_holds_it(kind, day, expected) -> None:
    assert periods_containing(kind, day, DECREE_09_2019) == expected
    for year, number in expected:
        start, end = period_window(kind, year, number, DECREE_09_2019)
        assert start <= day <= end


def test_calendar_rule_puts_mid_december_in_its_own_year() -> None:
    assert periods_containing("quarter", D(2025, 12, 20), CALENDAR) == [(2025, 4)]


def test_working_days_skip_weekends() -> None:
    # 14/03/2026 (end of Q1's window) is a Saturday: two working days later is Tuesday 17/03.
    assert add_working_days(D(2026, 3, 14), 2, holidays=set(), working_weekend_days=set()) == D(
        2026, 3, 17
    )


def test_working_days_skip_holidays_and_count_compensatory_saturdays() -> None:
    friday = D(2026, 2, 13)
    tet = {D(2026, 2, 16) + dt.timedelta(days=i) for i in range(5)}
    assert add_working_days(friday, 1, holidays=tet, working_weekend_days=set()) == D(2026, 2, 23)
    assert add_working_days(friday, 1, holidays=tet, working_weekend_days={D(2026, 2, 14)}) == D(
        2026, 2, 14
    )


def test_zero_working_days_is_the_day_itself_and_negative_is_refused() -> None:
    assert add_working_days(D(2026, 3, 14), 0, holidays=set(), working_weekend_days=set()) == D(
        2026, 3, 14
    )
    with pytest.raises(PeriodRuleError):
        add_working_days(D(2026, 3, 14), -1, holidays=set(), working_weekend_days=set())


@pytest.mark.parametrize(
    ("kind", "number", "label"),
    [
        ("month", 3, "Tháng 3 năm 2026"),
        ("quarter", 1, "Quý I năm 2026"),
        ("quarter", 4, "Quý IV năm 2026"),
        ("half_year", 1, "6 tháng đầu năm 2026"),
        ("half_year", 2, "6 tháng cuối năm 2026"),
        ("nine_months", 1, "9 tháng năm 2026"),
        ("year", 1, "Năm 2026"),
    ],
)
def test_periods_have_vietnamese_labels(kind: str, number: int, label: str) -> None:
    assert period_label(kind, 2026, number) == label
