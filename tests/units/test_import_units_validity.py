"""The units CSV's optional `valid_from` / `valid_to` columns (ISO dates; empty = open)."""

from __future__ import annotations

import datetime as dt

import pytest

from config.errors import ImportRejected
from tests.conftest import Province
from units.models import Unit
from units.services import units_import

D = dt.date
pytestmark = pytest.mark.django_db
HEADER = "code,name,parent,level,kind,valid_from,valid_to\n"


def load(text: str) -> None:
    units_import(data=text.encode())


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ImportRejected) as refused:
        load(text)
    return [(p.line, p.path, p.message) for p in refused.value.problems]


def test_a_new_unit_gets_its_validity_and_empty_cells_leave_it_open(province: Province) -> None:
    load(
        HEADER
        + "VP-SKHCN,Sở Khoa học và Công nghệ,VP,department,Sở,2025-07-01,\n"
        + "VP-SNV,Sở Nội vụ,VP,department,Sở,,2025-06-30\n"
    )
    new = Unit.objects.get(code="VP-SKHCN")
    assert (new.valid_from, new.valid_to) == (D(2025, 7, 1), None)
    assert Unit.objects.get(code="VP-SNV").valid_to == D(2025, 6, 30)
    load(HEADER + "VP-SNV,Sở Nội vụ,VP,department,Sở,,\n")
    assert Unit.objects.get(code="VP-SNV").valid_to is None


def test_a_file_without_the_columns_keeps_the_dates_of_known_units(province: Province) -> None:
    load(HEADER + "VP-SNV,Sở Nội vụ,VP,department,Sở,2001-01-01,2025-06-30\n")
    load("code,name,parent,level,kind\nVP-SNV,Sở Nội vụ,VP,department,Sở\n")
    unit = Unit.objects.get(code="VP-SNV")
    assert (unit.valid_from, unit.valid_to) == (D(2001, 1, 1), D(2025, 6, 30))


def test_bad_dates_and_dates_out_of_order_are_refused_with_their_lines(
    province: Province,
) -> None:
    load("code,name,parent,level,kind,valid_from\nVP-SNV,Sở Nội vụ,VP,department,Sở,2020-01-01\n")
    assert problems(
        HEADER
        + "VP-A,A,VP,department,Sở,2025-02-30,\n"
        + "VP-B,B,VP,department,Sở,01/07/2025,\n"
        + "VP-C,C,VP,department,Sở,2025-07-01,2025-06-30\n"
    ) == [
        (2, "valid_from", "ngày không hợp lệ '2025-02-30'; dùng dạng YYYY-MM-DD"),
        (3, "valid_from", "ngày không hợp lệ '01/07/2025'; dùng dạng YYYY-MM-DD"),
        (4, "valid_to", "ngày kết thúc 2025-06-30 trước ngày bắt đầu 2025-07-01"),
    ]
    # Only `valid_to` in the file: checked against the start already stored.
    assert problems(
        "code,name,parent,level,kind,valid_to\nVP-SNV,Sở Nội vụ,VP,department,Sở,2019-12-31\n"
    ) == [(2, "valid_to", "ngày kết thúc 2019-12-31 trước ngày bắt đầu 2020-01-01")]
    assert Unit.objects.filter(code__in=["VP-A", "VP-B", "VP-C"]).count() == 0
