from __future__ import annotations

from django.contrib import admin

from config.search import FoldedSearchAdminMixin
from reports.models import (
    EvidenceFile,
    Holiday,
    IndicatorValue,
    Period,
    Submission,
    SubmissionEvent,
    TaskUpdate,
)
from units import permissions
from units.admin import PortalAdminMixin
from units.permissions import Action


@admin.register(Holiday)
class HolidayAdmin(PortalAdminMixin, admin.ModelAdmin):
    manage_action = Action.PERIOD_MANAGE
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A wrong holiday is corrected by deleting it; nothing refers to holiday rows.
        return self.has_change_permission(request, obj)


@admin.register(Period)
class PeriodAdmin(PortalAdminMixin, admin.ModelAdmin):
    manage_action = Action.PERIOD_MANAGE
    list_display = ("__str__", "kind", "starts_on", "ends_on", "due_on", "status")
    list_filter = ("kind", "year", "status")


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
class SubmissionAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    """Read-only here: reports change only through the reporting workflow's services."""

    manage_action = Action.PERIOD_MANAGE
    folded_search_field = "unit__search_text"
    list_display = ("unit", "period", "directive", "status", "version", "submitted_at", "is_late")
    list_filter = ("status", "is_late", "period", "directive", "unit__level")
    list_select_related = ("unit", "period", "directive")
    readonly_fields = [f.name for f in Submission._meta.fields]
    inlines = (IndicatorValueInline, TaskUpdateInline, SubmissionEventInline)

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        reviewable = permissions.managed_units(request.user)
        return super().get_queryset(request).filter(unit__in=reviewable)

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(PortalAdminMixin, admin.ModelAdmin):
    manage_action = Action.PERIOD_MANAGE
    list_display = ("original_name", "size", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = ("value", "file", "original_name", "size", "content_type", "uploaded_by")

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        reviewable = permissions.managed_units(request.user)
        return super().get_queryset(request).filter(value__submission__unit__in=reviewable)
