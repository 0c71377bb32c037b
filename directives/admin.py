from __future__ import annotations

import nested_admin
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.search import FoldedSearchAdminMixin
from directives import selectors
from directives.forms import DirectiveAdminForm, TaskAdminForm
from directives.models import Directive, Target, TargetScope, Task, TaskAssignee
from directives.services import directive_targets_changed
from indicators.models import Indicator
from indicators.selectors import indicator_list
from units.admin import PortalAdminMixin, ScopedChoicesMixin
from units.permissions import Action, allowed


class DirectiveChoicesMixin(ScopedChoicesMixin):
    """Units, and directives too: a task goes only into a directive the user manages."""

    choice_scopes = {
        **ScopedChoicesMixin.choice_scopes,
        Directive: lambda user: selectors.directive_manageable_list(user=user),
        Indicator: lambda user: indicator_list(user=user),
    }


class TargetScopeInline(DirectiveChoicesMixin, nested_admin.NestedTabularInline):
    model = TargetScope
    extra = 0
    autocomplete_fields = ("unit",)


class TargetInline(DirectiveChoicesMixin, nested_admin.NestedStackedInline):
    model = Target
    extra = 0
    autocomplete_fields = ("indicator",)
    inlines = (TargetScopeInline,)
    fields = (
        ("indicator", "op", "value", "due_on"),
        ("judge", "units_share", "change_per_year"),
        ("weight", "featured", "position"),
    )


class TaskAssigneeInline(DirectiveChoicesMixin, nested_admin.NestedTabularInline):
    model = TaskAssignee
    extra = 0
    autocomplete_fields = ("unit",)


class TaskInline(DirectiveChoicesMixin, nested_admin.NestedStackedInline):
    model = Task
    form = TaskAdminForm
    extra = 0
    fields = (("number", "due_on", "position"), "title")
    inlines = (TaskAssigneeInline, TargetInline)


@admin.register(Directive)
class DirectiveAdmin(
    DirectiveChoicesMixin, PortalAdminMixin, FoldedSearchAdminMixin, nested_admin.NestedModelAdmin
):
    """A directive with its tasks, their units and targets, on one page."""

    manage_action = Action.DIRECTIVE_MANAGE
    form = DirectiveAdminForm
    list_display = ("code", "kind", "title", "issued_on", "report_to")
    list_filter = ("kind", "issued_on")
    list_select_related = ("report_to",)
    autocomplete_fields = ("report_to",)
    inlines = (TaskInline,)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        directive_targets_changed(directive=form.instance)

    def rows(self, request: HttpRequest):
        return selectors.directive_list(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return allowed(request.user, Action.DIRECTIVE_MANAGE, obj)

    def get_fields(self, request: HttpRequest, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        # A read-only page would link the stored file to MEDIA_URL, which nothing serves.
        return ["source_document_link" if name == "source_document" else name for name in fields]

    @admin.display(description=_("tệp văn bản gốc"))
    def source_document_link(self, directive: Directive) -> str:
        if not directive.source_document:
            return "-"
        url = reverse("directives:source_document", args=[directive.pk])
        return format_html('<a href="{}">{}</a>', url, directive.source_document.name)


@admin.register(Task)
class TaskAdmin(
    DirectiveChoicesMixin, PortalAdminMixin, FoldedSearchAdminMixin, nested_admin.NestedModelAdmin
):
    manage_action = Action.DIRECTIVE_MANAGE
    form = TaskAdminForm
    list_display = ("number", "title", "directive", "due_on")
    list_filter = ("directive",)
    list_select_related = ("directive",)
    inlines = (TaskAssigneeInline, TargetInline)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        directive_targets_changed(directive=form.instance.directive)

    def rows(self, request: HttpRequest):
        return selectors.task_list(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return allowed(request.user, Action.DIRECTIVE_MANAGE, obj and obj.directive)
