"""Which of a user's units each directive expects: the same answer as the directive's whole list
of reporting units, in a fixed number of queries whatever the number of directives."""

from __future__ import annotations

import pytest

from directives.selectors import directive_reporting_units, reporting_units_among
from tests.conftest import Province, make_province
from tests.factories import (
    DirectiveFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    level,
)

pytestmark = pytest.mark.django_db


def test_it_agrees_with_the_directives_reporting_units_and_stays_in_its_province(
    province: Province, django_assert_num_queries
) -> None:
    other = make_province("BT", "Bình Thuận")
    by_level = DirectiveFactory(report_to=province.dic)  # every district of the province
    TargetScopeFactory(target=TargetFactory(task=TaskFactory(directive=by_level)))
    by_name = DirectiveFactory(report_to=province.dic)  # one commune, named
    TaskAssigneeFactory(task=TaskFactory(directive=by_name), unit=province.commune, level=None)
    communes = DirectiveFactory(report_to=province.dic)  # the commune level, as assignees
    TaskAssigneeFactory(task=TaskFactory(directive=communes), unit=None, level=level("commune"))
    theirs = DirectiveFactory(report_to=other.dic)  # the other province's districts
    TargetScopeFactory(target=TargetFactory(task=TaskFactory(directive=theirs)))
    directives = [by_level, by_name, communes, theirs]
    units = [province.district, province.commune, province.other_commune, other.district]

    with django_assert_num_queries(3):
        found = reporting_units_among(directives, units)

    wanted = {u.pk for u in units}
    assert found == {
        d.pk: set(directive_reporting_units(d).filter(pk__in=wanted).values_list("pk", flat=True))
        for d in directives
    }
    assert found[by_level.pk] == {province.district.pk}
    assert found[by_name.pk] == {province.commune.pk}
    assert found[communes.pk] == {province.commune.pk, province.other_commune.pk}
    assert found[theirs.pk] == {other.district.pk}


def test_no_directive_or_no_unit_costs_nothing(province: Province, django_assert_num_queries):
    directive = DirectiveFactory(report_to=province.dic)
    with django_assert_num_queries(0):
        assert reporting_units_among([], [province.district]) == {}
        assert reporting_units_among([directive], []) == {}
