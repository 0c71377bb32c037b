from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import PeriodKind
from reports.periods.calendar import period_label


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
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

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

    def status_in(self, root_id: int) -> str:
        """Open or closed in one province: its own decision, else the national calendar. Kept
        on this object for the request (a page asks more than once); a decision made through
        reports.periods.services forgets it."""
        known = self.__dict__.setdefault("_status_in", {})
        if root_id not in known:
            own = self.province_states.filter(root_id=root_id).values_list("status", flat=True)
            known[root_id] = own.first() or self.status
        return known[root_id]


class ProvincePeriod(models.Model):
    """A province's own decision on a period (opened or closed there), over the national
    calendar's `Period.status`; the period's window and due date stay national."""

    period = models.ForeignKey(
        Period,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.CASCADE,
        related_name="province_states",
    )
    root = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"parent__isnull": True},
    )
    status = models.CharField(_("trạng thái"), max_length=8, choices=Period.Status.choices)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period__ends_on", "root_id"]
        verbose_name = _("kỳ báo cáo của tỉnh")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo của tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["period", "root"], name="province_period_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="province_period_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} — {self.get_status_display()}"
