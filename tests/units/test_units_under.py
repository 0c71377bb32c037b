"""`units_under` walks down from one unit: the same units as the tree fields' descendants."""

from __future__ import annotations

import pytest

from tests.conftest import Province, make_province
from units.models import Unit
from units.selectors import units_under

pytestmark = pytest.mark.django_db


def test_it_reads_the_unit_and_everything_under_it(province: Province) -> None:
    make_province("HN", "Hà Nội")  # another tree, left out
    for unit in (province.root, province.district, province.commune):
        tree = Unit.objects.descendants(unit, include_self=True)
        assert set(units_under(unit.pk)) == set(tree)
    assert set(units_under(province.commune.pk)) == {province.commune}
    assert province.other_commune in units_under(province.root.pk)
