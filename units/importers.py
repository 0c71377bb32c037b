"""Parse and check a units CSV (header `code,name,parent,level,kind`, optionally `active`,
`valid_from`, `valid_to`) without writing anything."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from config.errors import ImportRejected, Problem, decode_utf8
from config.text import control_character
from units.models import Level, Unit

REQUIRED_COLUMNS = ("code", "name", "parent", "level", "kind")
OPTIONAL_COLUMNS = ("active", "valid_from", "valid_to")
DATE_COLUMNS = ("valid_from", "valid_to")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ACTIVE_VALUES: dict[str, bool | None] = {
    "1": True,
    "true": True,
    "có": True,
    "co": True,
    "0": False,
    "false": False,
    "không": False,
    "khong": False,
    "": None,
}


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    parent_code: str
    level_code: str
    kind: str
    # None when the file says nothing: a new unit starts active, a known one keeps its state.
    active: bool | None
    # The validity columns the file has (an empty cell: open); a missing column keeps the unit's.
    dates: dict[str, datetime.date | None] = field(default_factory=dict)


def parse_units_csv(data: bytes) -> list[UnitRow]:
    """Rows in file order, or ImportRejected listing every problem found."""
    text = decode_utf8(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ImportRejected([Problem(_("tệp"), _("tệp rỗng"), 1)]) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing:
        problems.append(
            Problem(_("tiêu đề"), _("thiếu cột: %(cols)s") % {"cols": ", ".join(missing)}, 1)
        )
    if unknown:
        problems.append(
            Problem(_("tiêu đề"), _("cột không hợp lệ: %(cols)s") % {"cols": ", ".join(unknown)}, 1)
        )
    if len(set(header)) != len(header):
        problems.append(Problem(_("tiêu đề"), _("cột bị lặp"), 1))
    if problems:
        raise ImportRejected(problems)

    levels = set(Level.objects.values_list("code", flat=True))
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    try:
        records = list(enumerate(reader, start=2))
    except csv.Error as error:
        raise ImportRejected(
            [Problem(_("tệp"), _("lỗi định dạng CSV: %(e)s") % {"e": error})]
        ) from None
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    _("dòng"),
                    _("có %(n)s ô, tiêu đề có %(m)s cột") % {"n": len(record), "m": len(header)},
                    line,
                )
            )
            continue
        cells = {column: cell.strip() for column, cell in zip(header, record, strict=True)}
        row_problems = _check_cells(cells, levels)
        dates = _dates(cells, row_problems)
        code = cells["code"]
        if code in seen:
            row_problems.append(
                Problem(
                    "code",
                    _("mã %(code)s đã có ở dòng %(line)s") % {"code": code, "line": seen[code]},
                )
            )
        if row_problems:
            problems.extend(Problem(p.path, p.message, line) for p in row_problems)
            continue
        seen[code] = line
        rows.append(
            UnitRow(
                line,
                code,
                cells["name"],
                cells["parent"],
                cells["level"],
                cells["kind"],
                _ACTIVE_VALUES[cells.get("active", "").lower()],
                dates,
            )
        )
    if not rows and not problems:
        problems.append(Problem(_("tệp"), _("tệp không có đơn vị nào"), None))
    problems.extend(_check_parents(rows))
    problems.extend(_check_dates_in_order(rows))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line or 0))
    return rows


def _check_cells(cells: dict[str, str], levels: set[str]) -> list[Problem]:
    problems = []
    if not CODE_PATTERN.match(cells["code"]):
        problems.append(
            Problem(
                "code",
                _(
                    "mã đơn vị %(code)r không hợp lệ (chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới; tối đa 64 ký tự)"
                )
                % {"code": cells["code"]},
            )
        )
    if not cells["name"]:
        problems.append(Problem("name", _("thiếu tên đơn vị")))
    elif len(cells["name"]) > 255:
        problems.append(Problem("name", _("tên đơn vị dài quá 255 ký tự")))
    if cells["level"] not in levels:
        problems.append(
            Problem(
                "level",
                _("cấp %(level)r không có trong danh mục (%(known)s)")
                % {"level": cells["level"], "known": ", ".join(sorted(levels))},
            )
        )
    if len(cells["kind"]) > 100:
        problems.append(Problem("kind", _("loại hình dài quá 100 ký tự")))
    for column in ("name", "kind"):
        if char := control_character(cells[column]):
            problems.append(
                Problem(
                    column, _("có ký tự điều khiển %(char)s; hãy xóa ký tự này") % {"char": char}
                )
            )
    if cells.get("active", "").lower() not in _ACTIVE_VALUES:
        problems.append(
            Problem(
                "active",
                _("giá trị %(value)r không hợp lệ (dùng 1 hoặc 0)") % {"value": cells["active"]},
            )
        )
    if cells["parent"] and cells["parent"] == cells["code"]:
        problems.append(Problem("parent", _("đơn vị không thể là cấp trên của chính nó")))
    return problems


def _check_parents(rows: list[UnitRow]) -> list[Problem]:
    """Every parent exists in the file or the database, and the result has no cycle."""
    # code -> parent code after the import: the database's tree, overridden by the file.
    parents = dict(Unit.objects.values_list("code", "parent__code"))
    parents.update({row.code: row.parent_code or None for row in rows})
    problems = []
    for row in rows:
        if row.parent_code and row.parent_code not in parents:
            problems.append(
                Problem(
                    "parent",
                    _("đơn vị cấp trên %(code)r không có trong tệp hay trong hệ thống")
                    % {"code": row.parent_code},
                    row.line,
                )
            )
            continue
        seen, current = {row.code}, parents[row.code]
        while current is not None:
            if current in seen:
                problems.append(
                    Problem(
                        "parent",
                        _("vòng lặp cấp trên: %(code)s sẽ nằm dưới chính nó") % {"code": row.code},
                        row.line,
                    )
                )
                break
            seen.add(current)
            current = parents.get(current)
    return problems


def _dates(cells: dict[str, str], problems: list[Problem]) -> dict[str, datetime.date | None]:
    dates: dict[str, datetime.date | None] = {}
    for column in DATE_COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        dates[column] = None
        if not value:
            continue
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            dates[column] = datetime.date.fromisoformat(value)
        except ValueError:
            problems.append(
                Problem(
                    column,
                    _("ngày không hợp lệ %(value)r; dùng dạng YYYY-MM-DD") % {"value": value},
                )
            )
    return dates


def _check_dates_in_order(rows: list[UnitRow]) -> list[Problem]:
    """A unit ends on or after the day it starts, with a column the file leaves out kept."""
    stored = {
        code: {"valid_from": start, "valid_to": end}
        for code, start, end in Unit.objects.filter(
            code__in=[row.code for row in rows if row.dates]
        ).values_list("code", "valid_from", "valid_to")
    }
    problems = []
    for row in rows:
        if not row.dates:
            continue
        dates = {**stored.get(row.code, {}), **row.dates}
        start, end = dates.get("valid_from"), dates.get("valid_to")
        if start and end and end < start:
            problems.append(
                Problem(
                    "valid_to",
                    _("ngày kết thúc %(end)s trước ngày bắt đầu %(start)s")
                    % {"end": end.isoformat(), "start": start.isoformat()},
                    row.line,
                )
            )
    return problems
