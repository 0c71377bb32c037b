from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from config.errors import DomainError
from reports.periods.models import Holiday, Period
from reports.periods.selectors import due_on_for
from reports.periods.services import period_close, period_open, periods_open_current
from tests.factories import DirectiveFactory

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_opens_a_quarter_with_the_decree_window_and_a_due_date_two_working_days_later() -> None:
    period = period_open(kind="quarter", year=2026, number=1)
    assert (period.starts_on, period.ends_on) == (D(2025, 12, 15), D(2026, 3, 14))
    # 14/03/2026 is a Saturday: Monday 16 and Tuesday 17 are the two working days.
    assert period.due_on == D(2026, 3, 17)
    assert period.status == Period.Status.OPEN
    assert period.label == "Quý I năm 2026"


def test_the_due_date_skips_holidays_in_the_database() -> None:
    # The first half of 2026 closes on Sunday 14/06; make Monday 15/06 a holiday for the test.
    Holiday.objects.create(date=D(2026, 6, 15), name="Ngày nghỉ thử")
    period = period_open(kind="half_year", year=2026, number=1)
    assert period.due_on == D(2026, 6, 17)


def test_a_compensatory_working_saturday_counts() -> None:
    Holiday.objects.create(date=D(2026, 3, 14), kind=Holiday.Kind.WORKING_DAY, name="Làm bù")
    Holiday.objects.create(date=D(2026, 3, 15), kind=Holiday.Kind.WORKING_DAY, name="Làm bù")
    assert period_open(kind="quarter", year=2026, number=1).due_on == D(2026, 3, 16)


@override_settings(CHITIEU_DUE_WORKING_DAYS=5)
def test_the_default_number_of_working_days_is_a_setting() -> None:
    assert period_open(kind="quarter", year=2026, number=1).due_on == D(2026, 3, 20)


@override_settings(CHITIEU_PERIOD_WINDOWS="calendar")
def test_a_deployment_may_use_calendar_windows() -> None:
    period = period_open(kind="quarter", year=2026, number=1)
    assert (period.starts_on, period.ends_on, period.due_on) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        D(2026, 4, 2),
    )


def test_a_directive_may_set_its_own_working_days() -> None:
    period = period_open(kind="quarter", year=2026, number=1)
    assert due_on_for(period, DirectiveFactory(due_working_days=None)) == D(2026, 3, 17)
    assert due_on_for(period, DirectiveFactory(due_working_days=5)) == D(2026, 3, 20)


def test_opening_twice_changes_nothing_and_reopens_a_closed_period() -> None:
    first = period_open(kind="year", year=2026, number=1)
    assert period_open(kind="year", year=2026, number=1).pk == first.pk
    period_close(period=first)
    assert period_open(kind="year", year=2026, number=1).status == Period.Status.OPEN
    assert Period.objects.count() == 1


def test_closing_a_closed_period_is_refused() -> None:
    period = period_close(period=period_open(kind="year", year=2026, number=1))
    with pytest.raises(DomainError):
        period_close(period=period)


def test_an_impossible_period_is_refused_with_a_message() -> None:
    with pytest.raises(DomainError, match="Kỳ số 5"):
        period_open(kind="quarter", year=2026, number=5)


def test_it_opens_the_current_periods_of_the_kinds_directives_in_force_use() -> None:
    DirectiveFactory(reporting=["quarter", "year"], effective_from=D(2025, 1, 1))
    DirectiveFactory(
        reporting=["month"], effective_from=D(2015, 1, 1), effective_to=D(2017, 12, 31)
    )
    opened = periods_open_current(today=D(2026, 11, 22))
    assert sorted((p.kind, p.year, p.number) for p in opened) == [
        ("quarter", 2026, 4),
        ("year", 2026, 1),
    ]
    assert periods_open_current(today=D(2026, 11, 22)) == opened
