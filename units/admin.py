from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.http import HttpRequest
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.search import FoldedSearchAdminMixin
from units import permissions, selectors
from units.changes import unit_change_apply
from units.forms import UnitEventAdminForm
from units.models import Level, Membership, ProvinceProfile, Unit, UnitEvent, User
from units.tokens import tokens_revoke_all


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many choice limited, by the permissions module, to the
    rows the user may tie a record to: the form refuses another province's unit, account or
    directive even when its id is posted by hand (the autocomplete only hides it)."""

    choice_scopes: ClassVar[dict[type, Callable[[Any], Any]]] = {
        Unit: permissions.managed_units,
        User: permissions.manageable_users,
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        scope = self.choice_scopes.get(db_field.related_model)
        if scope is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scope(request.user)


class PortalAdminMixin(ScopedChoicesMixin):
    """Admin access through the one permissions module: reviewers and admins manage data."""

    manage_action = permissions.Action.UNITS_MANAGE

    def get_queryset(self, request: HttpRequest):
        """Every row the admin shows passes the one province scope; `rows` is each model's
        own narrower selection (roles, subtrees)."""
        return permissions.in_provinces(self.rows(request), request.user)

    def rows(self, request: HttpRequest):
        return super().get_queryset(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.allowed(request.user, self.manage_action)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return permissions.allowed(request.user, self.manage_action)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return permissions.allowed(request.user, self.manage_action)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return permissions.allowed(request.user, self.manage_action)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Nothing that reports refer to is deleted from the admin: units are closed, not removed.
        return False


class NamesThenAdminMixin:
    """A changelist whose rows belong to a period: `name_then` gives a row's unit under the
    name it had on the period's last day (renames since undone), every rename of the page's
    units read in one query rather than one per row."""

    names_then_fields: ClassVar[tuple[str, ...]] = ("unit",)  # the rows' unit fields

    def day_of(self, obj: Any) -> datetime.date:
        return obj.period.ends_on

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)  # beside a ModelAdmin
        rows = list(changelist.result_list)  # evaluated once: the page shows these objects
        units = [getattr(row, field) for row in rows for field in self.names_then_fields]
        names = selectors.unit_names(units)
        for row in rows:
            row.names_then = {
                field: names.on(getattr(row, field), self.day_of(row))
                for field in self.names_then_fields
            }
        return changelist

    def name_then(self, obj: Any, field: str) -> str:
        """The unit in `field` as named on the row's period (today's name off the list)."""
        return getattr(obj, "names_then", {}).get(field) or str(getattr(obj, field))


class AdminOnlyMixin(PortalAdminMixin):
    """Users and roles: only admins (superusers or admin memberships) manage them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.Role.ADMIN in permissions.roles_of(request.user)

    has_view_permission = has_add_permission = has_change_permission = lambda self, request, *args: (
        AdminOnlyMixin.has_module_permission(self, request)
    )


@admin.register(Level)
class LevelAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "order")

    # Levels are shared by every province (`@commune` in every directive file): a province's
    # staff read them, only a superuser changes them.
    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "active", "valid_from", "valid_to")
    list_filter = ("level", "active", "kind")
    list_select_related = ("level", "parent")
    autocomplete_fields = ("parent",)
    readonly_fields = ("search_text",)

    def rows(self, request: HttpRequest):
        return permissions.managed_units(request.user).select_related("level", "parent")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # A province's root stays a root, and only a superuser makes a new one.
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.parent_id is None and not request.user.is_superuser:
            return (*fields, "parent")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and not request.user.is_superuser:
            field.required = True
        return field


