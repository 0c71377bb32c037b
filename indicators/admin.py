from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from config.search import FoldedSearchAdminMixin
from indicators.models import Indicator
from indicators.selectors import indicator_editable, indicator_list
from units.admin import PortalAdminMixin
from units.models import Unit
from units.permissions import Action, managed_units


@admin.register(Indicator)
class IndicatorAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    """The national catalogue (superusers keep it) and each province's own indicators (its
    reviewers and admins keep them); a province's staff never see another province's own."""

    manage_action = Action.DIRECTIVE_MANAGE
    list_display = ("code", "name", "kind", "display_unit", "higher_is_better", "province")
    list_filter = ("kind", "higher_is_better")
    list_select_related = ("province",)
    choice_scopes = {Unit: lambda user: managed_units(user).filter(parent__isnull=True)}

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return indicator_list(user=request.user).select_related("province")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return indicator_editable(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "province" and not request.user.is_superuser:
            field.required = True  # the national catalogue is the superusers'
        return field
