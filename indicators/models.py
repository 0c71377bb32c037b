from __future__ import annotations

from django.conf import settings
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
    # Set by officers in the admin (the directive file has no key for it): a ratio of head-counts
    # (people, units, documents) refuses decimals in both parts; other ratios keep accepting them.
    whole_parts = models.BooleanField(
        _("tử số, mẫu số là số nguyên"),
        default=False,
        help_text=_(
            "Đánh dấu khi tử số và mẫu số là số đếm (số người, số đơn vị, số văn bản…): "
            "số liệu có phần thập phân sẽ bị từ chối."
        ),
    )
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
                condition=Q(kind="ratio") | Q(whole_parts=False),
                name="indicator_whole_parts_only_for_ratio",
                violation_error_message=_("Chỉ chỉ số loại tỷ lệ mới có tử số, mẫu số."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ratio", "count", "amount", "boolean", "rank"]),
                name="indicator_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        # What people read (dropdowns, the change log, index pages); the code is the officers'
        # key in directive files and the API, shown beside the name only where they need it.
        return self.name

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.code, self.name)


# --- Index frameworks (DTI, ICT Index, PAR Index…) and the figures published on them --------
# Index frameworks (DTI, ICT Index, PAR Index…), their editions and the figures published on them.
#
# An edition is a tree of pillars → components → criteria; each node's weight is its share (in
# percent) of its parent, so a node's maximum is its parent's maximum × weight / 100 and the
# edition's `max_score` is the whole. A published edition is never edited in place: a revised
# framework is a new edition. External figures and published results are national figures the
# province does not collect from its units; they are entered by officers with their source.


class IndexFramework(models.Model):
    code = models.CharField(_("mã bộ chỉ số"), max_length=32, unique=True)
    name = models.CharField(_("tên bộ chỉ số"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("bộ chỉ số đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "bộ chỉ số đánh giá")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class IndexEdition(models.Model):
    framework = models.ForeignKey(IndexFramework, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=12, decimal_places=4)
    published = models.BooleanField(_("đã công bố"), default=False)
    # The unit levels (their codes: department, district, commune…) the edition also scores,
    # each unit from the portal's figures over its subtree; empty: the province only.
    scored_levels = models.JSONField(_("cấp đơn vị được chấm"), default=list, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework__code", "year"]
        verbose_name = _("phiên bản bộ chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản bộ chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year"], name="index_edition_unique"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="index_edition_max_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.year}"


class IndexNode(models.Model):
    class Level(models.TextChoices):
        PILLAR = "pillar", _("Trụ cột")
        COMPONENT = "component", _("Chỉ số thành phần")
        CRITERION = "criterion", _("Tiêu chí")

    edition = models.ForeignKey(IndexEdition, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=500)
    position = models.PositiveIntegerField(default=0)
    weight = models.DecimalField(_("trọng số (%)"), max_digits=7, decimal_places=4)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=12, decimal_places=4)
    # A criterion scored from a portal indicator's official figure for the year, through
    # `scoring` ({"linear": {"from": a, "to": b}} or {"thresholds": [[value, share], …]});
    # a criterion without an indicator is scored by the province's officers, with evidence.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scoring = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["edition", "position"]
        verbose_name = _("mục của bộ chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "mục của bộ chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="index_node_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="index_node_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Source(models.Model):
    """Where a published figure comes from: every external figure names its document."""

    source_document = models.CharField(_("văn bản công bố"), max_length=500)
    source_url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    source_date = models.DateField(_("ngày công bố"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ExternalFigure(Source):
    """A published figure of a province for an indicator and year (a rank, a survey result)."""

    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=24, decimal_places=6)

    class Meta:
        ordering = ["indicator__code", "year"]
        verbose_name = _("số liệu công bố bên ngoài")
        verbose_name_plural = pgettext_lazy("plural", "số liệu công bố bên ngoài")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "indicator", "year"], name="external_figure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.year}: {self.value}"


class IndexResult(Source):
    """An official score (and rank) published nationally for a province: the total when `node`
    is empty, else a pillar's or component's."""

    edition = models.ForeignKey(IndexEdition, on_delete=models.PROTECT, related_name="results")
    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        IndexNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField(_("điểm"), max_digits=12, decimal_places=4, null=True)
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả công bố")
        verbose_name_plural = pgettext_lazy("plural", "kết quả công bố")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "province", "node"],
                name="index_result_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | Q(rank__isnull=False),
                name="index_result_has_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id}/{self.province_id}/{self.node_id or '—'}"


class CriterionAssessment(models.Model):
    """An officer's score of a criterion no portal indicator measures, with its evidence."""

    node = models.ForeignKey(IndexNode, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("điểm tự đánh giá"), max_digits=12, decimal_places=4)
    evidence = models.TextField(_("minh chứng"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tự đánh giá tiêu chí")
        verbose_name_plural = pgettext_lazy("plural", "tự đánh giá tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["node", "province"], name="criterion_assessed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.node_id}/{self.province_id}: {self.score}"
