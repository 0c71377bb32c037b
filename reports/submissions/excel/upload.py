"""Reading an upload: the file checked as this report's own template, read cell by cell, then
saved through `submission_save`, whose errors and warnings come back placed on their cells."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from config.errors import DomainError, ImportRejected, Problem
from config.vn import format_number
from indicators.models import Indicator
from reports.periods.calendar import period_label
from reports.submissions.errors import StaleVersion, SubmissionInvalid
from reports.submissions.excel.cells import (
    Line,
    Where,
    as_date,
    as_number,
    as_status,
    as_yes_no,
    plain,
)
from reports.submissions.excel.layout import (
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    IDENTITY_SHEET,
    SHEETS,
    TASK_COLUMNS,
    VALUE_COLUMNS,
    T,
    V,
)
from reports.submissions.models import Submission
from reports.submissions.selectors import IndicatorRow, ReportRows, TaskRow, report_rows
from reports.submissions.services import submission_save
from reports.submissions.validation import Report, TaskInput, ValueInput, check_task, check_value
from units.selectors import unit_name_on

if TYPE_CHECKING:
    from django.core.files import File

    from units.models import User

MAX_ROWS = 1000  # data rows read per sheet; a report has tens
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024  # an .xlsx is a zip: refuse a bomb before parsing it
SHEET_ROWS = 1_048_576  # a spreadsheet's last row


@dataclass
class _Upload:
    """What a workbook says, and where each indicator and task sits in it."""

    indicators: dict[str, Indicator]
    values: list[ValueInput] = field(default_factory=list)
    tasks: list[TaskInput] = field(default_factory=list)
    value_rows: dict[str, int] = field(default_factory=dict)
    task_rows: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[Where, str]] = field(default_factory=list)

    def locate(self, messages: dict[str, list[str]]) -> list[tuple[Where, str]]:
        """Field-keyed messages (`value:CODE:part`, `task:NUMBER:part`) placed on their cells."""
        located = []
        for key, texts in messages.items():
            where = self._where(key)
            located += [(where, text) for text in texts]
        return located

    def _where(self, key: str) -> Where:
        kind, rest = key.split(":", 1)
        name, part = rest.rsplit(":", 1)
        if kind == "value":
            row = self.value_rows.get(name, 0)
            indicator = self.indicators.get(name)
            if part == "value" and indicator and indicator.kind == Indicator.Kind.RATIO:
                part = "numerator"
            return Where(0, row, V.get(part, V["value"]) if row else 0)
        row = self.task_rows.get(name, 0)
        return Where(1, row, T.get(part, T["status"]) if row else 0)


# What openpyxl raises on bytes that are not a sound workbook (XML errors are SyntaxErrors;
# a damaged compressed member raises zlib.error or EOFError, an unsupported compression method
# NotImplementedError, an encrypted member RuntimeError).
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    SyntaxError,
)


def _problems(located: list[tuple[Where, str]]) -> list[Problem]:
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
        str(key): plain(value)
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
            % {
                "file": found.get("unit"),
                "unit": unit_name_on(unit, period.ends_on),
                "code": unit.code,
            }
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
            upload.problems.append((Where(sheet), _("Thiếu trang tính này; hãy tải tệp mẫu mới.")))
            continue
        ws = book[name]
        headers = next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
        if [plain(h) for h in headers[: len(columns)]] != [h for _k, h, _w in columns]:
            upload.problems.append(
                (
                    Where(sheet),
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
                        Where(sheet),
                        _("Có dữ liệu quá dòng %(row)s; tệp mẫu chỉ nhận %(max)s dòng.")
                        % {"row": last, "max": MAX_ROWS},
                    )
                )
                break
            line = Line(sheet, r, cells)
            key = line.get(1, plain)
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
                (Where(sheet), _("Thiếu dòng của mã %(key)s; hãy tải tệp mẫu mới.") % {"key": key})
            )
    return upload


def _read_value(line: Line, row: IndicatorRow, upload: _Upload) -> None:
    indicator = row.indicator
    number, denominator, value = None, None, None
    if indicator.kind == Indicator.Kind.RATIO:  # the value column holds the template's formula
        number = line.get(V["numerator"], as_number)
        denominator = line.get(V["denominator"], as_number)
    elif indicator.kind == Indicator.Kind.BOOLEAN:
        value = line.get(V["value"], as_yes_no)
    else:
        value = line.get(V["value"], as_number)
    note = line.get(V["note"], plain)
    if not line.problems:
        upload.values.append(ValueInput(indicator.code, value, number, denominator, note or ""))


def _read_task(line: Line, row: TaskRow, upload: _Upload) -> None:
    status = line.get(T["status"], as_status)
    completed_on = line.get(T["completed_on"], as_date)
    texts = {
        part: line.get(T[part], plain) or "" for part in ("progress", "difficulties", "proposals")
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
