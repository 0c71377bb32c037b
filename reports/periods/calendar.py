"""Reporting period rules: data windows, due dates and labels. Plain functions, no database.

Decree 09/2019/NĐ-CP (Art. 12) fixes the data cut-off of periodic reports: a month runs from the
15th of the previous month to the 14th; a quarter from the 15th of the month before it to the
14th of its last month; the first half from 15/12 of the previous year to 14/6, the second from
15/6 to 14/12; nine months from 15/12 to 14/9; a year from 15/12 of the previous year to 14/12.
A deployment may use plain calendar windows instead.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection

from django.utils.translation import gettext as _

DECREE_09_2019 = "decree_09_2019"
CALENDAR = "calendar"
WINDOW_RULES = (DECREE_09_2019, CALENDAR)

# How many periods of each kind a year holds.
NUMBERS_PER_YEAR = {"month": 12, "quarter": 4, "half_year": 2, "nine_months": 1, "year": 1}
# The last month of each period, by kind and number.
_LAST_MONTH = {
    "month": lambda n: n,
    "quarter": lambda n: 3 * n,
    "half_year": lambda n: 6 * n,
    "nine_months": lambda n: 9,
    "year": lambda n: 12,
}
# The first month of each period, by kind and number.
_FIRST_MONTH = {
    "month": lambda n: n,
    "quarter": lambda n: 3 * n - 2,
    "half_year": lambda n: 6 * n - 5,
    "nine_months": lambda n: 1,
    "year": lambda n: 1,
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodRuleError(ValueError):
    pass


def check_period(kind: str, year: int, number: int) -> None:
    if kind not in NUMBERS_PER_YEAR:
        raise PeriodRuleError(_("Loại kỳ báo cáo không hợp lệ: %(kind)s.") % {"kind": kind})
    if not 1 <= number <= NUMBERS_PER_YEAR[kind]:
        raise PeriodRuleError(
            _("Kỳ số %(number)s không hợp lệ với loại kỳ này (từ 1 đến %(max)s).")
            % {"number": number, "max": NUMBERS_PER_YEAR[kind]}
        )
    if not 1900 <= year <= 2999:
        raise PeriodRuleError(_("Năm không hợp lệ: %(year)s.") % {"year": year})


def period_window(
    kind: str, year: int, number: int, rule: str
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the data the period's reports cover."""
    check_period(kind, year, number)
    first_month = _FIRST_MONTH[kind](number)
    last_month = _LAST_MONTH[kind](number)
    if rule == CALENDAR:
        last_day = calendar.monthrange(year, last_month)[1]
        return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)
    if rule != DECREE_09_2019:
        raise PeriodRuleError(_("Quy tắc chốt số liệu không hợp lệ: %(rule)s.") % {"rule": rule})
    # The window starts on the 15th of the month before the period's first month.
    start_year, start_month = (year - 1, 12) if first_month == 1 else (year, first_month - 1)
    return datetime.date(start_year, start_month, 15), datetime.date(year, last_month, 14)


def periods_containing(kind: str, day: datetime.date, rule: str) -> list[tuple[int, int]]:
    """The (year, number) of the periods of `kind` whose window holds `day` (none or one)."""
    if rule == DECREE_09_2019 and day.day >= 15:
        # From the 15th on, a day counts towards the next month's report.
        month_year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    else:
        month_year, month = day.year, day.month
    for number in range(1, NUMBERS_PER_YEAR[kind] + 1):
        if _FIRST_MONTH[kind](number) <= month <= _LAST_MONTH[kind](number):
            return [(month_year, number)]
    return []


def is_working_day(
    day: datetime.date,
    *,
    holidays: Collection[datetime.date],
    working_weekend_days: Collection[datetime.date],
) -> bool:
    if day in working_weekend_days:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    day: datetime.date,
    count: int,
    *,
    holidays: Collection[datetime.date],
    working_weekend_days: Collection[datetime.date],
) -> datetime.date:
    """The `count`-th working day after `day` (Saturdays, Sundays and holidays skipped)."""
    if count < 0:
        raise PeriodRuleError(_("Số ngày làm việc không được âm."))
    current = day
    remaining = count
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays=holidays, working_weekend_days=working_weekend_days):
            remaining -= 1
    return current


def period_label(kind: str, year: int, number: int) -> str:
    if kind == "month":
        return _("Tháng %(number)s năm %(year)s") % {"number": number, "year": year}
    if kind == "quarter":
        return _("Quý %(roman)s năm %(year)s") % {"roman": ROMAN[number], "year": year}
    if kind == "half_year":
        if number == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if kind == "nine_months":
        return _("9 tháng năm %(year)s") % {"year": year}
    return _("Năm %(year)s") % {"year": year}
