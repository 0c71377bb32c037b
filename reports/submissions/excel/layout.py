"""The template's layout, shared by writing it and reading it back: its sheets, rows and
columns, the labels it uses, and how a text is made safe to put in a cell."""

from __future__ import annotations

from django.utils import translation
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reports.submissions.models import TaskUpdate
from reports.submissions.validation import TASK_INPUT_STATUSES

FORMAT = "chitieu/report-xlsx@1"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUES_SHEET = "Chỉ số"
TASKS_SHEET = "Nhiệm vụ"
IDENTITY_SHEET = "_chitieu"
SHEETS = (VALUES_SHEET, TASKS_SHEET)
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
# A text starting with one of these is a formula to a spreadsheet (or to a CSV made from it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "Có", "Không"
DONE_LABEL = "Hoàn thành"  # on time or late is decided from the dates, not chosen
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


def status_labels() -> dict[str, str]:
    """Input status → its label in the file."""
    with translation.override("vi"):
        return {
            status: DONE_LABEL
            if status == TaskUpdate.Status.DONE_ON_TIME
            else str(TaskUpdate.Status(status).label)
            for status in TASK_INPUT_STATUSES
        }


def neutralised(text: str) -> str:
    """Text as a cell may hold it: without characters XML refuses, and never read as a formula
    (a leading apostrophe, which the upload takes off again)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith((*FORMULA_STARTS, "'")) else text
