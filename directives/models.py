from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.search import FoldedSearchModel
from config.text import multi_line_text, one_line_text
from indicators.models import Indicator
from units.models import Level, Unit


class PeriodKind(models.TextChoices):
    """Reporting period kinds; a directive lists the ones its units report on."""

    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


class Directive(FoldedSearchModel):
    """A document of the People's Committee (Chỉ thị, Kế hoạch, Quyết định, Chương trình)."""

    class Kind(models.TextChoices):
        DIRECTIVE = "directive", _("Chỉ thị")
        PLAN = "plan", _("Kế hoạch")
        DECISION = "decision", _("Quyết định")
        PROGRAM = "program", _("Chương trình hành động")
        OTHER = "other", _("Khác")

    code = models.CharField(_("số, ký hiệu"), max_length=100, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices)
    title = models.TextField(_("trích yếu"), validators=[multi_line_text])
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, validators=[one_line_text])
    issued_on = models.DateField(_("ngày ban hành"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    reporting = models.JSONField(_("kỳ báo cáo"), default=list)
    report_to = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="directives_received",
    )
    due_working_days = models.PositiveSmallIntegerField(
        _("hạn nộp (số ngày làm việc sau ngày chốt số liệu)"),
        null=True,
        blank=True,
        help_text=_("Để trống để dùng giá trị mặc định của hệ thống."),
    )
    source_document = models.FileField(
        _("tệp văn bản gốc"), upload_to="directives/%Y/", null=True, blank=True
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = pgettext_lazy("plural", "văn bản chỉ đạo")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="directive_effective_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["directive", "plan", "decision", "program", "other"]),
                name="directive_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:80]}"

    def in_force_during(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        """In force on some day from `starts_on` to `ends_on` (a period's data window); the
        queryset form is `in_force_during` in directives.selectors."""
        return self.effective_from <= ends_on and (
            self.effective_to is None or self.effective_to >= starts_on
        )

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.code, self.title, self.issuer)


class Task(FoldedSearchModel):
    """A numbered task of a directive. No due date means recurring or continuous."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.CharField(_("số thứ tự"), max_length=32)
    title = models.TextField(_("nội dung nhiệm vụ"), validators=[multi_line_text])
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    position = models.PositiveIntegerField(_("vị trí"), default=0)

    class Meta:
        ordering = ["directive", "position", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "number"], name="task_number_unique_in_directive"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="task_number_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its directive in the audit log, so a removed task stays findable."""
        return {"directive": self.directive_id}

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.number, self.title)


_ONE_OF_UNIT_OR_LEVEL = (Q(unit__isnull=False) & Q(level__isnull=True)) | (
    Q(unit__isnull=True) & Q(level__isnull=False)
)


class TaskAssignee(models.Model):
    """A lead or supporting unit of a task: one named unit, or every unit of a level."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        SUPPORT = "support", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignees")
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("đơn vị thực hiện")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị thực hiện")
        constraints = [
            models.CheckConstraint(condition=_ONE_OF_UNIT_OR_LEVEL, name="assignee_unit_xor_level"),
            models.UniqueConstraint(
                fields=["task", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="assignee_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["task", "role", "level"],
                condition=Q(level__isnull=False),
                name="assignee_unique_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.unit or f'@{self.level.code}'}"


class TaskDeadlineChange(models.Model):
    """An extension of a task's deadline, approved by a document; the task keeps its original.

    Without a unit it applies to every assignee; with one, to that unit only. The latest change
    approved by a day is the deadline in force on that day.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadline_changes")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("chỉ áp dụng cho đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_due_on = models.DateField(_("thời hạn mới"))
    document_number = models.CharField(
        _("số văn bản cho phép gia hạn"), max_length=100, validators=[one_line_text]
    )
    document_date = models.DateField(_("ngày văn bản"))
    reason = models.TextField(_("lý do"), blank=True, validators=[multi_line_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        ordering = ["task", "document_date", "id"]
        verbose_name = _("gia hạn nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "gia hạn nhiệm vụ")
        constraints = [
            models.CheckConstraint(
                condition=~Q(document_number=""), name="deadline_change_has_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} → {self.new_due_on:%d/%m/%Y} ({self.document_number})"


class Target(models.Model):
    """A quantitative target: indicator op value by a due date, over a scope of units."""

    class Op(models.TextChoices):
        GTE = ">=", "≥"
        LTE = "<=", "≤"
        EQ = "==", "="

    class Judge(models.TextChoices):
        POOLED = "pooled", _("Gộp chung (tổng tử số / tổng mẫu số)")
        EACH_UNIT = "each_unit", _("Từng đơn vị (tỷ lệ đơn vị đạt)")

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="targets"
    )
    op = models.CharField(_("so sánh"), max_length=2, choices=Op.choices)
    value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=20, decimal_places=4)
    due_on = models.DateField(_("thời hạn đạt"), null=True, blank=True)
    judge = models.CharField(_("cách đánh giá"), max_length=16, choices=Judge.choices)
    units_share = models.DecimalField(
        _("tỷ lệ đơn vị phải đạt (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    change_per_year = models.BooleanField(_("chỉ tiêu tăng hằng năm"), default=False)
    # How much the target counts in a unit's composite score (scorecard), set per directive.
    weight = models.PositiveSmallIntegerField(
        _("trọng số khi chấm điểm"), default=1, validators=[MinValueValidator(1)]
    )
    featured = models.BooleanField(_("chỉ số chính (hiện trên trang tổng quan)"), default=False)
    position = models.PositiveIntegerField(_("vị trí"), default=0)

    class Meta:
        ordering = ["task", "position", "id"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu")
        constraints = [
            models.CheckConstraint(condition=Q(op__in=[">=", "<=", "=="]), name="target_op_valid"),
            models.CheckConstraint(
                condition=Q(judge__in=["pooled", "each_unit"]), name="target_judge_valid"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="target_weight_positive"),
            models.CheckConstraint(
                condition=Q(units_share__isnull=True)
                | (Q(judge="each_unit") & Q(units_share__gte=0) & Q(units_share__lte=100)),
                name="target_units_share_each_unit_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.op} {self.value:g}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its directive in the audit log."""
        return {"directive": self.task.directive_id}

    @property
    def effective_units_share(self):
        return self.units_share if self.units_share is not None else 100


class TargetScope(models.Model):
    """Who reports a target's indicator and is judged by it: a named unit or a level."""

    target = models.ForeignKey(
        Target, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="scope"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.ForeignKey(
        Level, verbose_name=_("cấp"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("phạm vi chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "phạm vi chỉ tiêu")
        constraints = [
            models.CheckConstraint(condition=_ONE_OF_UNIT_OR_LEVEL, name="scope_unit_xor_level"),
        ]

    def __str__(self) -> str:
        return str(self.unit) if self.unit_id else f"@{self.level.code}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its directive in the audit log."""
        return {"directive": self.target.task.directive_id}


class UnitNameAlias(models.Model):
    """ "Sở TT và TT" means this unit in this province: mapped once, used by every later draft."""

    root = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+"
    )
    # Folded (lower case, no diacritics), as the drafting compares names.
    name = models.CharField(_("tên trong văn bản"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="name_aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "tên gọi khác của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["root", "name"], name="unit_alias_once_per_province"),
            models.CheckConstraint(condition=~models.Q(name=""), name="unit_alias_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.code}"
