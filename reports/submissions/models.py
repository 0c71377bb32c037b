from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.vn import format_number
from directives.models import Directive, Task
from indicators.models import Indicator
from reports.periods.models import Period
from units.models import Unit

# What makes a report the one it is (one per unit, period and directive): never changed.
IDENTITY = ("unit", "period", "directive")


class Submission(models.Model):
    """One unit's report for one period and one directive."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="submissions"
    )
    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped on every save; a save carrying an older version is refused (no silent overwrite).
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("thời điểm sửa"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_late = models.BooleanField(_("nộp muộn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("thời điểm thẩm định"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    # Set when a reviewer reopens this report in a closed period; cleared when it is sent.
    reopened = models.BooleanField(_("được mở lại"), default=False)

    class Meta:
        ordering = ["-period__ends_on", "unit__code"]
        verbose_name = _("báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "directive"], name="submission_one_per_unit_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "accepted"]),
                name="submission_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & Q(is_late__isnull=False)),
                name="submission_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "returned"]) | Q(reviewed_at__isnull=False),
                name="submission_reviewed_has_time",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="submission_version_positive"),
        ]
        indexes = [models.Index(fields=["period", "directive", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.directive.code}"


# A report counts as sent once submitted, and stays so when accepted (a returned one does not).
SENT = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


class IndicatorValue(models.Model):
    """A figure reported for one indicator: a value, or numerator and denominator for a ratio."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True)
    numerator = models.DecimalField(_("tử số"), max_digits=20, decimal_places=4, null=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=20, decimal_places=4, null=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "số liệu chỉ số")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="value_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="value_ratio_parts_together",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(numerator__gte=0, denominator__gte=0, numerator__lte=F("denominator")),
                name="value_ratio_parts_in_range",
            ),
            # A ratio's value is defined exactly when its denominator is positive.
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator=0, value__isnull=True)
                | Q(denominator__gt=0, value__isnull=False),
                name="value_ratio_value_defined",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        # The change log names the figure by this: the indicator's name, the value as typed.
        value = "" if self.value is None else f": {format_number(self.value, 4)}"
        return f"{self.indicator.name}{value}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its report in the audit log, so a deleted figure stays findable."""
        return {"submission": self.submission_id}


class EvidenceFile(models.Model):
    """A file backing a reported figure (a decision, a screenshot, a spreadsheet)."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = pgettext_lazy("plural", "tệp minh chứng")

    def __str__(self) -> str:
        return self.original_name


class TaskUpdate(models.Model):
    """A unit's account of one task in one report."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")
        OVERDUE = "overdue", _("Quá hạn, chưa hoàn thành")

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="task_updates"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="updates"
    )
    status = models.CharField(
        _("tình hình"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.TextField(_("kết quả thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("tình hình thực hiện nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "tình hình thực hiện nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="task_update_one_per_task"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "not_started",
                        "in_progress",
                        "done_on_time",
                        "done_late",
                        "overdue",
                    ]
                ),
                name="task_update_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number}: {self.get_status_display()}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its report in the audit log."""
        return {"submission": self.submission_id}


class SubmissionVersion(models.Model):
    """A snapshot of a report's figures and task updates after each change: nothing is lost."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(max_length=16)
    snapshot = models.JSONField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"


class SubmissionEvent(models.Model):
    """Who did what to a submission, and when: the workflow's own record."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo báo cáo")
        SAVE = "save", _("Lưu nháp")
        SUBMIT = "submit", _("Gửi báo cáo")
        ACCEPT = "accept", _("Tiếp nhận")
        RETURN = "return", _("Trả lại")
        REOPEN = "reopen", _("Mở lại")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "lịch sử báo cáo")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"
