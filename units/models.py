from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.models import TreeNode

from config.search import FoldedSearchModel
from config.text import multi_line_text, one_line_text


class User(AbstractUser):
    full_name = models.CharField(
        _("họ và tên"), max_length=150, blank=True, validators=[one_line_text]
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Level(models.Model):
    """An administrative level; `@code` selects all units of it in directive files."""

    code = models.SlugField(_("mã cấp"), max_length=32, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100, validators=[one_line_text])
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "cấp đơn vị")

    def __str__(self) -> str:
        return self.name


class Unit(FoldedSearchModel, TreeNode):
    """An agency, locality or body in a province's tree. Never hard-deleted: see valid_to."""

    parent = TreeNodeForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255, validators=[one_line_text])
    level = models.ForeignKey(Level, verbose_name=_("cấp"), on_delete=models.PROTECT)
    kind = models.CharField(_("loại hình"), max_length=100, blank=True, validators=[one_line_text])
    active = models.BooleanField(_("đang hoạt động"), default=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    reporters_may_submit = models.BooleanField(
        _("cán bộ báo cáo được gửi báo cáo"),
        default=False,
        help_text=_("Nếu không, chỉ lãnh đạo đơn vị gửi được báo cáo."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="unit_not_own_parent",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="unit_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def search_parts(self) -> tuple[str | None, ...]:
        return (self.code, self.name, self.kind)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitEvent(models.Model):
    """A dated change to the unit tree with its legal basis: merge, split, rename, abolition."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Thành lập")
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        ABOLISH = "abolish", _("Giải thể, kết thúc hoạt động")
        TRANSFER = "transfer", _("Chuyển đơn vị cấp trên")

    # The changes that close units and name who carries their figures on (`successor`).
    CLOSING = (Kind.MERGE, Kind.SPLIT, Kind.ABOLISH)

    kind = models.CharField(_("loại thay đổi"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    legal_document = models.CharField(_("văn bản quyết định"), max_length=255)
    document_file = models.FileField(
        _("tệp văn bản"), upload_to="unit-events/%Y/", null=True, blank=True
    )
    before = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị trước"), related_name="events_as_before", blank=True
    )
    after = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị sau"), related_name="events_as_after", blank=True
    )
    # Where a closed unit's figures go when restated (merge: `into`, split: its primary,
    # abolish: its successor); empty when they cannot be restated (unit-changes.md).
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_as_successor",
    )
    # A transfer's move in the tree, kept so the tree of an earlier date can be read back.
    old_parent = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cấp trên cũ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_parent = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cấp trên mới"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_name = models.CharField(_("tên cũ"), max_length=255, blank=True, validators=[one_line_text])
    new_name = models.CharField(
        _("tên mới"), max_length=255, blank=True, validators=[one_line_text]
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=[multi_line_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("thay đổi đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "thay đổi đơn vị hành chính")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="rename") | (~Q(old_name="") & ~Q(new_name="")),
                name="unit_event_rename_has_names",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y} ({self.legal_document})"


class Role(models.TextChoices):
    REPORTER = "reporter", _("Cán bộ báo cáo")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    REVIEWER = "reviewer", _("Cán bộ thẩm định (Sở)")
    LEADER = "leader", _("Lãnh đạo theo dõi")
    ADMIN = "admin", _("Quản trị")


class Membership(models.Model):
    """A user's role in a unit. Reviewer, leader and admin roles cover the unit's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("plural", "phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="membership_unique_user_unit_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ProvinceProfile(models.Model):
    """What a province's pages and documents say of it: names, the official report's heading
    and signature block, the e-mail sender. One per root unit, kept by that province's admins;
    the deployment's environment only fills in a new profile (see `units.selectors`)."""

    root = models.OneToOneField(
        Unit,
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="profile",
        limit_choices_to={"parent__isnull": True},
    )
    display_name = models.CharField(_("tên tỉnh hiển thị"), max_length=100)
    owner_name = models.CharField(
        _("cơ quan quản lý cổng"),
        max_length=255,
        help_text=_(
            "Sở Khoa học và Công nghệ từ 01/7/2025 (trước đó Sở Thông tin và Truyền thông)."
        ),
    )
    report_superior = models.CharField(_("cơ quan chủ quản (in hoa)"), max_length=255)
    report_issuer = models.CharField(_("cơ quan ban hành báo cáo (in hoa)"), max_length=255)
    report_number = models.CharField(
        _("mẫu số ký hiệu"),
        max_length=64,
        help_text=_("Ví dụ {number}/BC-SKHCN; {number} là số do văn thư điền."),
    )
    report_place = models.CharField(_("địa danh"), max_length=100)
    signer_for = models.CharField(_("quyền hạn ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100)
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    email_sender = models.EmailField(_("địa chỉ gửi thư"), blank=True)
    open_data_licence = models.CharField(
        _("giấy phép dữ liệu mở"),
        max_length=255,
        blank=True,
        help_text=_("Dòng giấy phép in trên trang công khai và trong tệp dữ liệu mở."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ tỉnh")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ tỉnh")
        constraints = [
            models.CheckConstraint(
                condition=Q(report_number__contains="{number}"),
                name="province_profile_number_has_placeholder",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
