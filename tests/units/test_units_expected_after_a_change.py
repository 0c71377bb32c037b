"""From a change's date the units it closed are no longer expected to report, and the units it
created are: validity is read on the period's last day (the structure "as at the end of the
period", unit-changes.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from directives.selectors import directive_reporting_units
from reports.submissions.selectors import reporting_obligations
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    PeriodFactory,
    TaskAssigneeFactory,
    TaskFactory,
    UnitFactory,
    level,
    user_with_role,
)
from units.changes import unit_changes_import
from units.models import Role, Unit
from units.selectors import units_valid_on

D = dt.date
pytestmark = pytest.mark.django_db
MERGER = b"""format: chitieu/unit-changes@1
changes:
  - date: 2025-07-01
    kind: merge
    document: "1234/QD-UBND"
    from: [VP-STTTT, VP-KHCN]
    into: VP-SKHCN
"""


@pytest.fixture
def merged(province: Province) -> Unit:
    """The DIC and the old science department merged into a department created on 1 July."""
    UnitFactory(code="VP-KHCN", name="Sở KH&CN cũ", parent=province.root)
    science = UnitFactory(
        code="VP-SKHCN", name="Sở Khoa học và Công nghệ", parent=province.root,
        valid_from=D(2025, 7, 1),
    )  # fmt: skip
    unit_changes_import(data=MERGER)
    return science


def test_a_closed_unit_is_not_valid_in_a_period_after_its_end(
    province: Province, merged: Unit
) -> None:
    departments = Unit.objects.filter(code__in=["VP-STTTT", "VP-KHCN", "VP-SKHCN"])
    assert set(units_valid_on(departments, D(2025, 6, 30)).values_list("code", flat=True)) == {
        "VP-STTTT",
        "VP-KHCN",
    }
    assert list(units_valid_on(departments, D(2025, 9, 30)).values_list("code", flat=True)) == [
        "VP-SKHCN"
    ]


def test_the_directive_expects_the_old_units_before_the_merger_and_the_new_one_after(
    province: Province, merged: Unit
) -> None:
    directive = DirectiveFactory(report_to=province.root, effective_from=D(2025, 1, 1))
    TaskAssigneeFactory(task=TaskFactory(directive=directive), unit=None, level=level("department"))
    expected = lambda day: set(  # noqa: E731
        directive_reporting_units(directive, on=day)
        .filter(code__in=["VP-STTTT", "VP-KHCN", "VP-SKHCN"])
        .values_list("code", flat=True)
    )
    assert expected(D(2025, 6, 30)) == {"VP-STTTT", "VP-KHCN"}
    assert expected(D(2025, 9, 30)) == {"VP-SKHCN"}


def test_a_reporter_of_a_closed_unit_owes_its_last_period_and_no_later_one(
    province: Province, merged: Unit
) -> None:
    directive = DirectiveFactory(report_to=province.root, effective_from=D(2025, 1, 1))
    TaskAssigneeFactory(task=TaskFactory(directive=directive), unit=None, level=level("department"))
    q2 = PeriodFactory(year=2025, number=2, starts_on=D(2025, 4, 1), ends_on=D(2025, 6, 30),
                       due_on=D(2025, 7, 10))  # fmt: skip
    q3 = PeriodFactory(year=2025, number=3, starts_on=D(2025, 7, 1), ends_on=D(2025, 9, 30),
                       due_on=D(2025, 10, 10))  # fmt: skip
    owed = lambda unit: [  # noqa: E731
        o.period for o in reporting_obligations(user=user_with_role(Role.REPORTER, unit))
    ]
    assert owed(province.dic) == [q2]
    assert owed(merged) == [q3]
