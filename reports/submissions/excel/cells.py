"""Reading one cell of an upload: what it holds, strictly, and where a problem with it sits."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from config.vn import format_date
from reports.submissions.excel.layout import FORMULA_STARTS, NO, SHEETS, YES, status_labels

VN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


class _Bad(Exception):
    """One cell's content is not acceptable."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class Where:
    sheet: int  # index in SHEETS
    row: int = 0  # 0: the sheet as a whole
    column: int = 0

    def __str__(self) -> str:
        if not self.row:
            return SHEETS[self.sheet]
        return f"{SHEETS[self.sheet]}!{get_column_letter(self.column)}{self.row}"


@dataclass
class Line:
    """One row of a sheet, read cell by cell; each bad cell is noted, not raised."""

    sheet: int
    row: int
    cells: tuple[Any, ...]
    problems: list[tuple[Where, str]] = field(default_factory=list)

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
        self.problems.append((Where(self.sheet, self.row, column), message))


def plain(value: Any) -> str:
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


def as_number(value: Any) -> Decimal | None:
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


def as_yes_no(value: Any) -> Decimal | None:
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


def as_date(value: Any) -> datetime.date | None:
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


def as_status(value: Any) -> str | None:
    text = plain(value)
    if not text:
        return None
    labels = status_labels()
    for status, label in labels.items():
        if text.casefold() == label.casefold():
            return status
    raise _Bad(
        _("Tình hình phải là một trong: %(labels)s.") % {"labels": ", ".join(labels.values())}
    )
