from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive, PeriodKind, Target, Task
from indicators.models import Indicator
from reports.periods import period_label
from units.models import Unit


class Holiday(models.Model):
    """A day off (Tết, public holidays) or a compensatory working day on a weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = pgettext_lazy("plural", "lịch ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


_NUMBER_FITS_KIND = (
    Q(kind="month", number__gte=1, number__lte=12)
    | Q(kind="quarter", number__gte=1, number__lte=4)
    | Q(kind="half_year", number__gte=1, number__lte=2)
    | Q(kind="nine_months", number=1)
    | Q(kind="year", number=1)
)


class Period(models.Model):
    """A reporting period with its data window (cut-off) and due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")

    kind = models.CharField(_("loại kỳ"), max_length=16, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số kỳ trong năm"), default=1)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(_("hạn nộp"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ends_on", "kind"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique"),
            models.CheckConstraint(condition=_NUMBER_FITS_KIND, name="period_number_fits_kind"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="period_window_in_order"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("ends_on")), name="period_due_after_cutoff"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="period_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return period_label(self.kind, self.year, self.number)


class Submission(models.Model):
    """One unit's report for one period and one directive."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped on every save; a save carrying an older version is refused (no silent overwrite).
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_late = models.BooleanField(_("nộp muộn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("thời điểm thẩm định"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


class IndicatorValue(models.Model):
    """A figure reported for one indicator: a value, or numerator and denominator for a ratio."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
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
        return f"{self.indicator.code}: {self.value}"

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
        Submission, on_delete=models.CASCADE, related_name="task_updates"
    )
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="updates")
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


class ComplianceRun(models.Model):
    """Computed figures of one directive for one period: built for reading, replaced whole."""

    class Basis(models.TextChoices):
        OFFICIAL = "official", _("Chính thức (đã tiếp nhận)")
        PROVISIONAL = "provisional", _("Tạm tính (gồm báo cáo chờ thẩm định)")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=12, choices=Basis.choices)
    computed_at = models.DateTimeField()
    # [[submission id, version], …]: exactly which reports the figures were computed from.
    sources = models.JSONField(default=list)
    units_expected = models.PositiveIntegerField(default=0)
    units_submitted = models.PositiveIntegerField(default=0)
    units_accepted = models.PositiveIntegerField(default=0)
    units_late = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần tổng hợp")
        verbose_name_plural = pgettext_lazy("plural", "lần tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["directive", "period", "basis"], name="run_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.period_id}/{self.basis}"


class TargetResult(models.Model):
    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    met = models.BooleanField(null=True)
    status = models.CharField(max_length=10)
    units_expected = models.PositiveIntegerField()
    units_reported = models.PositiveIntegerField()
    units_met = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "target"], name="target_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.status}"


class UnitTargetResult(models.Model):
    # Tens of thousands of rows per run: no single-column indexes beside the two composite ones
    # below, which already serve lookups by run (and target) and by unit; no foreign-key
    # constraints either, whose checks at commit cost a third of a recompute. The rows are
    # derived, written whole by reports/aggregation.py from rows that exist, and deleted with
    # their run (Django cascades without the constraint).
    run = models.ForeignKey(
        ComplianceRun, on_delete=models.CASCADE, related_name="unit_targets", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    reported = models.BooleanField()
    # The unit's own judged value (a ratio from its parts; the increase for a yearly target).
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    met = models.BooleanField(null=True)
    # The figures it was judged from, this period and a year earlier: enough to judge the target
    # again over any subtree (a district's own figures) without reading the reports.
    reported_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_reported = models.BooleanField(default=False)
    last_year_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    last_year_denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "target", "unit"], name="unit_result_unique")
        ]
        indexes = [models.Index(fields=["unit", "run"])]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.unit_id}: {self.met}"


class ComplianceUnit(models.Model):
    """One expected unit in a run: its report's state and its composite score."""

    run = models.ForeignKey(ComplianceRun, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # The report's status when computed ("" when the unit had not started one).
    report_status = models.CharField(max_length=16, blank=True)
    report_version = models.PositiveIntegerField(null=True)
    is_late = models.BooleanField(default=False)
    targets = models.PositiveIntegerField(default=0)
    targets_met = models.PositiveIntegerField(default=0)
    # Not met although the due date has come (or the target has none): what withholds commendation.
    targets_missed = models.PositiveIntegerField(default=0)
    # Σ weights of the targets met / Σ weights of the unit's targets, in percent; null without targets.
    score = models.DecimalField(max_digits=9, decimal_places=4, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "unit"], name="compliance_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.unit_id}: {self.score}"


def _export_storage():  # type: ignore[no-untyped-def]
    from django.core.files.storage import storages

    return storages["exports"]


class Export(models.Model):
    """An official report (PDF) or a workbook (Excel) made in the background for a directive ×
    period over a unit's subtree; the file is set only once it is whole."""

    class Format(models.TextChoices):
        PDF = "pdf", _("Báo cáo PDF")
        XLSX = "xlsx", _("Bảng tính Excel")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Không thành công")

    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=_export_storage, upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("lý do không thành công"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("tệp kết xuất")
        verbose_name_plural = pgettext_lazy("plural", "tệp kết xuất")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="export_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["pdf", "xlsx"]), name="export_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="export_progress_0_100"
            ),
            # Only a finished export offers a file.
            models.CheckConstraint(
                condition=Q(status="done") | Q(file=""), name="export_file_only_when_done"
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_format_display()} · {self.directive_id}/{self.period_id} · {self.status}"

    def get_additional_data(self) -> dict[str, int]:
        """Filed under its directive in the audit log: its requests and downloads are there."""
        return {"directive": self.directive_id}


class SignedExport(models.Model):
    """An official report the portal issued digitally signed. The signed file is written once
    and never rewritten; its SHA-256 is kept even after the export is cleaned up, so that the
    verify page can say whether the portal issued exactly a given file."""

    export = models.OneToOneField(
        Export, null=True, on_delete=models.SET_NULL, related_name="signed"
    )
    file = models.FileField(storage=_export_storage, upload_to="signed/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    signer = models.CharField(_("người ký (chứng thư số)"), max_length=500)
    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("báo cáo đã ký số")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo đã ký số")

    def __str__(self) -> str:
        return f"{self.signer} · {self.signed_at:%Y-%m-%d %H:%M}"
