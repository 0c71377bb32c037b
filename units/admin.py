from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.http import HttpRequest

from config.search import FoldedSearchAdminMixin
from units import permissions
from units.forms import UnitEventAdminForm
from units.models import Level, Membership, Unit, UnitEvent, User


class PortalAdminMixin:
    """Admin access through the one permissions module: reviewers and admins manage data."""

    manage_action = permissions.Action.UNITS_MANAGE

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.allowed(request.user, self.manage_action)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return permissions.allowed(request.user, self.manage_action)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:  # type: ignore[no-untyped-def]
        return permissions.allowed(request.user, self.manage_action)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return permissions.allowed(request.user, self.manage_action)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        # Nothing that reports refer to is deleted from the admin: units are closed, not removed.
        return False


class AdminOnlyMixin(PortalAdminMixin):
    """Users and roles: only admins (superusers or admin memberships) manage them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.Role.ADMIN in permissions.roles_of(request.user)

    has_view_permission = has_add_permission = has_change_permission = (  # type: ignore[assignment]
        lambda self, request, *args: AdminOnlyMixin.has_module_permission(self, request)
    )


@admin.register(Level)
class LevelAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "order")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(Unit)
class UnitAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "active", "valid_from", "valid_to")
    list_filter = ("level", "active", "kind")
    list_select_related = ("level", "parent")
    autocomplete_fields = ("parent",)
    readonly_fields = ("search_text",)

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return permissions.visible_units(request.user).select_related("level", "parent")


@admin.register(UnitEvent)
class UnitEventAdmin(PortalAdminMixin, admin.ModelAdmin):
    form = UnitEventAdminForm
    list_display = ("effective_on", "kind", "legal_document", "old_name", "new_name")
    list_filter = ("kind", "effective_on")
    search_fields = ("legal_document", "old_name", "new_name", "note")
    autocomplete_fields = ("before", "after")
    readonly_fields = ("recorded_by", "recorded_at")

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        """The changes to units the user sees (a reviewer's province), not every province's."""
        visible = permissions.visible_units(request.user).values("pk")
        events = super().get_queryset(request)
        return events.filter(Q(before__in=visible) | Q(after__in=visible)).distinct()

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(AdminOnlyMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("chitieu", {"fields": ("full_name", "phone")}))
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role", "unit__level")
    search_fields = ("user__username", "user__full_name", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
