"""Read the report form's fields into the services' inputs, with a message per bad field.

Field names follow the validation keys: `value:CODE:numerator`, `value:CODE:note`,
`task:NUMBER:status` …, so errors from parsing and from the services land on the same field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _

from config.vn import format_number, format_percent, parse_number
from indicators.models import Indicator
from reports.submissions.selectors import IndicatorRow, ReportRows, TaskRow
from reports.submissions.validation import Report, TaskInput, ValueInput, task_key, value_key

_BOOLEAN = {"1": Decimal(1), "0": Decimal(0), "": None}


def _number(data: QueryDict, key: str, report: Report) -> Decimal | None:
    text = data.get(key, "").strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except ValueError:
        report.error(key, _("Phải là một số (ví dụ 1.234,5)."))
        return None


def _date(data: QueryDict, key: str, report: Report) -> datetime.date | None:
    text = data.get(key, "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    report.error(key, _("Ngày không hợp lệ (dd/mm/yyyy)."))
    return None


def read_report_form(
    data: QueryDict, rows: ReportRows
) -> tuple[list[ValueInput], list[TaskInput], Report]:
    """The inputs for every row of the report, and the fields that could not be read."""
    report = Report()
    values = []
    for row in rows.indicators:
        code, kind = row.code, row.indicator.kind
        note = data.get(value_key(code, "note"), "").strip()
        if kind == Indicator.Kind.RATIO:
            values.append(
                ValueInput(
                    code,
                    numerator=_number(data, value_key(code, "numerator"), report),
                    denominator=_number(data, value_key(code, "denominator"), report),
                    note=note,
                )
            )
        elif kind == Indicator.Kind.BOOLEAN:
            raw = data.get(value_key(code), "")
            if raw not in _BOOLEAN:
                report.error(value_key(code), _("Chọn Có hoặc Không."))
            values.append(ValueInput(code, value=_BOOLEAN.get(raw), note=note))
        else:
            values.append(ValueInput(code, value=_number(data, value_key(code), report), note=note))
    tasks = []
    for row in rows.tasks:
        number = row.task.number
        given = TaskInput(
            number,
            status=data.get(task_key(number), "").strip(),
            progress=data.get(task_key(number, "progress"), "").strip(),
            difficulties=data.get(task_key(number, "difficulties"), "").strip(),
            proposals=data.get(task_key(number, "proposals"), "").strip(),
            completed_on=_date(data, task_key(number, "completed_on"), report),
        )
        if not given.status:
            # A row nobody has touched is not reported yet; text without a status needs one.
            if given.progress or given.difficulties or given.proposals or given.completed_on:
                report.error(task_key(number), _("Chọn tình hình thực hiện."))
            continue
        tasks.append(given)
    return values, tasks, report


def read_version(data: QueryDict) -> int | None:
    try:
        return int(data.get("version", ""))
    except ValueError:
        return None


# --- what the page shows -----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    value: str
    errors: list[str]
    warnings: list[str]


@dataclass
class IndicatorFields:
    row: IndicatorRow
    fields: dict[str, Field]  # "value", "numerator", "denominator", "note"
    percent: str  # the ratio's value as saved, formatted, for the live display's start


@dataclass
class TaskFields:
    row: TaskRow
    fields: dict[str, Field]  # "status", "completed_on", "progress", "difficulties", "proposals"


def _stored(number: Decimal | None) -> str:
    return format_number(number, 4) if number is not None else ""


def report_fields(
    rows: ReportRows, *, data: QueryDict | None = None, report: Report | None = None
) -> tuple[list[IndicatorFields], list[TaskFields]]:
    """Each input with what to show in it: what the user just sent (after an error) or what is
    saved, and its errors and warnings."""
    report = report or Report()

    def field(key: str, saved: str) -> Field:
        shown = data.get(key, "") if data is not None else saved
        return Field(key, shown, report.errors.get(key, []), report.warnings.get(key, []))

    indicators = []
    for row in rows.indicators:
        code, saved = row.code, row.value
        fields = {
            "value": field(value_key(code), _stored(saved.value) if saved else ""),
            "note": field(value_key(code, "note"), saved.note if saved else ""),
        }
        if row.indicator.kind == Indicator.Kind.RATIO:
            for part in ("numerator", "denominator"):
                stored = _stored(getattr(saved, part)) if saved else ""
                fields[part] = field(value_key(code, part), stored)
        if (
            row.indicator.kind == Indicator.Kind.BOOLEAN
            and saved
            and saved.value is not None
            and data is None
        ):
            fields["value"].value = "1" if saved.value else "0"
        percent = format_percent(saved.value) if saved and saved.value is not None else ""
        indicators.append(IndicatorFields(row, fields, percent))
    tasks = []
    for row in rows.tasks:
        number, update = row.task.number, row.update
        status = update.status if update else ""
        if status in ("done_late",):
            status = "done_on_time"  # one "done" choice; on time or late comes from the dates
        tasks.append(
            TaskFields(
                row,
                {
                    "status": field(task_key(number), status),
                    "completed_on": field(
                        task_key(number, "completed_on"),
                        update.completed_on.isoformat() if update and update.completed_on else "",
                    ),
                    "progress": field(
                        task_key(number, "progress"), update.progress if update else ""
                    ),
                    "difficulties": field(
                        task_key(number, "difficulties"), update.difficulties if update else ""
                    ),
                    "proposals": field(
                        task_key(number, "proposals"), update.proposals if update else ""
                    ),
                },
            )
        )
    return indicators, tasks
