from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive
from reports.periods.models import Period
from units.models import Unit

CLOSING_MAX = 5000  # characters of each closing section: about a page of the report


# A callable, so the storage is looked up when used (tests and deployments set their own), and
# migrations name this function rather than a storage.
def _export_storage() -> Storage:
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
    # "historic": the units of the period's time; "current": restated onto the structure of
    # units in force on `restated_on` (unit-changes.md, "Restated figures").
    structure = models.CharField(_("cơ cấu đơn vị"), max_length=8, default="historic")
    restated_on = models.DateField(_("quy đổi theo cơ cấu ngày"), null=True, blank=True)
    # The PDF's closing sections as the officer edited them on the export page; blank: the
    # draft made from the reports when the file is built (reports/exports/drafting.py).
    assessment = models.TextField(_("đánh giá chung"), blank=True, max_length=CLOSING_MAX)
    next_steps = models.TextField(_("nhiệm vụ kỳ tới, đề xuất"), blank=True, max_length=CLOSING_MAX)
    # The interface language of whoever asked: the worker builds the file in it (it has no
    # request, so no language of its own).
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")

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
    # The issuing body's certificate subject when its seal is a second signature; "" otherwise.
    seal = models.CharField(_("con dấu số của cơ quan"), max_length=500, blank=True)
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
