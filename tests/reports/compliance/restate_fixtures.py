"""A merger of departments for the restated-figures tests (hand-computed figures in
tests/reports/compliance/test_restated.py's docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from directives.models import Directive, Target
from reports.compliance.services import compliance_recompute
from reports.periods.models import Period
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    PeriodFactory,
    RatioIndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    UnitFactory,
    level,
)
from tests.reports.compliance.dashboard_fixtures import send_report
from units.models import Unit
from units.services import unit_abolish, unit_rename, units_merge

MERGED_ON = dt.date(2025, 7, 1)
DOCUMENT = "Quyết định số 1234/QĐ-UBND (ví dụ trong bài kiểm thử)"


@dataclass
class Merger:
    directive: Directive
    period: Period
    science: Unit  # Sở Khoa học và Công nghệ
    pooled: Target
    each: Target


def build_merger(province: Province) -> Merger:
    """Three departments report Q4/2016: Sở TT&TT 95/100, Sở Nội vụ 80/100, Sở KH&CN 90/100."""
    science = UnitFactory(code="VP-SKHCN", name="Sở Khoa học và Công nghệ", parent=province.root,
                          level=level("department"))  # fmt: skip
    directive = DirectiveFactory(report_to=province.dic, code="12/KH-UBND", reporting=["quarter"])
    online = RatioIndicatorFactory(code="DOCS_ONLINE", name="Tỷ lệ dịch vụ công trực tuyến")
    task = TaskFactory(directive=directive, number="1", title="Dịch vụ công trực tuyến",
                       due_on=dt.date(2016, 12, 31))  # fmt: skip
    TaskAssigneeFactory(task=task, unit=None, level=level("department"))
    pooled = TargetFactory(task=task, indicator=online, value=D(90), due_on=dt.date(2016, 12, 31),
                           position=1)  # fmt: skip
    each = TargetFactory(task=task, indicator=online, value=D(85), due_on=dt.date(2016, 12, 31),
                         judge=Target.Judge.EACH_UNIT, position=2)  # fmt: skip
    for target in (pooled, each):
        TargetScopeFactory(target=target, level=level("department"))
    period = PeriodFactory(kind="quarter", year=2016, number=4, starts_on=dt.date(2016, 9, 15),
                           ends_on=dt.date(2016, 12, 31), due_on=dt.date(2017, 1, 5))  # fmt: skip
    for unit, figure in ((province.dic, (95, 100)), (province.home_affairs, (80, 100)),
                         (science, (90, 100))):  # fmt: skip
        send_report(directive, period, unit, {"DOCS_ONLINE": figure})
    compliance_recompute(directive=directive, period=period)
    return Merger(directive, period, science, pooled, each)


def merge(province: Province, merger: Merger) -> None:
    units_merge(units=[province.home_affairs, merger.science], into=merger.science,
                effective_on=MERGED_ON, legal_document=DOCUMENT, by=None)  # fmt: skip


def abolish(province: Province) -> None:
    """Sở Nội vụ ends without a successor: its figures cannot be restated."""
    unit_abolish(unit=province.home_affairs, effective_on=MERGED_ON, legal_document=DOCUMENT,
                 by=None)  # fmt: skip


OLD_NAME, NEW_NAME = "Sở Thông tin và Truyền thông", "Sở Khoa học, Công nghệ và Truyền thông"


def build_renamed(province: Province) -> Merger:
    """The reports of build_merger, then Sở TT&TT renamed on 1/7/2025: its Q4/2016 report
    keeps the old name."""
    merger = build_merger(province)
    unit_rename(unit=province.dic, new_name=NEW_NAME, effective_on=MERGED_ON,
                legal_document=DOCUMENT, by=None)  # fmt: skip
    return merger


OLD_ROOT, NEW_ROOT = "UBND tỉnh Vĩnh Phúc", "UBND tỉnh Phú Thọ"
HOME_THEN, HOME_LATER = "Sở Nội vụ", "Sở Nội vụ và Lao động"


def build_renamed_history(province: Province) -> Merger:
    """The reports of build_merger (Q4/2016), then Sở Nội vụ renamed on 1/1/2020 and abolished
    on 1/7/2025 without successor (listed apart when restated, under its Q4/2016 name), and
    the province's root renamed on 1/7/2025 (the scope of every page and file)."""
    merger = build_merger(province)
    unit_rename(unit=province.home_affairs, new_name=HOME_LATER, effective_on=dt.date(2020, 1, 1),
                legal_document=DOCUMENT, by=None)  # fmt: skip
    abolish(province)
    unit_rename(unit=province.root, new_name=NEW_ROOT, effective_on=MERGED_ON,
                legal_document=DOCUMENT, by=None)  # fmt: skip
    return merger
