"""The rules a report's figures follow, shared by the web form, the Excel upload and the API.

Plain functions over plain inputs: a draft may be incomplete but never wrong; a submission
must also be complete. Implausible moves against last period are warnings, never blocks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from config.text import control_character, control_character_message
from config.vn import format_number
from indicators.models import Indicator
from reports.submissions.models import TaskUpdate

MAX_DECIMALS = 4
MAX_VALUE = Decimal(10) ** 15
# Free text fits one spreadsheet cell (32,767 characters) with room to spare.
MAX_TEXT = 5000
TASK_INPUT_STATUSES = [
    TaskUpdate.Status.NOT_STARTED,
    TaskUpdate.Status.IN_PROGRESS,
    TaskUpdate.Status.DONE_ON_TIME,  # "done": on time or late is decided from the dates
]


@dataclass(frozen=True)
class ValueInput:
    indicator: str  # indicator code
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


@dataclass(frozen=True)
class TaskInput:
    task: str  # task number
    status: str = TaskUpdate.Status.NOT_STARTED
    progress: str = ""
    difficulties: str = ""
    proposals: str = ""
    completed_on: datetime.date | None = None


@dataclass
class Report:
    """Problems keyed by field (`value:CODE:numerator`, `task:1.a:status`), and warnings."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def warn(self, key: str, message: str) -> None:
        self.warnings.setdefault(key, []).append(message)

    def errors_by_field(self) -> dict[str, dict[str, dict[str, list[str]]]]:
        """The errors nested as a client sends the figures: values → CODE → part, task_updates →
        NUMBER → part (a task's progress is its `note`)."""
        grouped: dict[str, dict[str, dict[str, list[str]]]] = {"values": {}, "task_updates": {}}
        for key, messages in self.errors.items():
            kind, name, part = key.split(":", 2)
            group = grouped["values" if kind == "value" else "task_updates"]
            group.setdefault(name, {})["note" if part == "progress" else part] = messages
        return {k: v for k, v in grouped.items() if v}


def value_key(code: str, part: str = "value") -> str:
    return f"value:{code}:{part}"


def task_key(number: str, part: str = "status") -> str:
    return f"task:{number}:{part}"


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """100 × numerator / denominator, kept to the database's 4 decimals; none when 0/0."""
    if denominator == 0:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.0001"))


def _check_number(report: Report, key: str, number: Decimal | None, *, whole: bool = False) -> None:
    if number is None:
        return
    # copy_abs(): abs() rounds to the context and raises Overflow past its exponent (1E+9999999).
    if not number.is_finite() or number.copy_abs() >= MAX_VALUE:
        report.error(key, _("Số quá lớn."))
    elif number < 0:
        report.error(key, _("Không được nhập số âm."))
    elif -number.as_tuple().exponent > MAX_DECIMALS:
        report.error(key, _("Tối đa %(n)s chữ số thập phân.") % {"n": MAX_DECIMALS})
    elif whole and number != number.to_integral_value():
        # A head-count typed "1.234,5": the comma is the decimal mark, so say what to type.
        report.error(
            key,
            _(
                "Phải là số nguyên (số đếm, ví dụ số người): không nhập phần thập phân, chẳng hạn %(n)s."
            )
            % {"n": format_number(number.to_integral_value(rounding=ROUND_DOWN))},
        )


