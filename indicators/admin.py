from django.contrib import admin

from config.search import FoldedSearchAdminMixin
from indicators.models import Indicator
from units.admin import PortalAdminMixin
from units.permissions import Action


@admin.register(Indicator)
class IndicatorAdmin(PortalAdminMixin, FoldedSearchAdminMixin, admin.ModelAdmin):
    manage_action = Action.DIRECTIVE_MANAGE
    list_display = ("code", "name", "kind", "display_unit", "higher_is_better")
    list_filter = ("kind", "higher_is_better")
