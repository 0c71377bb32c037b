"""A report's Excel round trip: a pre-filled template to fill in offline, and its upload.

The template is built from `report_rows`, like the web form and the review page. The upload is
read strictly, cell by cell, then saved through `submission_save`, so the rules live in one
place; every problem is located as "sheet!cell", and nothing is written unless the whole file
is valid. The file's layout and labels are Vietnamese whatever the interface language, so a
template downloaded in one language uploads in another.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from config.errors import DomainError, ImportRejected, Problem
from config.templatetags.vn import target_statement
from config.vn import format_date, format_number
from directives.models import TaskAssignee
from indicators.models import Indicator
from reports.models import Submission, TaskUpdate
from reports.periods import period_label
from reports.reporting import IndicatorRow, ReportRows, TaskRow, report_rows
from reports.selectors import due_on_for
from reports.submissions import StaleVersion, SubmissionInvalid, submission_save
from reports.validation import (
    TASK_INPUT_STATUSES,
    Report,
    TaskInput,
    ValueInput,
    check_task,
    check_value,
)

if TYPE_CHECKING:
    from django.core.files import File
    from openpyxl.worksheet.worksheet import Worksheet

    from units.models import User

FORMAT = "chitieu/report-xlsx@1"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUES_SHEET = "Chỉ số"
TASKS_SHEET = "Nhiệm vụ"
IDENTITY_SHEET = "_chitieu"
SHEETS = (VALUES_SHEET, TASKS_SHEET)
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
MAX_ROWS = 1000  # data rows read per sheet; a report has tens
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024  # an .xlsx is a zip: refuse a bomb before parsing it
SHEET_ROWS = 1_048_576  # a spreadsheet's last row
# A text starting with one of these is a formula to a spreadsheet (or to a CSV made from it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "Có", "Không"
DONE_LABEL = "Hoàn thành"  # on time or late is decided from the dates, not chosen
VN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
DATE_FORMAT = "DD/MM/YYYY"

# (key, header, width): the columns of each sheet, in order.
Columns = tuple[tuple[str, str, int], ...]
VALUE_COLUMNS: Columns = (
    ("code", "Mã chỉ số", 14),
    ("name", "Tên chỉ số", 46),
    ("unit", "Đơn vị tính", 10),
    ("target", "Chỉ tiêu của đơn vị", 24),
    ("previous", "Kỳ trước", 12),
    ("numerator", "Tử số", 13),
    ("denominator", "Mẫu số", 13),
    ("value", "Giá trị", 13),
    ("note", "Ghi chú", 36),
)
TASK_COLUMNS: Columns = (
    ("number", "Số", 7),
    ("title", "Nội dung nhiệm vụ", 46),
    ("role", "Vai trò", 10),
    ("due_on", "Thời hạn", 12),
    ("status", "Tình hình", 18),
    ("completed_on", "Ngày hoàn thành", 14),
    ("progress", "Kết quả thực hiện", 40),
    ("difficulties", "Khó khăn, vướng mắc", 30),
    ("proposals", "Đề xuất, kiến nghị", 30),
)
V = {key: i for i, (key, _h, _w) in enumerate(VALUE_COLUMNS, 1)}
T = {key: i for i, (key, _h, _w) in enumerate(TASK_COLUMNS, 1)}

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
INPUT_HINT = (
    "Nhập vào các ô nền vàng. Số: nhập như số của Excel hoặc viết 1.234,5 (dấu chấm ngăn "
    "nghìn, dấu phẩy thập phân). Tỷ lệ: nhập tử số và mẫu số, giá trị do hệ thống tính. "
    "Ngày: ngày/tháng/năm. Không dùng công thức trong ô nhập."
)


def status_labels() -> dict[str, str]:
    """Input status → its label in the file."""
    with translation.override("vi"):
        return {
            status: DONE_LABEL
            if status == TaskUpdate.Status.DONE_ON_TIME
            else str(TaskUpdate.Status(status).label)
            for status in TASK_INPUT_STATUSES
        }


def template_filename(submission: Submission) -> str:
    with translation.override("vi"):
        period = slugify(submission.period.label.replace("đ", "d").replace("Đ", "D"))
    directive = slugify(submission.directive.code.replace("/", "-"))
    return f"bao-cao-{submission.unit.code}-{period}-{directive}.xlsx"


# Writing the template ------------------------------------------------------------------------


def report_template(submission: Submission) -> bytes:
    """The report as a workbook to fill in offline, pre-filled with its current draft."""
    rows = report_rows(submission)
    due_on = due_on_for(submission.period, submission.directive)
    book = Workbook()
    with translation.override("vi"):
        _values_sheet(book.active, rows, due_on)
        _tasks_sheet(book.create_sheet(TASKS_SHEET), rows, due_on)
    _identity_sheet(book.create_sheet(IDENTITY_SHEET), submission)
    book.security = WorkbookProtection(lockStructure=True)  # no sheet deleted or renamed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def neutralised(text: str) -> str:
    """Text as a cell may hold it: without characters XML refuses, and never read as a formula
    (a leading apostrophe, which the upload takes off again)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith((*FORMULA_STARTS, "'")) else text


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
    ws: Worksheet, rows: ReportRows, due_on: datetime.date, title: str, columns: Columns
) -> None:
    submission = rows.submission
    last = get_column_letter(len(columns))
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    directive = submission.directive
    facts = [
        ("Đơn vị báo cáo", submission.unit.name),
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


def _values_sheet(ws: Worksheet, rows: ReportRows, due_on: datetime.date) -> None:
    ws.title = VALUES_SHEET
    _heading(ws, rows, due_on, "SỐ LIỆU CÁC CHỈ SỐ", VALUE_COLUMNS)
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
        _put(ws, r, V["code"], indicator.code)
        _put(ws, r, V["name"], name)
        _put(ws, r, V["unit"], indicator.display_unit)
        _put(ws, r, V["target"], _targets_text(row))
        _put(ws, r, V["previous"], _shown(indicator, row.previous))
        if indicator.kind == Indicator.Kind.RATIO:
            for part in ("numerator", "denominator"):
                cell = _put(ws, r, V[part], getattr(stored, part, None), entry=True)
                decimal.add(cell.coordinate)
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


def _tasks_sheet(ws: Worksheet, rows: ReportRows, due_on: datetime.date) -> None:
    _heading(ws, rows, due_on, "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", TASK_COLUMNS)
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


# Reading an upload ---------------------------------------------------------------------------


class _Bad(Exception):
    """One cell's content is not acceptable."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class _Where:
    sheet: int  # index in SHEETS
    row: int = 0  # 0: the sheet as a whole
    column: int = 0

    def __str__(self) -> str:
        if not self.row:
            return SHEETS[self.sheet]
        return f"{SHEETS[self.sheet]}!{get_column_letter(self.column)}{self.row}"


@dataclass
class _Upload:
    """What a workbook says, and where each indicator and task sits in it."""

    indicators: dict[str, Indicator]
    values: list[ValueInput] = field(default_factory=list)
    tasks: list[TaskInput] = field(default_factory=list)
    value_rows: dict[str, int] = field(default_factory=dict)
    task_rows: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[_Where, str]] = field(default_factory=list)

    def locate(self, messages: dict[str, list[str]]) -> list[tuple[_Where, str]]:
        """Field-keyed messages (`value:CODE:part`, `task:NUMBER:part`) placed on their cells."""
        located = []
        for key, texts in messages.items():
            where = self._where(key)
            located += [(where, text) for text in texts]
        return located

    def _where(self, key: str) -> _Where:
        kind, rest = key.split(":", 1)
        name, part = rest.rsplit(":", 1)
        if kind == "value":
            row = self.value_rows.get(name, 0)
            indicator = self.indicators.get(name)
            if part == "value" and indicator and indicator.kind == Indicator.Kind.RATIO:
                part = "numerator"
            return _Where(0, row, V.get(part, V["value"]) if row else 0)
        row = self.task_rows.get(name, 0)
        return _Where(1, row, T.get(part, T["status"]) if row else 0)


# What openpyxl raises on bytes that are not a sound workbook (XML errors are SyntaxErrors).
_UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    SyntaxError,
)


def _problems(located: list[tuple[_Where, str]]) -> list[Problem]:
    return [Problem(path=str(where), message=text) for where, text in sorted(located)]


def _file_problem(message: str) -> ImportRejected:
    return ImportRejected([Problem(path=_("Tệp"), message=message)])


def report_upload(*, submission: Submission, file: File | None, by: User | None) -> list[Problem]:
    """Save a report from its filled-in template; the warnings come back placed on cells.

    Raises ImportRejected listing every problem ("Chỉ số!F9: …"); then nothing was written.
    """
    rows = report_rows(submission)
    book = _open(file)
    try:
        version = _check_identity(book, submission)
        upload = _read(book, rows)
    except _UNREADABLE as error:
        raise _not_a_workbook() from error
    finally:
        book.close()
    if upload.problems:
        _check_rules(upload)
        raise ImportRejected(_problems(upload.problems))
    try:
        report = submission_save(
            submission=submission,
            version=version,
            values=upload.values,
            tasks=upload.tasks,
            by=by,
        )
    except SubmissionInvalid as error:
        raise ImportRejected(_problems(upload.locate(error.report.errors))) from None
    except StaleVersion as error:
        raise _file_problem(_stale_message(version, error.current)) from None
    except DomainError as error:
        raise _file_problem(error.message) from None
    return _problems(upload.locate(report.warnings))


def _not_a_workbook() -> ImportRejected:
    return _file_problem(
        _(
            "Tệp không phải bảng tính Excel (.xlsx) đọc được. Hãy tải tệp mẫu từ trang báo cáo, "
            "điền số liệu và lưu lại dưới dạng .xlsx."
        )
    )


def _open(file: File | None) -> Any:
    if file is None:
        raise _file_problem(_("Chưa chọn tệp Excel để nạp."))
    limit = settings.CHITIEU_MAX_UPLOAD_BYTES
    if file.size is None or file.size > limit:
        raise _file_problem(
            _("Tệp quá lớn (%(size)s MB); tệp mẫu báo cáo không được quá %(limit)s MB.")
            % {
                "size": format_number(Decimal(file.size or 0) / 2**20, 1),
                "limit": format_number(Decimal(limit) / 2**20, 1),
            }
        )
    data = file.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNZIPPED_BYTES:
            raise _file_problem(
                _(
                    "Nội dung tệp quá lớn khi giải nén (hơn %(limit)s MB); tệp mẫu không lớn như vậy."
                )
                % {"limit": MAX_UNZIPPED_BYTES // 2**20}
            )
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except _UNREADABLE as error:
        raise _not_a_workbook() from error


def _label(kind: Any, year: Any, number: Any) -> str:
    try:
        return period_label(str(kind), int(year), int(number))
    except (KeyError, TypeError, ValueError):
        return _("(không rõ)")


def _stale_message(template: int, current: int) -> str:
    return _(
        "Báo cáo đã được lưu sau khi tải tệp mẫu này (tệp mẫu: phiên bản %(template)s, hiện "
        "tại: phiên bản %(current)s). Hãy tải tệp mẫu mới, nhập lại số liệu rồi nạp lên; chưa "
        "có gì được lưu."
    ) % {"template": template, "current": current}


def _check_identity(book: Any, submission: Submission) -> int:
    """The version the template was downloaded at, when it is this report's own template."""
    foreign = _file_problem(
        _(
            "Không tìm thấy thông tin nhận diện của tệp mẫu: tệp này không phải tệp mẫu tải từ "
            "chitieu, hoặc đã bị sửa cấu trúc. Hãy tải tệp mẫu mới từ trang báo cáo."
        )
    )
    if IDENTITY_SHEET not in book.sheetnames:
        raise foreign
    found = {
        str(key): _plain(value)
        for key, value in book[IDENTITY_SHEET].iter_rows(max_row=20, max_col=2, values_only=True)
        if key is not None
    }
    try:
        version = int(found.get("version", ""))
    except ValueError:
        raise foreign from None
    if found.get("format") != FORMAT:
        raise foreign
    unit, period, directive = submission.unit, submission.period, submission.directive
    messages = []
    if found.get("unit") != unit.code:
        messages.append(
            _(
                "Tệp mẫu này là báo cáo của đơn vị mã %(file)s, không phải của %(unit)s "
                "(%(code)s). Hãy tải tệp mẫu từ báo cáo của đơn vị mình."
            )
            % {"file": found.get("unit"), "unit": unit.name, "code": unit.code}
        )
    in_file = (found.get("period_kind"), found.get("period_year"), found.get("period_number"))
    if in_file != (period.kind, str(period.year), str(period.number)):
        messages.append(
            _(
                "Tệp mẫu này dành cho kỳ %(file)s, không phải kỳ %(period)s của báo cáo này. "
                "Hãy tải tệp mẫu của kỳ %(period)s."
            )
            % {"file": _label(*in_file), "period": period.label}
        )
    if found.get("directive") != directive.code:
        messages.append(
            _("Tệp mẫu này dành cho văn bản %(file)s, không phải văn bản %(code)s.")
            % {"file": found.get("directive"), "code": directive.code}
        )
    if not messages and found.get("submission") != str(submission.pk):
        messages.append(_("Tệp mẫu này không phải của báo cáo này. Hãy tải tệp mẫu mới."))
    if not messages and version < submission.version:
        messages.append(_stale_message(version, submission.version))
    elif not messages and version != submission.version:
        messages.append(
            _("Phiên bản ghi trong tệp mẫu không khớp với báo cáo. Hãy tải tệp mẫu mới.")
        )
    if messages:
        raise ImportRejected([Problem(path=_("Tệp"), message=m) for m in messages])
    return version


def _read(book: Any, rows: ReportRows) -> _Upload:
    upload = _Upload(indicators={row.code: row.indicator for row in rows.indicators})
    readers = (
        (VALUE_COLUMNS, {row.code: row for row in rows.indicators}, _read_value),
        (TASK_COLUMNS, {row.task.number: row for row in rows.tasks}, _read_task),
    )
    for sheet, (columns, expected, read_row) in enumerate(readers):
        name = SHEETS[sheet]
        if name not in book.sheetnames:
            upload.problems.append((_Where(sheet), _("Thiếu trang tính này; hãy tải tệp mẫu mới.")))
            continue
        ws = book[name]
        headers = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
        if [_plain(h) for h in headers[: len(columns)]] != [h for _k, h, _w in columns]:
            upload.problems.append(
                (
                    _Where(sheet),
                    _("Các cột ở dòng %(row)s không đúng mẫu; hãy tải tệp mẫu mới.")
                    % {"row": HEADER_ROW},
                )
            )
            continue
        seen = upload.value_rows if sheet == 0 else upload.task_rows
        last = FIRST_ROW + MAX_ROWS - 1
        # Every row to the sheet's end, whatever its declared dimension says; the XML behind it
        # is bounded by MAX_UNZIPPED_BYTES and read as a stream.
        cells_by_row = ws.iter_rows(min_row=FIRST_ROW, max_row=SHEET_ROWS, max_col=len(columns))
        for r, cells in enumerate(cells_by_row, FIRST_ROW):
            if all(getattr(c, "value", None) in (None, "") for c in cells):
                continue
            if r > last:
                upload.problems.append(
                    (
                        _Where(sheet),
                        _("Có dữ liệu quá dòng %(row)s; tệp mẫu chỉ nhận %(max)s dòng.")
                        % {"row": last, "max": MAX_ROWS},
                    )
                )
                break
            line = _Line(sheet, r, cells)
            key = line.get(1, _plain)
            if not key:
                line.bad(1, _("Thiếu mã ở cột này; không thêm dòng mới vào tệp mẫu."))
            elif key not in expected:
                line.bad(
                    1, _("Mã %(key)s không thuộc báo cáo này; hãy tải tệp mẫu mới.") % {"key": key}
                )
            elif key in seen:
                line.bad(
                    1,
                    _("Mã %(key)s bị lặp (đã có ở dòng %(row)s).") % {"key": key, "row": seen[key]},
                )
            else:
                seen[key] = r
                read_row(line, expected[key], upload)
            upload.problems += line.problems
        for key in expected.keys() - seen.keys():
            upload.problems.append(
                (_Where(sheet), _("Thiếu dòng của mã %(key)s; hãy tải tệp mẫu mới.") % {"key": key})
            )
    return upload


@dataclass
class _Line:
    """One row of a sheet, read cell by cell; each bad cell is noted, not raised."""

    sheet: int
    row: int
    cells: tuple[Any, ...]
    problems: list[tuple[_Where, str]] = field(default_factory=list)

    def get(self, column: int, parse: Any) -> Any:
        cell = self.cells[column - 1]
        if getattr(cell, "data_type", None) == "f":  # read, never evaluated
            self.bad(column, _("Không được dùng công thức trong ô nhập; hãy nhập giá trị."))
            return None
        try:
            return parse(getattr(cell, "value", None))
        except _Bad as bad:
            self.bad(column, bad.message)
            return None

    def bad(self, column: int, message: str) -> None:
        self.problems.append((_Where(self.sheet, self.row, column), message))


def _read_value(line: _Line, row: IndicatorRow, upload: _Upload) -> None:
    indicator = row.indicator
    number, denominator, value = None, None, None
    if indicator.kind == Indicator.Kind.RATIO:  # the value column holds the template's formula
        number = line.get(V["numerator"], _number)
        denominator = line.get(V["denominator"], _number)
    elif indicator.kind == Indicator.Kind.BOOLEAN:
        value = line.get(V["value"], _yes_no)
    else:
        value = line.get(V["value"], _number)
    note = line.get(V["note"], _plain)
    if not line.problems:
        upload.values.append(ValueInput(indicator.code, value, number, denominator, note or ""))


def _read_task(line: _Line, row: TaskRow, upload: _Upload) -> None:
    status = line.get(T["status"], _status)
    completed_on = line.get(T["completed_on"], _date)
    texts = {
        part: line.get(T[part], _plain) or "" for part in ("progress", "difficulties", "proposals")
    }
    if line.problems:
        return
    if status is None:
        if completed_on is not None or any(texts.values()):
            line.bad(T["status"], _("Cần chọn tình hình thực hiện."))
        return  # an untouched task is not reported yet
    upload.tasks.append(TaskInput(row.task.number, status, completed_on=completed_on, **texts))


def _check_rules(upload: _Upload) -> None:
    """When a file is refused anyway, the rows that did read are checked too, so the user
    gets every problem at once; the same rules `submission_save` applies."""
    report = Report()
    for given in upload.values:
        check_value(report, upload.indicators[given.indicator], given)
    for task in upload.tasks:
        check_task(report, task, submitting=False)
    upload.problems += upload.locate(report.errors)


def _plain(value: Any) -> str:
    """A cell's content as the text it stands for."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = format_date(value.date())
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        text = text[1:]  # the escape `neutralised` added
    return text


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | datetime.date | datetime.time):
        raise _Bad(_("Phải là số."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip()
    if not text:
        return None
    if not VN_NUMBER.fullmatch(text):
        raise _Bad(
            _(
                "Phải là số. Số viết dạng chữ phải theo kiểu Việt Nam: dấu chấm ngăn nghìn, "
                "dấu phẩy thập phân (ví dụ 1.234,5)."
            )
        )
    return Decimal(text.replace(".", "").replace(",", "."))


def _yes_no(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    answer = str(value).strip().casefold()
    if answer == YES.casefold():
        return Decimal(1)
    if answer == NO.casefold():
        return Decimal(0)
    raise _Bad(_("Chọn Có hoặc Không."))


def _date(value: Any) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            pass
    raise _Bad(_("Phải là ngày, dạng ngày/tháng/năm (ví dụ 05/01/2026)."))


def _status(value: Any) -> str | None:
    text = _plain(value)
    if not text:
        return None
    labels = status_labels()
    for status, label in labels.items():
        if text.casefold() == label.casefold():
            return status
    raise _Bad(
        _("Tình hình phải là một trong: %(labels)s.") % {"labels": ", ".join(labels.values())}
    )
