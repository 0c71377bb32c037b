"""An export made while the officer reads the portal in English: the report's and workbook's own
wording in English, what units and officers entered as they entered it (in Vietnamese)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable

import openpyxl
import pytest
from django.utils import translation

from directives.models import Directive, Task
from indicators.models import Indicator
from reports.exports.content import report_content
from reports.exports.pdf import Heading, heading, write_pdf
from reports.exports.workbook import write_workbook
from reports.submissions.models import TaskUpdate
from tests.conftest import Province
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.export_helpers import pdf_text
from units.models import Level, Unit
from units.selectors import province_profile_of

pytestmark = pytest.mark.django_db

# Letters English never uses: a word holding one is Vietnamese.
VIETNAMESE = re.compile(r"[^\x00-\x7f≥≤—–−…“”’·×\u00a0]")
WORD = re.compile(r"[^\s,.;:()/\[\]“”\"'+\-–—]+")


@pytest.fixture
def dash(province: Province) -> Dashboard:
    dash = build_dashboard(province)
    TaskUpdate.objects.filter(submission__unit=province.commune, task__number="1").update(
        difficulties="Thiếu kinh phí nâng cấp đường truyền", proposals="Đề nghị hỗ trợ kinh phí"
    )
    return dash


def _entered(head: Heading) -> set[str]:
    """Every word of what was entered: names, titles, the province profile, the units' words."""
    texts: list[str] = [
        head.owner, head.superior, head.issuer, head.number, head.place, head.signer_for,
        head.signer_title, head.signer_name, *head.recipients,
    ]  # fmt: skip
    texts += Unit.objects.values_list("name", flat=True)
    texts += Level.objects.values_list("name", flat=True)
    texts += Directive.objects.values_list("title", flat=True)
    texts += Task.objects.values_list("title", flat=True)
    for fields in Indicator.objects.values_list("name", "display_unit"):
        texts += fields
    for fields in TaskUpdate.objects.values_list("progress", "difficulties", "proposals"):
        texts += fields
    return {word for text in texts for word in WORD.findall(text or "")}


def _vietnamese_left(text: str, entered: set[str]) -> list[str]:
    return [w for w in WORD.findall(text) if VIETNAMESE.search(w) and w not in entered]


def _cells(book: openpyxl.Workbook) -> Iterable[str]:
    yield book.properties.title or ""
    for sheet in book.worksheets:
        yield sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield from (str(value) for value in row if isinstance(value, str))


def test_an_english_pdf_report_has_only_entered_text_in_vietnamese(
    dash: Dashboard, province: Province
) -> None:
    with translation.override("en"):
        content = report_content(directive=dash.directive, period=dash.period, area=province.root)
        head = heading(
            profile=province_profile_of(province.root), number="12", issued_on=dt.date(2017, 1, 5)
        )
        out = io.BytesIO()
        write_pdf(content, head, out)
    text = re.sub(r"\s+", " ", pdf_text(out.getvalue()))
    for part in ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
                 "Vĩnh Phúc, 05/01/2017", "REPORT", "I. OVERALL RESULTS",
                 "VI. OVERALL ASSESSMENT", "Attached to Report No. 12/BC-STTTT of 05/01/2017",
                 "Thiếu kinh phí nâng cấp đường truyền (1 unit)", "Sở Nội vụ"):  # fmt: skip
        assert part in text, part
    assert not _vietnamese_left(text, _entered(head))


def test_an_english_workbook_has_only_entered_text_in_vietnamese(
    dash: Dashboard, province: Province
) -> None:
    with translation.override("en"):
        content = report_content(directive=dash.directive, period=dash.period, area=province.root)
        out = io.BytesIO()
        write_workbook(content, out, exported_at=dt.datetime(2017, 1, 20, 9, 5, tzinfo=dt.UTC))
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Summary", "Unit figures", "Task progress", "Reporting"]
    cells = list(_cells(book))
    assert any(cell.startswith("Exported at 16:05 on 20/01/2017;") for cell in cells), cells[:8]
    assert "Thiếu kinh phí nâng cấp đường truyền" in cells
    head = heading(profile=province_profile_of(province.root), number="", issued_on=dt.date.today())
    assert not _vietnamese_left(" ".join(cells), _entered(head))