@admin.register(UnitEvent)
class UnitEventAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Recording a change applies it, atomically, through the unit services (see the form);
    a recorded change is never re-applied: only its legal document, file and note are edited."""

    form = UnitEventAdminForm
    list_display = ("effective_on", "kind", "legal_document", "old_name", "new_name")
    list_filter = ("kind", "effective_on")
    search_fields = ("legal_document", "old_name", "new_name", "note")
    autocomplete_fields = ("before", "after", "new_parent", "successor")
    effect_fields = (
        "kind", "effective_on", "before", "after", "old_name", "new_name", "old_parent",
        "new_parent", "successor",
    )  # fmt: skip

    def rows(self, request: HttpRequest):
        """The changes to units the user sees (a reviewer's province), not every province's."""
        visible = permissions.managed_units(request.user).values("pk")
        events = super().rows(request)
        return events.filter(Q(before__in=visible) | Q(after__in=visible)).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return ("recorded_by", "recorded_at")
        return (*self.effect_fields, "recorded_by", "recorded_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        event = unit_change_apply(
            change=form.change,
            by=request.user,
            document_file=form.cleaned_data.get("document_file") or None,
            note=form.cleaned_data.get("note", ""),
        )
        # The admin goes on with `obj` (its log entry, its redirect): make it the recorded event.
        obj.pk, obj._state.adding = event.pk, False
        obj.old_name = event.old_name

    def save_related(self, request, form, formsets, change):
        # A new change's units were set by its service (e.g. a rename's unit on both sides).
        if change:
            super().save_related(request, form, formsets, change)


# Roles are granted only on units where the granting user is an admin himself.
_MEMBERSHIP_CHOICES: dict[type, Callable[[Any], Any]] = {
    Unit: lambda user: permissions.units_where(user, {permissions.Role.ADMIN}),
    User: permissions.manageable_users,
}


class MembershipInline(ScopedChoicesMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)
    choice_scopes = _MEMBERSHIP_CHOICES

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return AdminOnlyMixin.has_module_permission(self, request)

    has_add_permission = has_change_permission = has_view_permission


@admin.register(User)
class UserAdmin(AdminOnlyMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("chitieu", {"fields": ("full_name", "phone")}))
    inlines = (MembershipInline,)
    # Only a superuser grants staff or superuser status, groups or model permissions.
    superuser_only_fields = (
        "is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined",
    )  # fmt: skip

    def rows(self, request: HttpRequest):
        return permissions.manageable_users(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *self.superuser_only_fields)

    def user_change_password(self, request, id, form_url=""):
        """Django's password page, then the user's API tokens revoked (an explicit call)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            tokens_revoke_all(user=self.get_object(request, unquote(id)))
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            tokens_revoke_all(user=obj)  # a deactivated account's tokens die with it


@admin.register(Membership)
class MembershipAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role", "unit__level")
    search_fields = ("user__username", "user__full_name", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
    choice_scopes = _MEMBERSHIP_CHOICES

    def rows(self, request: HttpRequest):
        return permissions.manageable_memberships(request.user).select_related("user", "unit")


@admin.register(ProvinceProfile)
class ProvinceProfileAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Each province's admins keep its own profile; a superuser every province's."""

    list_display = ("display_name", "owner_name", "report_issuer", "updated_at")
    choice_scopes = {Unit: permissions.profile_units}

    def rows(self, request: HttpRequest):
        roots = permissions.profile_units(request.user)
        return super().rows(request).filter(root__in=roots).select_related("root")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new profile starts from the deployment's settings for the admin's province."""
        roots = list(permissions.profile_units(request.user).exclude(profile__isnull=False)[:2])
        if len(roots) != 1:
            return super().get_changeform_initial_data(request)
        defaults = selectors.province_profile_defaults(roots[0])
        return {
            field.name: getattr(defaults, field.attname)
            for field in ProvinceProfile._meta.concrete_fields
            if field.editable and not field.primary_key
        }


class RevokesTokensMixin:
    """A two-factor device added, changed or removed here changes how its owner signs in: his
    API tokens stop working, as when he enrols or removes one himself."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]  # admin hook signature
        super().save_model(request, obj, form, change)  # type: ignore[misc]  # mixin over a ModelAdmin
        tokens_revoke_all(user=obj.user)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]  # admin hook signature
        owner = obj.user
        super().delete_model(request, obj)  # type: ignore[misc]  # mixin over a ModelAdmin
        tokens_revoke_all(user=owner)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]  # admin hook signature
        owners = {device.user for device in queryset.select_related("user")}
        super().delete_queryset(request, queryset)  # type: ignore[misc]  # mixin over a ModelAdmin
        for owner in owners:
            tokens_revoke_all(user=owner)


for _model, _device_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(_device_admin.__name__, (RevokesTokensMixin, _device_admin), {})
    )
