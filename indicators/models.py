from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.search import FoldedSearchModel
from config.text import multi_line_text
from units.models import Unit


class Indicator(FoldedSearchModel):
    """A measurable quantity: in the national catalogue (no province; superusers keep it) or a
    province's own (its reviewers and admins keep it; other provinces neither see nor use it)."""

    class Kind(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (tử số/mẫu số)")
        COUNT = "count", _("Số lượng")
        AMOUNT = "amount", _("Giá trị")
        BOOLEAN = "boolean", _("Có/Không")
        RANK = "rank", _("Thứ hạng")

    code = models.CharField(_("mã chỉ số"), max_length=64, unique=True)
    name = models.TextField(_("tên chỉ số"), validators=[multi_line_text])
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    numerator_label = models.CharField(_("tử số"), max_length=255, blank=True)
    denominator_label = models.CharField(_("mẫu số"), max_length=255, blank=True)
    display_unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    province = models.ForeignKey(
        Unit,
        verbose_name=_("chỉ số riêng của tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Để trống: chỉ số thuộc danh mục quốc gia, dùng chung cho mọi tỉnh."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "chỉ số")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ratio") | (~Q(numerator_label="") & ~Q(denominator_label="")),
                name="indicator_ratio_has_labels",
            ),
            models.CheckConstraint(
                condition=Q(kind="ratio") | (Q(numerator_label="") & Q(denominator_label="")),
                name="indicator_labels_only_for_ratio",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ratio", "count", "amount", "boolean", "rank"]),
                name="indicator_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.code, self.name)
