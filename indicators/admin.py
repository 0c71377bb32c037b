from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.search import FoldedSearchAdminMixin
from indicators.models import ExternalFigure, IndexEdition, IndexNode, IndexResult, Indicator
from indicators.selectors import indicator_editable, indicator_list
from units.admin import NamesThenAdminMixin, PortalAdminMixin
from units.models import Unit
from units.permissions import Action, managed_units, root_ids_of


@admin.register(Indicator)
class IndicatorAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    """The national catalogue (superusers keep it) and each province's own indicators (its
    reviewers and admins keep them); a province's staff never see another province's own."""

    manage_action = Action.DIRECTIVE_MANAGE
    list_display = (
        "code",
        "name",
        "kind",
        "display_unit",
        "higher_is_better",
        "whole_parts",
        "province",
    )
    list_filter = ("kind", "higher_is_better", "whole_parts")
    list_select_related = ("province",)
    choice_scopes = {Unit: lambda user: managed_units(user).filter(parent__isnull=True)}

    def rows(self, request: HttpRequest):
        return indicator_list(user=request.user).select_related("province")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return indicator_editable(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "province" and not request.user.is_superuser:
            field.required = True  # the national catalogue is the superusers'
        return field


class IndexNodeInline(admin.TabularInline):
    model = IndexNode
    fields = ("code", "level", "name", "weight", "max_score", "indicator", "scoring")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # The tree comes from the framework file only (import_index_framework).
        return False


@admin.register(IndexEdition)
class IndexEditionAdmin(PortalAdminMixin, admin.ModelAdmin):
    manage_action = Action.DIRECTIVE_MANAGE
    list_display = ("framework", "year", "max_score", "published")
    list_filter = ("framework", "published")
    fields = ("framework", "year", "legal_basis", "max_score", "scored_levels", "published")
    inlines = [IndexNodeInline]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False  # editions are imported from their file, whole

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # A published edition is never edited in place; a draft may only be published here.
        if obj is not None and obj.published:
            return self.fields
        return ("framework", "year", "legal_basis", "max_score", "scored_levels")


@admin.register(ExternalFigure)
class ExternalFigureAdmin(NamesThenAdminMixin, PortalAdminMixin, admin.ModelAdmin):
    """Read-only: figures are entered on the province's index page, through the service."""

    manage_action = Action.DIRECTIVE_MANAGE
    list_display = (
        "province_then", "indicator", "year", "value", "source_document", "source_date"
    )  # fmt: skip
    list_filter = ("year",)
    list_select_related = ("province", "indicator")
    names_then_fields = ("province",)

    def day_of(self, obj: Any) -> datetime.date:
        # A year's figure: the province as it was named at that year's end.
        return datetime.date(obj.year, 12, 31)

    @admin.display(description=_("Tỉnh"), ordering="province__name")
    def province_then(self, obj: Any) -> str:
        return self.name_then(obj, "province")

    def rows(self, request: HttpRequest):
        roots = root_ids_of(request.user)
        rows = super().rows(request)
        return rows if roots is None else rows.filter(province_id__in=roots)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(IndexResult)
class IndexResultAdmin(ExternalFigureAdmin):
    list_display = ("edition", "province_then", "node", "score", "rank", "source_document")
    list_filter = ("edition__framework", "edition__year")
    list_select_related = ("edition__framework", "province", "node")

    def day_of(self, obj: Any) -> datetime.date:
        return datetime.date(obj.edition.year, 12, 31)
