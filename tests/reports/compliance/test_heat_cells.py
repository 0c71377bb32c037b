"""The heatmap's cell filter: how values read per indicator kind, and the link to the report."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from indicators.models import Indicator
from reports.compliance.dashboards import Cell, HeatRow
from reports.templatetags.dashboards import heat_cells
from units.models import Unit


def _columns() -> list[Indicator]:
    return [
        Indicator(code="ONE_DOOR", name="Phần mềm một cửa", kind=Indicator.Kind.BOOLEAN),
        Indicator(code="DOCS", name="Tỷ lệ hồ sơ", kind=Indicator.Kind.RATIO),
        Indicator(code="STAFF", name="Cán bộ", kind=Indicator.Kind.COUNT, display_unit="người"),
        Indicator(code="SHARE", name="Phần trăm", kind=Indicator.Kind.AMOUNT, display_unit="%"),
    ]


def test_yes_no_cells_read_co_khong_and_ratios_carry_a_percent_sign() -> None:
    cells = [Cell(Decimal(1), "met"), Cell(Decimal("87.5"), "missed"),
             Cell(Decimal(1234), "met"), Cell(Decimal("12.25"), "met")]  # fmt: skip
    html = heat_cells(HeatRow(Unit(name="Xã A"), None, cells), _columns())
    assert ">Có<" in html and ">87,5%<" in html and ">1.234<" in html and ">12,3%<" in html
    no = heat_cells(HeatRow(Unit(name="Xã A"), None, [Cell(Decimal(0), "missed"), None,
                                                       Cell(None, "no_data"), None]), _columns())  # fmt: skip
    assert ">Không<" in no and "cell-none" in no and ">—<" in no


def test_cells_link_to_the_report_when_the_unit_has_one() -> None:
    row = HeatRow(Unit(name="Xã A"), None, [Cell(Decimal(1), "met"), None, None, None], 42)
    url = reverse("reports:review", args=[42])
    assert f'<a href="{url}">Có</a>' in heat_cells(row, _columns())
    alone = HeatRow(Unit(name="Xã A"), None, [Cell(Decimal(1), "met"), None, None, None])
    assert "<a " not in heat_cells(alone, _columns())
