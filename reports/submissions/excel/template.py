"""Writing the template: the report as a workbook, pre-filled with its current draft."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from config.vn import format_date
from directives.models import TaskAssignee
from directives.texts import target_statement
from indicators.models import Indicator
from reports.periods.selectors import due_on_for
from reports.submissions.excel.layout import (
    DATE_FORMAT,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    IDENTITY_SHEET,
    NO,
    TASK_COLUMNS,
    TASKS_SHEET,
    VALUE_COLUMNS,
    VALUES_SHEET,
    YES,
    Columns,
    T,
    V,
    neutralised,
    status_labels,
)
from reports.submissions.models import Submission, TaskUpdate
from reports.submissions.selectors import IndicatorRow, ReportRows, TaskRow, report_rows
from units.selectors import unit_name_on

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
# The indicator's code is how the upload finds its row: kept, small and grey, beside the name
# people read.
CODE_FONT = Font(size=8, color="6B6B6B")
INPUT_HINT = (
    "Nhập vào các ô nền vàng. Số: nhập như số của Excel hoặc viết 1.234,5 (dấu chấm ngăn "
    "nghìn, dấu phẩy thập phân). Tỷ lệ: nhập tử số và mẫu số, giá trị do hệ thống tính. "
    "Ngày: ngày/tháng/năm. Không dùng công thức trong ô nhập."
)


def template_filename(submission: Submission) -> str:
    with translation.override("vi"):
        period = slugify(submission.period.label.replace("đ", "d").replace("Đ", "D"))
    directive = slugify(submission.directive.code.replace("/", "-"))
    return f"bao-cao-{submission.unit.code}-{period}-{directive}.xlsx"


def report_template(submission: Submission) -> bytes:
    """The report as a workbook to fill in offline, pre-filled with its current draft."""
    rows = report_rows(submission)
    due_on = due_on_for(submission.period, submission.directive)
    unit_name = unit_name_on(submission.unit, submission.period.ends_on)  # as in its period
    book = Workbook()
    with translation.override("vi"):
        _values_sheet(book.active, rows, due_on, unit_name)
        _tasks_sheet(book.create_sheet(TASKS_SHEET), rows, due_on, unit_name)
    _identity_sheet(book.create_sheet(IDENTITY_SHEET), submission)
    book.security = WorkbookProtection(lockStructure=True)  # no sheet deleted or renamed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(ws: Worksheet, row: int, column: int, value: Any, *, entry: bool = False) -> Any:
    if isinstance(value, str):
        value = neutralised(value)
    elif isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value.normalize()
    cell = ws.cell(row, column, value)
    cell.alignment = WRAP
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if entry:
        cell.protection = UNLOCKED
        cell.fill = INPUT_FILL
    return cell


def _heading(
    ws: Worksheet, rows: ReportRows, due_on: datetime.date, unit_name: str, title: str,
    columns: Columns,
) -> None:  # fmt: skip
    submission = rows.submission
    last = get_column_letter(len(columns))
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    directive = submission.directive
    facts = [
        ("Đơn vị báo cáo", unit_name),
        ("Kỳ báo cáo", submission.period.label),
        ("Văn bản", f"{directive.code} — {directive.title}"),
        ("Hạn nộp", format_date(due_on)),
    ]
    for row, (label, value) in enumerate(facts, 2):
        ws.cell(row, 1, label).font = BOLD
        _put(ws, row, 2, value)
        ws.merge_cells(f"B{row}:{last}{row}")
    hint = ws.cell(6, 1, INPUT_HINT)
    hint.font, hint.alignment = Font(italic=True), WRAP
    ws.merge_cells(f"A6:{last}6")
    ws.row_dimensions[6].height = 30
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is no accident
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for column, (_key, header, width) in enumerate(columns, 1):
        cell = ws.cell(HEADER_ROW, column, header)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        ws.column_dimensions[get_column_letter(column)].width = width


def _validation(kind: str, message: str, **options: Any) -> DataValidation:
    """A check the spreadsheet program makes as the user types; the upload is what decides."""
    return DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=message,
        **options,
    )


def _add(ws: Worksheet, validations: list[DataValidation]) -> None:
    for validation in validations:
        if validation.sqref:  # an empty range makes a file Excel calls damaged
            ws.add_data_validation(validation)


def _values_sheet(ws: Worksheet, rows: ReportRows, due_on: datetime.date, unit_name: str) -> None:
    ws.title = VALUES_SHEET
    _heading(ws, rows, due_on, unit_name, "SỐ LIỆU CÁC CHỈ SỐ", VALUE_COLUMNS)
    decimal = _validation(
        "decimal", "Nhập số không âm.", operator="greaterThanOrEqual", formula1="0"
    )
    whole = _validation(
        "whole", "Nhập số nguyên không âm.", operator="greaterThanOrEqual", formula1="0"
    )
    rank = _validation(
        "whole", "Thứ hạng là số nguyên từ 1.", operator="greaterThanOrEqual", formula1="1"
    )
    percent = _validation(
        "decimal", "Nhập số từ 0 đến 100.", operator="between", formula1="0", formula2="100"
    )
    yes_no = _validation("list", "Chọn Có hoặc Không.", formula1=f'"{YES},{NO}"')
    by_kind = {
        Indicator.Kind.COUNT: whole,
        Indicator.Kind.AMOUNT: decimal,
        Indicator.Kind.BOOLEAN: yes_no,
        Indicator.Kind.RANK: rank,
    }
    for r, row in enumerate(rows.indicators, FIRST_ROW):
        indicator, stored = row.indicator, row.value
        name = indicator.name
        if indicator.kind == Indicator.Kind.RATIO:
            name += f"\nTử số: {indicator.numerator_label}\nMẫu số: {indicator.denominator_label}"
        _put(ws, r, V["code"], indicator.code).font = CODE_FONT
        _put(ws, r, V["name"], name)
        _put(ws, r, V["unit"], indicator.display_unit)
        _put(ws, r, V["target"], _targets_text(row))
        _put(ws, r, V["previous"], _shown(indicator, row.previous))
        if indicator.kind == Indicator.Kind.RATIO:
            for part in ("numerator", "denominator"):
                cell = _put(ws, r, V[part], getattr(stored, part, None), entry=True)
                (whole if indicator.whole_parts else decimal).add(cell.coordinate)
            n, d = (f"{get_column_letter(V[p])}{r}" for p in ("numerator", "denominator"))
            ws.cell(
                r,
                V["value"],
                f'=IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}>0),ROUND({n}/{d}*100,4),"")',
            )
        else:
            cell = _put(
                ws, r, V["value"], _shown(indicator, getattr(stored, "value", None)), entry=True
            )
            kind_rule = by_kind.get(indicator.kind, decimal)
            if indicator.display_unit == "%" and kind_rule is decimal:
                kind_rule = percent
            kind_rule.add(cell.coordinate)
        _put(ws, r, V["note"], getattr(stored, "note", ""), entry=True)
    _add(ws, [decimal, whole, rank, percent, yes_no])


def _targets_text(row: IndicatorRow) -> str:
    parts = []
    for target in row.targets:
        text = target_statement(target)
        if target.due_on:
            text += f" (hạn {format_date(target.due_on)})"
        parts.append(text)
    return "; ".join(parts)


def _shown(indicator: Indicator, value: Decimal | None) -> Any:
    if value is not None and indicator.kind == Indicator.Kind.BOOLEAN:
        return YES if value else NO
    return value


def _tasks_sheet(ws: Worksheet, rows: ReportRows, due_on: datetime.date, unit_name: str) -> None:
    _heading(ws, rows, due_on, unit_name, "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", TASK_COLUMNS)
    labels = status_labels()
    status = _validation(
        "list",
        "Chọn một tình hình trong danh sách.",
        formula1='"' + ",".join(labels.values()) + '"',
    )
    day = _validation(
        "date",
        "Nhập ngày dạng ngày/tháng/năm.",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
    )
    length = _validation(
        "textLength", "Tối đa 5.000 ký tự.", operator="lessThanOrEqual", formula1="5000"
    )
    for r, row in enumerate(rows.tasks, FIRST_ROW):
        task, update = row.task, row.update
        _put(ws, r, T["number"], task.number)
        _put(ws, r, T["title"], task.title)
        _put(ws, r, T["role"], str(TaskAssignee.Role(row.role).label))
        _put(ws, r, T["due_on"], task.due_on or "Thường xuyên")
        status.add(_put(ws, r, T["status"], _status_shown(row, labels), entry=True).coordinate)
        completed = getattr(update, "completed_on", None)
        day.add(_put(ws, r, T["completed_on"], completed, entry=True).coordinate)
        if completed is None:
            ws.cell(r, T["completed_on"]).number_format = DATE_FORMAT
        for part in ("progress", "difficulties", "proposals"):
            length.add(_put(ws, r, T[part], getattr(update, part, ""), entry=True).coordinate)
    _add(ws, [status, day, length])


def _status_shown(row: TaskRow, labels: dict[str, str]) -> str | None:
    """The input status behind a stored one: late or overdue are derived from the dates."""
    if row.update is None:
        return None
    stored = row.update.status
    if stored == TaskUpdate.Status.DONE_LATE:
        stored = TaskUpdate.Status.DONE_ON_TIME
    elif stored == TaskUpdate.Status.OVERDUE:  # as the web form shows it
        stored = TaskUpdate.Status.IN_PROGRESS
    return labels.get(stored)


def _identity_sheet(ws: Worksheet, submission: Submission) -> None:
    period = submission.period
    facts = [
        ("format", FORMAT),
        ("submission", submission.pk),
        ("unit", submission.unit.code),
        ("period_kind", period.kind),
        ("period_year", period.year),
        ("period_number", period.number),
        ("directive", submission.directive.code),
        ("version", submission.version),
    ]
    for row, (key, value) in enumerate(facts, 1):
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
