from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """What a notification is about; users turn each kind on or off."""

    REPORT_DUE_SOON = "report_due_soon", _("Báo cáo sắp đến hạn")
    REPORT_DUE_TODAY = "report_due_today", _("Báo cáo đến hạn hôm nay")
    REPORT_LATE = "report_late", _("Báo cáo quá hạn")
    REVIEW_WAITING = "review_waiting", _("Báo cáo chờ thẩm định lâu")
    ESCALATION = "escalation", _("Đơn vị cấp dưới chậm báo cáo")
    WEEKLY_DIGEST = "weekly_digest", _("Bản tin tổng hợp hằng tuần")


class Notification(models.Model):
    """A message in the portal for one user, with a link to the thing concerned."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class SentReminder(models.Model):
    """The sent-log: one row per reminder ever sent. Its unique key makes every job idempotent
    across retries, restarts and a job run twice."""

    key = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = pgettext_lazy("plural", "nhắc việc đã gửi")

    def __str__(self) -> str:
        return self.key


class Preference(models.Model):
    """A user's choice for one kind; without a row, the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    enabled = models.BooleanField(_("nhận thông báo"), default=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = pgettext_lazy("plural", "tùy chọn thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.enabled}"


class CalendarFeed(models.Model):
    """The secret address of a user's calendar of due dates; regenerating it cuts off any copy
    of the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch công việc")
        verbose_name_plural = pgettext_lazy("plural", "lịch công việc")

    def __str__(self) -> str:
        return str(self.user)
