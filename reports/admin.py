from __future__ import annotations

from celery import signature
from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.search import FoldedSearchAdminMixin
from reports.models import (
    Delivery,
    EvidenceFile,
    Holiday,
    IndicatorValue,
    Period,
    ProvincePeriod,
    Receiver,
    SignedExport,
    Submission,
    SubmissionEvent,
    TaskUpdate,
)
from reports.periods.selectors import province_periods
from reports.publications.feed import delivery_send_again
from reports.publications.services import PUSH_TASK
from reports.publications.tls import receiver_tls
from units import permissions
from units.admin import NamesThenAdminMixin, PortalAdminMixin
from units.permissions import Action


class NationalCalendarMixin(PortalAdminMixin):
    """The holidays and the periods' windows are national rules: every province's reviewers
    read them, only a superuser changes them (a province opens and closes periods for itself
    on the periods page)."""

    manage_action = Action.PERIOD_MANAGE

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Holiday)
class HolidayAdmin(NationalCalendarMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        # A wrong holiday is corrected by deleting it; nothing refers to holiday rows.
        return self.has_change_permission(request, obj)


@admin.register(Period)
class PeriodAdmin(NationalCalendarMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "starts_on", "ends_on", "due_on", "status")
    list_filter = ("kind", "year", "status")


@admin.register(ProvincePeriod)
class ProvincePeriodAdmin(NamesThenAdminMixin, PortalAdminMixin, admin.ModelAdmin):
    """Each province's decisions, read-only: they are made on the periods page."""

    manage_action = Action.PERIOD_MANAGE
    list_display = ("period", "root_then", "status", "changed_at")
    names_then_fields = ("root",)
    list_filter = ("status",)
    list_select_related = ("period", "root")
    readonly_fields = ("period", "root", "status", "changed_at")

    def rows(self, request):
        return province_periods(user=request.user).select_related("period", "root")

    @admin.display(description=ProvincePeriod._meta.get_field("root").verbose_name,
                   ordering="root__name")  # fmt: skip
    def root_then(self, obj: ProvincePeriod) -> str:
        return self.name_then(obj, "root")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("indicator", "numerator", "denominator", "value", "note")
    readonly_fields = fields
    can_delete = False


class TaskUpdateInline(admin.StackedInline):
    model = TaskUpdate
    extra = 0
    fields = ("task", "status", "progress", "difficulties", "proposals", "completed_on")
    readonly_fields = fields
    can_delete = False


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ("at", "action", "by", "from_status", "to_status", "version", "comment")
    readonly_fields = fields
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(
    NamesThenAdminMixin, PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin
):
    """Read-only here: reports change only through the reporting workflow's services."""

    manage_action = Action.PERIOD_MANAGE
    folded_search_field = "unit__search_text"
    list_display = (
        "unit_then", "period", "directive", "status", "version", "submitted_at", "is_late",
    )  # fmt: skip
    list_filter = ("status", "is_late", "period", "directive", "unit__level")
    list_select_related = ("unit", "period", "directive")
    readonly_fields = [f.name for f in Submission._meta.fields]
    inlines = (IndicatorValueInline, TaskUpdateInline, SubmissionEventInline)

    def rows(self, request):
        reviewable = permissions.managed_units(request.user)
        return super().rows(request).filter(unit__in=reviewable)

    @admin.display(description=Submission._meta.get_field("unit").verbose_name,
                   ordering="unit__name")  # fmt: skip
    def unit_then(self, obj: Submission) -> str:
        return self.name_then(obj, "unit")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(PortalAdminMixin, admin.ModelAdmin):
    manage_action = Action.PERIOD_MANAGE
    list_display = ("original_name", "size", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = ("value", "file", "original_name", "size", "content_type", "uploaded_by")

    def has_add_permission(self, request, *args):
        return False

    def rows(self, request):
        reviewable = permissions.managed_units(request.user)
        return super().rows(request).filter(value__submission__unit__in=reviewable)


@admin.register(SignedExport)
class SignedExportAdmin(PortalAdminMixin, admin.ModelAdmin):
    """The portal's register of signed reports, read-only: a signed file is the issued record
    (the verify page checks files against its SHA-256), so nothing is added, changed or
    deleted here. Each officer sees the reports of the provinces he signs for."""

    manage_action = Action.EXPORT_SIGN
    list_display = ("signed_at", "province", "signer", "seal", "timestamped", "signed_by")
    list_filter = ("timestamped",)
    list_select_related = ("province", "signed_by")
    date_hierarchy = "signed_at"
    search_fields = ("signer", "seal", "sha256")
    fields = ("export", "province", "signer", "seal", "signed_by", "signed_at", "timestamped",
              "sha256", "download")  # fmt: skip
    readonly_fields = fields

    def rows(self, request):
        provinces = permissions.signing_provinces(request.user)
        return super().rows(request).filter(province__in=provinces)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Tệp đã ký số"))
    def download(self, obj: SignedExport) -> str:
        # Through the portal's download, which asks the permission again on every download.
        if obj.export_id is None:
            return "—"
        url = reverse("reports:export_signed_download", args=[obj.export_id])
        return format_html('<a href="{}">{}</a>', url, _("Tải bản đã ký số"))


class ReceiverForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("địa chỉ nhận"), max_length=500, assume_scheme="https")

    class Meta:
        model = Receiver
        fields = ("province", "name", "url", "token", "schema_version", "active",
                  "client_cert_path", "client_key_path", "server_ca_path")  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("client_key_path") and not cleaned.get("client_cert_path"):
            raise forms.ValidationError(_("Đã có tệp khóa riêng thì phải có tệp chứng thư."))
        https = cleaned["url"].lower().startswith("https://")
        if (cleaned.get("client_cert_path") or cleaned.get("server_ca_path")) and not https:
            raise forms.ValidationError(_("Chứng thư chỉ dùng được với địa chỉ https://."))
        files = {k: cleaned[k] for k in ("url", "client_cert_path", "client_key_path",
                                         "server_ca_path")}  # fmt: skip
        try:  # the files are loaded now, not at the first push
            receiver_tls(Receiver(**files))
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


@admin.register(Receiver)
class ReceiverAdmin(admin.ModelAdmin):
    """Superusers configure the systems publications are pushed to (their token is a secret;
    a client certificate is named by its files' paths on the server, never uploaded)."""

    form = ReceiverForm
    list_display = ("name", "province", "url", "schema_version", "active")
    list_filter = ("active", "province")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only, with "send again" for refused (or already sent) entries."""

    list_display = ("entry", "receiver", "status", "attempts", "last_status", "sent_at")
    list_filter = ("status", "receiver")
    list_select_related = ("entry", "receiver")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ("send_again",)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại"))
    def send_again(self, request, queryset):
        again = [d for d in queryset if d.status != Delivery.Status.PENDING]
        for delivery in again:
            delivery_send_again(delivery=delivery)
        if again:
            transaction.on_commit(lambda: signature(PUSH_TASK).apply_async(), robust=True)
        self.message_user(request, _("Đã xếp %(count)s mục để gửi lại.") % {"count": len(again)})
