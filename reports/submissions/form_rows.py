"""The report form's rows (an indicator's figures, a task's progress), drawn in Python.

The same HTML the template's loops drew, without a template node per attribute: a 60-indicator,
40-task report has some 2,000 of them, and drawing them was 40 % of opening the form (about
14 ms at province scale, on deadline day's most repeated page). Every value is escaped here, as
the template's autoescape did.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import conditional_escape as esc  # `{{ value }}`: escaped unless safe
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from config import vn
from directives.texts import target_statement
from indicators.models import Indicator
from reports.submissions.forms import Field, IndicatorFields, TaskFields
from reports.submissions.validation import TASK_INPUT_STATUSES


def dom_id(name: str) -> str:
    """A safe, unique element id for a form field named like `task:1.a:status`."""
    return "f-" + name.encode().hex()


def field_messages(field: Field, oob: bool = False) -> SafeString:
    """A field's errors and warnings, in the span the autosave swaps (out of band with `oob`).
    A tag, not an included template: a 60-indicator, 40-task report has some 300 such spans,
    and an include each is the heavier way to draw them (6 % of the form's Python calls)."""
    errors = format_html_join(
        "", '<span class="field-error">{}</span>', ((e,) for e in field.errors)
    )
    warnings = format_html_join(
        "", '<span class="field-warning">{}</span>', ((w,) for w in field.warnings)
    )
    swap = mark_safe(' hx-swap-oob="true"') if oob else ""  # a constant
    return format_html(
        '<span class="field-messages" id="{}"{}>{}{}</span>', dom_id(field.name), swap, errors,
        warnings,
    )  # fmt: skip


def indicator_rows(
    items: Iterable[IndicatorFields], *, submission_pk: int, editable: bool
) -> SafeString:
    off = "" if editable else "disabled"
    texts = {
        "due": _("hạn"), "yes": _("Có"), "no": _("Không"), "ratio": _("Tỷ lệ"),
        "figure": _("Số liệu kỳ này"), "note": _("Ghi chú, minh chứng"),
    }  # fmt: skip
    return mark_safe("".join(_indicator_row(item, submission_pk, off, texts) for item in items))  # noqa: S308 (escaped piece by piece)


def _indicator_row(item: IndicatorFields, submission_pk: int, off: str, t: dict[str, str]) -> str:
    indicator, row, f = item.row.indicator, item.row, item.fields
    name = esc(indicator.name)
    targets = "".join(
        f"<div>{esc(target_statement(target))}"
        + (
            f' <span class="muted small">({esc(t["due"])} {esc(vn.format_date(target.due_on))})</span>'
            if target.due_on
            else ""
        )
        + "</div>"
        for target in row.targets
    )
    return (
        f'\n      <tr id="row-{esc(indicator.code)}">\n'
        f"        <td><strong>{name}</strong></td>\n"
        f"        <td>{targets}</td>\n"
        f"        <td>{_previous(indicator, row.previous, t)}</td>\n"
        f"        <td>\n        {_figure_inputs(item, off, t)}\n        </td>\n"
        f'        <td><textarea name="{esc(f["note"].name)}" rows="2" aria-label="{esc(t["note"])}: '
        f'{name}" {off}>{esc(f["note"].value)}</textarea>\n'
        f"          {field_messages(f['note'])}\n"
        f"          {_evidence(item, submission_pk)}\n"
        "        </td>\n      </tr>\n    "
    )


def _previous(indicator: Indicator, previous: object, t: dict[str, str]) -> str:
    if previous is None:
        return '<span class="muted">—</span>'
    if indicator.kind == Indicator.Kind.RATIO:
        return esc(vn.format_percent(previous))
    if indicator.kind == Indicator.Kind.BOOLEAN:
        return esc(t["yes"] if previous else t["no"])
    return esc(vn.format_number(previous, 2))


def _figure_inputs(item: IndicatorFields, off: str, t: dict[str, str]) -> str:
    indicator, f = item.row.indicator, item.fields
    value = f["value"]
    if indicator.kind == Indicator.Kind.RATIO:
        mode = "numeric" if indicator.whole_parts else "decimal"
        parts = "".join(
            f'<label>{esc(label)} <input name="{esc(f[part].name)}" value="{esc(f[part].value)}" '
            f'inputmode="{mode}" data-part="{part}" {off}></label>\n'
            f"            {field_messages(f[part])}\n            "
            for part, label in (
                ("numerator", indicator.numerator_label),
                ("denominator", indicator.denominator_label),
            )
        )
        return (
            f'\n          <div class="ratio" data-ratio>\n            {parts}'
            f'<output class="percent" aria-label="{esc(t["ratio"])}">{esc(item.percent)}</output>\n'
            f"            {field_messages(value)}\n          </div>\n        "
        )
    if indicator.kind == Indicator.Kind.BOOLEAN:
        return (
            f'\n          <select name="{esc(value.name)}" aria-label="{esc(t["figure"])}: '
            f'{esc(indicator.name)}" {off}>\n'
            '            <option value="">—</option>\n'
            f'            <option value="1"{_selected(value, "1")}>{esc(t["yes"])}</option>\n'
            f'            <option value="0"{_selected(value, "0")}>{esc(t["no"])}</option>\n'
            f"          </select>\n          {field_messages(value)}\n        "
        )
    return (
        f'\n          <label class="inline-label"><input name="{esc(value.name)}" '
        f'value="{esc(value.value)}" inputmode="decimal" {off}> {esc(indicator.display_unit)}'
        f"</label>\n          {field_messages(value)}\n        "
    )


def _selected(field: Field, value: str) -> str:
    return " selected" if field.value == value else ""


def _evidence(item: IndicatorFields, submission_pk: int) -> str:
    saved = item.row.value
    if not saved:
        return ""
    return "".join(
        f'<div class="small"><a href="'
        f'{esc(reverse("reports:evidence_download", args=[submission_pk, file.pk]))}">'
        f"📎 {esc(file.original_name)}</a></div>"
        for file in saved.evidence.all()
    )


def task_rows(items: Iterable[TaskFields], *, editable: bool) -> SafeString:
    off = "" if editable else "disabled"
    texts = {
        "lead": _("Chủ trì"), "support": _("Phối hợp"), "due": _("hạn"),
        "ongoing": _("Thường xuyên"), "status": _("Tình hình"), "done": _("Hoàn thành"),
        "overdue": _("Quá hạn, chưa hoàn thành"), "completed_on": _("Ngày hoàn thành"),
        "progress": _("Kết quả thực hiện"), "difficulties": _("Khó khăn, vướng mắc"),
        "proposals": _("Đề xuất, kiến nghị"),
    }  # fmt: skip
    statuses = [
        (status.value, texts["done"] if status.value == "done_on_time" else str(status.label))
        for status in TASK_INPUT_STATUSES
    ]
    return mark_safe("".join(_task_row(item, off, texts, statuses) for item in items))  # noqa: S308 (escaped piece by piece)


def _task_row(
    item: TaskFields, off: str, t: dict[str, str], statuses: list[tuple[str, str]]
) -> str:
    task, f = item.row.task, item.fields
    title = f"{esc(task.number)}. {esc(task.title)}"
    status = f["status"]
    role = t["lead"] if item.row.role == "lead" else t["support"]
    due = (
        f"{esc(t['due'])} {esc(vn.format_date(task.due_on))}" if task.due_on else esc(t["ongoing"])
    )
    options = "".join(
        f'<option value="{esc(value)}"{_selected(status, value)}>{esc(label)}</option>'
        for value, label in statuses
    )
    if status.value == "overdue":
        options += (
            f'\n            <option value="in_progress" selected>{esc(t["overdue"])}</option>'
        )
    texts = "".join(
        f'\n        <td><textarea name="{esc(f[part].name)}" rows="3" aria-label="{esc(t[part])}: '
        f'{title}" {off}>{esc(f[part].value)}</textarea>{field_messages(f[part])}</td>'
        for part in ("progress", "difficulties", "proposals")
    )
    return (
        f'\n      <tr id="task-{task.pk}">\n'
        f"        <td><strong>{esc(task.number)}.</strong> {esc(task.title)}\n"
        f'          <div class="muted small">{esc(role)} · {due}</div></td>\n'
        f'        <td><select name="{esc(status.name)}" aria-label="{esc(t["status"])}: {title}" '
        f"{off}>\n"
        '            <option value="">—</option>\n'
        f"            {options}\n"
        "          </select>\n"
        f"          {field_messages(status)}\n"
        f'          <label class="small">{esc(t["completed_on"])} <input type="date" '
        f'name="{esc(f["completed_on"].name)}" value="{esc(f["completed_on"].value)}" {off}>'
        f"</label>\n"
        f"          {field_messages(f['completed_on'])}</td>{texts}\n"
        "      </tr>\n    "
    )
