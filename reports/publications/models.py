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
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("thời điểm rút"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
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
