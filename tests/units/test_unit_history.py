"""Merges, splits, renames and abolitions are dated events; old reports keep old names."""

from __future__ import annotations

import datetime as dt

import pytest

from config.errors import DomainError
from tests.conftest import Province
from tests.factories import UnitFactory, level
from units.models import Unit, UnitEvent
from units.selectors import unit_name_on, units_valid_on
from units.services import unit_abolish, unit_rename, unit_split, units_merge

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_rename_keeps_the_old_name_for_earlier_dates(province: Province) -> None:
    unit_rename(
        unit=province.district,
        new_name="UBND phường Vĩnh Yên",
        effective_on=D(2025, 7, 1),
        legal_document="Nghị quyết sắp xếp đơn vị hành chính",
        by=None,
    )
    district = Unit.objects.get(pk=province.district.pk)
    assert district.name == "UBND phường Vĩnh Yên"
    assert unit_name_on(district, D(2016, 3, 31)) == "UBND thành phố Vĩnh Yên"
    assert unit_name_on(district, D(2025, 7, 1)) == "UBND phường Vĩnh Yên"
    event = UnitEvent.objects.get()
    assert (event.kind, event.old_name, list(event.after.all())) == (
        "rename",
        "UBND thành phố Vĩnh Yên",
        [district],
    )


def test_two_renames_give_each_period_its_own_name(province: Province) -> None:
    unit = province.home_affairs
    unit_rename(
        unit=unit,
        new_name="Sở Nội vụ (2)",
        effective_on=D(2020, 1, 1),
        legal_document="QĐ 1",
        by=None,
    )
    unit_rename(
        unit=unit,
        new_name="Sở Nội vụ (3)",
        effective_on=D(2025, 1, 1),
        legal_document="QĐ 2",
        by=None,
    )
    assert [unit_name_on(unit, d) for d in (D(2019, 1, 1), D(2021, 1, 1), D(2026, 1, 1))] == [
        "Sở Nội vụ",
        "Sở Nội vụ (2)",
        "Sở Nội vụ (3)",
    ]


def test_a_merge_closes_the_old_units_the_day_before_and_keeps_them(province: Province) -> None:
    new = UnitFactory(code="VP-SKHCN", name="Sở Khoa học và Công nghệ", parent=province.root)
    event = units_merge(
        units=[province.dic, new],
        into=new,
        effective_on=D(2025, 3, 1),
        legal_document="Nghị quyết hợp nhất Sở TT&TT và Sở KH&CN",
        by=None,
    )
    dic = Unit.objects.get(pk=province.dic.pk)
    assert (dic.active, dic.valid_to) == (False, D(2025, 2, 28))
    assert Unit.objects.get(pk=new.pk).active
    assert set(event.before.all()) == {dic, new} and list(event.after.all()) == [new]
    valid = units_valid_on(Unit.objects.filter(pk__in=[dic.pk, new.pk]), D(2025, 3, 1))
    assert list(valid) == [new]


def test_abolishing_the_district_level_moves_communes_to_the_successor(province: Province) -> None:
    unit_abolish(
        unit=province.district,
        effective_on=D(2025, 7, 1),
        legal_document="Luật Tổ chức chính quyền địa phương 2025",
        by=None,
        successor=province.root,
    )
    commune = Unit.objects.get(pk=province.commune.pk)
    assert commune.parent_id == province.root.pk
    assert Unit.objects.get(pk=province.district.pk).valid_to == D(2025, 6, 30)


def test_abolishing_a_unit_with_children_needs_a_successor(province: Province) -> None:
    with pytest.raises(DomainError):
        unit_abolish(
            unit=province.district, effective_on=D(2025, 7, 1), legal_document="NQ", by=None
        )
    assert Unit.objects.get(pk=province.district.pk).active


def test_a_split_needs_two_new_units_and_closes_the_old_one(province: Province) -> None:
    halves = [UnitFactory(parent=province.root, level=level("commune")) for _ in range(2)]
    with pytest.raises(DomainError):
        unit_split(
            unit=province.other_commune,
            into=halves[:1],
            effective_on=D(2020, 1, 1),
            legal_document="NQ",
            by=None,
        )
    unit_split(
        unit=province.other_commune,
        into=halves,
        effective_on=D(2020, 1, 1),
        legal_document="NQ",
        by=None,
    )
    assert not Unit.objects.get(pk=province.other_commune.pk).active
    assert all(Unit.objects.get(pk=h.pk).valid_from == D(2020, 1, 1) for h in halves)


def test_changes_need_a_legal_document_and_an_active_unit(province: Province) -> None:
    with pytest.raises(DomainError):
        unit_rename(
            unit=province.dic, new_name="X", effective_on=D(2025, 1, 1), legal_document=" ", by=None
        )
    unit_rename(
        unit=province.dic, new_name="X", effective_on=D(2025, 1, 1), legal_document="QĐ", by=None
    )
    province.dic.refresh_from_db()
    units_merge(
        units=[province.dic],
        into=province.home_affairs,
        effective_on=D(2025, 3, 1),
        legal_document="NQ",
        by=None,
    )
    province.dic.refresh_from_db()
    with pytest.raises(DomainError):
        unit_rename(
            unit=province.dic,
            new_name="Y",
            effective_on=D(2025, 4, 1),
            legal_document="QĐ",
            by=None,
        )