def check_value(report: Report, indicator: Indicator, given: ValueInput) -> None:
    """A value that is present must be right for its indicator's kind."""
    code = indicator.code
    _check_text(report, value_key(code, "note"), given.note)
    if indicator.kind == Indicator.Kind.RATIO:
        numerator, denominator = given.numerator, given.denominator
        whole = indicator.whole_parts
        _check_number(report, value_key(code, "numerator"), numerator, whole=whole)
        _check_number(report, value_key(code, "denominator"), denominator, whole=whole)
        if (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            report.error(value_key(code, missing), _("Cần nhập cả tử số và mẫu số."))
        elif numerator is not None and denominator is not None and numerator > denominator:
            report.error(value_key(code, "numerator"), _("Tử số không được lớn hơn mẫu số."))
        return
    value = given.value
    whole = indicator.kind in (Indicator.Kind.COUNT, Indicator.Kind.RANK)
    _check_number(report, value_key(code), value, whole=whole)
    if value is None:
        return
    if indicator.kind == Indicator.Kind.BOOLEAN and value not in (0, 1):
        report.error(value_key(code), _("Chọn Có hoặc Không."))
    elif indicator.kind == Indicator.Kind.RANK and value < 1:
        report.error(value_key(code), _("Thứ hạng phải từ 1 trở lên."))
    elif indicator.display_unit == "%" and value > 100:
        report.error(value_key(code), _("Tỷ lệ phần trăm phải từ 0 đến 100."))


def check_complete(report: Report, indicator: Indicator, given: ValueInput | None) -> None:
    """Before submitting, every figure the unit must report is there."""
    if given is None or given.is_empty:
        report.error(value_key(indicator.code), _("Cần nhập số liệu trước khi gửi báo cáo."))
    elif indicator.kind == Indicator.Kind.RATIO and (
        given.numerator is None or given.denominator is None
    ):
        report.error(value_key(indicator.code), _("Cần nhập cả tử số và mẫu số trước khi gửi."))


def computed_value(indicator: Indicator, given: ValueInput) -> Decimal | None:
    if indicator.kind == Indicator.Kind.RATIO:
        if given.numerator is None or given.denominator is None:
            return None
        return ratio_value(given.numerator, given.denominator)
    return given.value


def warn_implausible(
    report: Report, indicator: Indicator, current: Decimal | None, previous: Decimal | None
) -> None:
    """A figure that moves hard against last period is worth a second look, not a refusal."""
    if current is None or previous is None or previous <= 0:
        return
    if current < previous / 2:
        report.warn(
            value_key(indicator.code),
            _("Giảm hơn một nửa so với kỳ trước (%(previous)s): hãy kiểm tra lại.")
            % {"previous": f"{previous.normalize():f}".replace(".", ",")},
        )
    elif indicator.kind != Indicator.Kind.RATIO and current > previous * 3:
        report.warn(
            value_key(indicator.code),
            _("Tăng hơn ba lần so với kỳ trước (%(previous)s): hãy kiểm tra lại.")
            % {"previous": f"{previous.normalize():f}".replace(".", ",")},
        )


def check_task(report: Report, given: TaskInput, *, submitting: bool) -> None:
    key = task_key(given.task)
    if given.status not in TaskUpdate.Status.values:
        report.error(key, _("Tình hình thực hiện không hợp lệ."))
        return
    done = given.status in (TaskUpdate.Status.DONE_ON_TIME, TaskUpdate.Status.DONE_LATE)
    if done and given.completed_on is None and submitting:
        report.error(task_key(given.task, "completed_on"), _("Cần ghi ngày hoàn thành."))
    if submitting and given.status != TaskUpdate.Status.NOT_STARTED and not given.progress.strip():
        report.error(task_key(given.task, "progress"), _("Cần ghi kết quả thực hiện."))
    for part in ("progress", "difficulties", "proposals"):
        _check_text(report, task_key(given.task, part), getattr(given, part))


def _check_text(report: Report, key: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        report.error(key, _("Tối đa 5.000 ký tự."))
    if char := control_character(text, multiline=True):
        report.error(key, control_character_message(char))


def derived_task_status(
    given: TaskInput, due_on: datetime.date | None, period_end: datetime.date
) -> str:
    """Done on time or late against the deadline in force; overdue when past it and not done."""
    done = given.status in (TaskUpdate.Status.DONE_ON_TIME, TaskUpdate.Status.DONE_LATE)
    if due_on is None:
        return TaskUpdate.Status.DONE_ON_TIME if done else given.status
    if done:
        finished = given.completed_on or period_end
        return TaskUpdate.Status.DONE_ON_TIME if finished <= due_on else TaskUpdate.Status.DONE_LATE
    if due_on < period_end:
        return TaskUpdate.Status.OVERDUE
    return given.status
