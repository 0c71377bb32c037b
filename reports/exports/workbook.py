"""The Excel workbook of a directive × period: summary, every unit's values, task progress and
completeness. Its sheets are streamed (reports/exports/sheets.py), so memory stays flat and
time stays within a minute whatever the number of units."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, BinaryIO

from django.db.models import Max
from django.db.models.functions import Length
from django.utils.timezone import localtime, now
from django.utils.translation import gettext as _
from openpyxl import Workbook

from config import vn
from directives.models import Target
from indicators.models import Indicator
from reports.compliance.selectors import in_area
from reports.compliance.texts import STATUS_LABELS, scope_text, structure_text
from reports.exports.content import (
    ReportContent,
    completeness_units,
    sent_on,
    task_updates,
    unit_results,
    value_notes,
)
from reports.exports.sheets import (
    DATE,
    INTEGER,
    NUMBER,
    PERCENT,
    Column,
    Sheet,
    Styled,
    safe_text,
)
from reports.submissions.models import Submission, TaskUpdate
from units.models import Unit


def _fit(length: int | None, header: str, *, least: int = 8, most: int = 60) -> float:
    """A width that fits the longest text of a column (Excel widths are in characters)."""
    return float(min(max(length or 0, len(header), least) + 2, most))


def sheet_value(value: Decimal | None, indicator: Indicator, *, share: bool = False) -> Any:
    """A figure as the cell holds it: a ratio (or a share of units) as a fraction under a
    percentage format, so Excel computes with it; counts and amounts as numbers."""
    if value is None:
        return None
    if share or indicator.kind == Indicator.Kind.RATIO:
        return value / 100
    return value


def yes_no(value: Decimal) -> str:
    return str(_("Có") if value else _("Không"))


def _figure(
    sheet: Sheet, value: Decimal | None, indicator: Indicator, *, share: bool = False,
    answers: tuple[str, str] | None = None,
) -> Styled:  # fmt: skip
    """A figure's cell: ratios and shares of units as percentages, whole numbers as such;
    yes/no figures read `answers` (no, yes) when given, translated once for many rows."""
    shown = sheet_value(value, indicator, share=share)
    if share or indicator.kind == Indicator.Kind.RATIO:
        return sheet.cell(shown, PERCENT)
    if indicator.kind == Indicator.Kind.BOOLEAN and shown is not None:
        return sheet.cell(answers[bool(shown)] if answers else yes_no(shown), None)
    whole = shown is None or shown == shown.to_integral_value()
    return sheet.cell(shown, INTEGER if whole else NUMBER)


def write_workbook(
    content: ReportContent, target: BinaryIO,
    progress: Callable[[int], None] = lambda percent: None, *, author: str = "",
    exported_at: datetime.datetime | None = None,
) -> None:  # fmt: skip
    book = Workbook(write_only=True)
    compliance = content.compliance
    # The file's properties name the province's owning department, not the library.
    book.properties.creator = author or "chitieu"
    book.properties.lastModifiedBy = author or "chitieu"
    book.properties.title = _("Số liệu %(code)s, %(period)s") % {
        "code": compliance.directive.code, "period": compliance.period.label,
    }  # fmt: skip
    head = _heading(content, localtime(exported_at or now()))
    _summary(book, content, head)
    progress(10)
    if content.run is not None:
        sent = sent_on(directive=compliance.directive, period=compliance.period, area=content.area)
        _units(book, content, progress, head, sent)
        _tasks(book, content, head)
        progress(90)
        _completeness(book, content, head, sent)
    book.save(target)


def _heading(content: ReportContent, exported_at: datetime.datetime) -> list[str]:
    """What every sheet prints above its table: the directive, the period, the scope and when
    the file was made, from which figures."""
    compliance, c = content.compliance, content.compliance.completeness
    period = compliance.period
    scope = content.area_name
    if content.area.parent_id is None:
        scope = _("%(area)s (toàn tỉnh)") % {"area": scope}
    lines = [
        _("Văn bản: %(kind)s số %(code)s — %(title)s") % {
            "kind": compliance.directive.get_kind_display(), "code": compliance.directive.code,
            "title": compliance.directive.title,
        },
        _("Kỳ báo cáo: %(period)s (từ %(start)s đến %(end)s)") % {
            "period": period.label, "start": vn.format_date(period.starts_on),
            "end": vn.format_date(period.ends_on),
        },
        _("Phạm vi số liệu: %(scope)s; %(structure)s") % {
            "scope": scope, "structure": structure_text(compliance).lower(),
        },
        _("Đơn vị phải báo cáo %(expected)s, đã gửi %(sent)s, đã tiếp nhận %(accepted)s, gửi "
          "muộn %(late)s") % {"expected": c.expected, "sent": c.submitted,
                              "accepted": c.accepted, "late": c.late},
        _("Kết xuất lúc %(at)s; số liệu chính thức tổng hợp lúc %(computed)s") % {
            "at": _moment(exported_at),
            "computed": _moment(localtime(compliance.computed_at))
            if compliance.computed_at else "—",
        },
    ]  # fmt: skip
    return [str(line) for line in lines]


def _moment(at: datetime.datetime) -> str:
    """ "14:05 ngày 07/12/2026" ("14:05 on 07/12/2026")."""
    return _("%(time)s ngày %(day)s") % {"time": f"{at:%H:%M}", "day": f"{at:%d/%m/%Y}"}


def _summary(book: Workbook, content: ReportContent, head: list[str]) -> None:
    compliance = content.compliance
    figures = compliance.targets
    longest = max((len(f.target.indicator.name) for f in figures), default=0)
    sheet = Sheet(book, _("Tổng hợp"), [
        Column(_("Nhiệm vụ"), 10), Column(_("Chỉ số"), _fit(longest, ""), wrap=True),
        Column(_("Phạm vi"), 24, wrap=True), Column(_("So sánh"), 9),
        Column(_("Chỉ tiêu"), 12), Column(_("Kết quả"), 12), Column(_("Cách tính"), 14),
        Column(_("Đánh giá"), 16), Column(_("Đơn vị phải báo cáo"), 12, INTEGER),
        Column(_("Đơn vị đã báo cáo"), 12, INTEGER), Column(_("Đơn vị đạt"), 12, INTEGER),
    ], heading=[_("TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"), *head], frozen=2)  # fmt: skip
    for f in figures:
        t, each = f.target, f.target.judge == Target.Judge.EACH_UNIT
        value = _figure(sheet, f.value, t.indicator, share=each)
        goal = _figure(sheet, t.value, t.indicator)
        op = "" if t.indicator.kind == Indicator.Kind.BOOLEAN else t.get_op_display()
        sheet.append([
            t.task.number, t.indicator.name, scope_text(t), op, goal, value,
            str(_("Tỷ lệ đơn vị đạt") if each else _("Gộp chung")), str(STATUS_LABELS[f.status]),
            f.units_expected, f.units_reported, f.units_met,
        ])  # fmt: skip
    sheet.close()
    if compliance.not_restated:
        sheet.below([])
        sheet.below([str(_("Đơn vị không quy đổi được (không tính vào số liệu trên)"))])
        for apart in compliance.not_restated:
            sheet.below([apart.unit.code, safe_text(apart.name), safe_text(apart.reason)])


def _units(
    book: Workbook, content: ReportContent, progress: Callable[[int], None], head: list[str],
    sent: dict[int, datetime.date],
) -> None:  # fmt: skip
    run, area = content.run, content.area
    assert run is not None
    targets = {f.target.pk: f.target for f in content.compliance.targets}
    names = Unit.objects.filter(in_area(area, "pk")).aggregate(
        name=Max(Length("name")), code=Max(Length("code"))
    )
    longest_indicator = max((len(t.indicator.name) for t in targets.values()), default=0)
    sheet = Sheet(book, _("Số liệu đơn vị"), [
        Column(_("Mã đơn vị"), _fit(names["code"], "")), Column(_("Tên đơn vị"), _fit(names["name"], "")),
        Column(_("Cấp"), 12), Column(_("Ngày gửi"), 11, DATE), Column(_("Nhiệm vụ"), 10),
        Column(_("Chỉ số"), _fit(longest_indicator, "", most=50)),
        Column(_("Tử số"), 12), Column(_("Mẫu số"), 12), Column(_("Giá trị"), 12),
        Column(_("Chỉ tiêu"), 12), Column(_("Đạt"), 12), Column(_("Ghi chú"), 40, wrap=True),
    ], heading=[_("SỐ LIỆU CỦA TỪNG ĐƠN VỊ THEO CHỈ TIÊU"), *head], frozen=2)  # fmt: skip
    notes = value_notes(run=run, area=area)
    total = content.compliance.completeness.expected * max(len(targets), 1) or 1
    yes, no, none = str(_("Đạt")), str(_("Không đạt")), str(_("Chưa báo cáo"))
    answers = (str(_("Không")), str(_("Có")))
    goals = {pk: _figure(sheet, t.value, t.indicator) for pk, t in targets.items()}
    renamed = content.renamed
    rows = unit_results(run=run, area=area)
    for i, (target_id, unit_id, code, name, level, reported, value, met, num, den) in enumerate(
        rows
    ):
        target = targets.get(target_id)
        if target is None:
            continue
        indicator = target.indicator
        figure = _figure(sheet, value, indicator, answers=answers)
        verdict = none if not reported else yes if met else no
        sheet.append([
            code, renamed.get(unit_id, name), level, sent.get(unit_id), target.task.number,
            indicator.name, num, den, figure, goals[target_id], verdict,
            notes.get((unit_id, indicator.pk)),
        ])  # fmt: skip
        if i % 5000 == 4999:
            progress(10 + int(70 * min(i / total, 1)))
    sheet.close()


def _tasks(book: Workbook, content: ReportContent, head: list[str]) -> None:
    compliance = content.compliance
    labels = dict(TaskUpdate.Status.choices)
    sheet = Sheet(book, _("Tiến độ nhiệm vụ"), [
        Column(_("Mã đơn vị"), 16), Column(_("Tên đơn vị"), 36), Column(_("Nhiệm vụ"), 10),
        Column(_("Tình hình"), 22), Column(_("Kết quả thực hiện"), 50, wrap=True),
        Column(_("Khó khăn, vướng mắc"), 50, wrap=True),
        Column(_("Đề xuất, kiến nghị"), 50, wrap=True),
    ], heading=[_("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ"), *head], frozen=2)  # fmt: skip
    for update in task_updates(
        directive=compliance.directive, period=compliance.period, area=content.area
    ):
        unit = update.submission.unit
        sheet.append([
            unit.code, content.name(unit.pk, unit.name), update.task.number,
            str(labels[update.status]),
            update.progress, update.difficulties, update.proposals,
        ])  # fmt: skip
    sheet.close()


def _completeness(
    book: Workbook, content: ReportContent, head: list[str], sent: dict[int, datetime.date]
) -> None:
    assert content.run is not None
    statuses = dict(Submission.Status.choices)
    sheet = Sheet(book, _("Tình hình báo cáo"), [
        Column(_("Mã đơn vị"), 16), Column(_("Tên đơn vị"), 36), Column(_("Cấp"), 12),
        Column(_("Báo cáo"), 16), Column(_("Ngày gửi"), 11, DATE), Column(_("Gửi muộn"), 10),
        Column(_("Số chỉ tiêu"), 10, INTEGER), Column(_("Đạt"), 10, INTEGER),
        Column(_("Không đạt (đã đến hạn)"), 12, INTEGER), Column(_("Điểm"), 10, PERCENT),
    ], heading=[_("TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"), *head], frozen=2)  # fmt: skip
    yes, no = str(_("Có")), str(_("Không"))
    for u in completeness_units(run=content.run, area=content.area):
        sheet.append([
            u.unit.code, content.name(u.unit_id, u.unit.name), u.unit.level.name,
            str(statuses.get(u.report_status, _("Chưa lập"))), sent.get(u.unit_id),
            yes if u.is_late else no, u.targets, u.targets_met, u.targets_missed,
            None if u.score is None else u.score / 100,
        ])  # fmt: skip
    sheet.close()
