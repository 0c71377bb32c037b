"""Published official figures: a frozen snapshot of a directive's compliance figures for a
period, the outbox of what receivers are sent (publications and withdrawals, in order), the
receivers an admin configures and the log of each delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive
from reports.periods.models import Period
from units.models import Unit


class Publication(models.Model):
    """What the compliance API showed for the whole province when a reviewer published it;
    never recomputed. A withdrawn one stays (with its reason) but is no longer public."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("lần công bố"), default=1)
    structure = models.CharField(_("cơ cấu đơn vị"), max_length=16, default="historic")
    document = models.JSONField(_("số liệu công bố"))
    published_at = models.DateTimeField(_("thời điểm công bố"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("thời điểm rút"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thu hồi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    withdraw_reason = models.TextField(_("lý do rút"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("số liệu công bố")
        verbose_name_plural = pgettext_lazy("plural", "số liệu công bố")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "period", "version"], name="publication_version_unique"
            ),
            # One live publication of a directive's period at a time.
            models.UniqueConstraint(
                fields=["directive", "period"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_one_live",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""),
                name="publication_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive.code} · {self.period.label} · v{self.version}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None

    @property
    def restated_on(self) -> str | None:
        """The day (ISO) whose structure of units restated figures are on; None: historic."""
        return self.document.get("restated_on")


class FeedEntry(models.Model):
    """The outbox: one row per publication or withdrawal, its pk the feed's cursor, so
    receivers (pushed or pulling) see them in the order they happened."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Công bố")
        WITHDRAWN = "withdrawn", _("Rút công bố")

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(_("khóa chống trùng"), max_length=100, unique=True)
    document = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mục nguồn tin")
        verbose_name_plural = pgettext_lazy("plural", "mục nguồn tin")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["published", "withdrawn"]), name="feed_entry_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Receiver(models.Model):
    """A system the province's publications are pushed to (the central monitoring system, the
    LGSP), configured by an admin. Bodies are signed with HMAC-SHA256 under `token`, which is
    also sent as the bearer token; a receiver may also ask for the portal's client certificate
    (mutual TLS, reports/publications/tls.py)."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"parent__isnull": True},
    )  # fmt: skip
    name = models.CharField(_("tên hệ thống nhận"), max_length=100)
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    token = models.CharField(_("khóa xác thực"), max_length=200)
    schema_version = models.CharField(_("phiên bản lược đồ"), max_length=10, default="1.0")
    active = models.BooleanField(_("đang nhận"), default=True)
    # Mutual TLS for a receiver that authenticates its senders by certificate (the LGSP): paths
    # of PEM files on the portal's server, as for the signing keys; the database holds no key.
    client_cert_path = models.CharField(
        _("tệp chứng thư máy khách (PEM)"), max_length=500, blank=True,
        help_text=_("Đường dẫn trên máy chủ; để trống nếu hệ thống nhận không đòi chứng thư."),
    )  # fmt: skip
    client_key_path = models.CharField(
        _("tệp khóa riêng của chứng thư (PEM)"), max_length=500, blank=True,
        help_text=_("Để trống nếu khóa nằm cùng tệp chứng thư."),
    )  # fmt: skip
    server_ca_path = models.CharField(
        _("tệp CA tin cậy của hệ thống nhận (PEM)"), max_length=500, blank=True,
        help_text=_("Để trống: dùng các CA của hệ điều hành."),
    )  # fmt: skip

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống nhận số liệu")
        verbose_name_plural = pgettext_lazy("plural", "hệ thống nhận số liệu")
        constraints = [
            models.CheckConstraint(
                condition=Q(client_key_path="") | ~Q(client_cert_path=""),
                name="receiver_key_needs_cert",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One feed entry to one receiver: pending until the receiver answers 2xx (sent) or 4xx
    (failed, with its answer); a 5xx or no answer leaves it pending with a later try."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Bị từ chối")

    receiver = models.ForeignKey(Receiver, on_delete=models.CASCADE, related_name="deliveries")
    entry = models.ForeignKey(FeedEntry, on_delete=models.PROTECT, related_name="deliveries")
    directive_pk = models.PositiveIntegerField()  # held back together: one directive's order
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("mã trả lời"), null=True, blank=True)
    last_answer = models.TextField(_("trả lời"), blank=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["receiver", "entry"]
        verbose_name = _("lần gửi số liệu")
        verbose_name_plural = pgettext_lazy("plural", "lần gửi số liệu")
        constraints = [
            models.UniqueConstraint(fields=["receiver", "entry"], name="delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]), name="delivery_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["receiver", "status", "entry"])]

    def __str__(self) -> str:
        return f"{self.receiver} · {self.entry}"
