"""The task board page (URL name `directives:task_board`): each task's progress as its units
report it. It reads reports, so it sits in the submissions domain; directives/urls.py routes it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from config.paging import paginate
from directives import selectors
from directives.deadlines import STATUS_LABELS
from directives.models import Directive
from reports.submissions.task_board import BOARD_ROLES, BoardFilters, may_see_task_board, task_board
from units import permissions
from units.models import Level, Unit
from units.permissions import Action


class TaskBoardFilterForm(forms.Form):
    """The task board's filters, read from the query string so a filtered board is a link.

    Statuses are judged on each read, not stored, so these filter computed rows rather than a
    queryset: a plain form, not a django-filter FilterSet.
    """

    directive = forms.ModelChoiceField(
        label=_("Văn bản"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=_("Tất cả văn bản"),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị (cả đơn vị trực thuộc)"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    level = forms.ModelChoiceField(
        label=_("Cấp"),
        queryset=Level.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tất cả"),
    )
    status = forms.ChoiceField(
        label=_("Tình hình"),
        choices=[("", _("Tất cả")), *STATUS_LABELS.items(), ("due_soon", _("Sắp đến hạn"))],
        required=False,
    )
    due_month = forms.DateField(
        label=_("Hạn trong tháng"),
        input_formats=["%Y-%m", "%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        required=False,
        error_messages={"invalid": _("Nhập tháng dạng 07/2016.")},
    )

    def __init__(
        self,
        *args: Any,
        directives: QuerySet[Directive],
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = directives
        self.fields["unit"].queryset = units

    def filters(self) -> BoardFilters:
        """The filters; call after is_valid(). Invalid fields are left out (and shown)."""
        data = self.cleaned_data
        return BoardFilters(
            directive=data.get("directive"),
            unit=data.get("unit"),
            level=data.get("level"),
            status=data.get("status") or "",
            due_month=data.get("due_month"),
        )


def board_defaults(
    query: QueryDict, *, directives: QuerySet[Directive], units: QuerySet[Unit]
) -> QueryDict:
    """A board opened without a choice shows the directive in force issued last and the
    user's whole area, not every assignment of every directive; an empty choice in the
    query string ("Tất cả") still shows them all."""
    query = query.copy()
    today = timezone.localdate()
    if "directive" not in query:
        current = (
            directives.filter(effective_from__lte=today)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
            .order_by("-issued_on", "-pk")
            .first()
        )
        query["directive"] = str(current.pk) if current else ""
    if "unit" not in query:
        top = min(units.with_tree_fields(), key=lambda u: len(u.tree_path), default=None)
        query["unit"] = top.code if top else ""
    return query


@require_GET
@login_required
def task_board_view(request: HttpRequest) -> HttpResponse:
    if not may_see_task_board(request.user):
        raise PermissionDenied
    directives = selectors.directive_list(user=request.user)
    units = permissions.units_where(request.user, BOARD_ROLES)
    form = TaskBoardFilterForm(
        board_defaults(request.GET, directives=directives, units=units),
        directives=directives,
        units=units,
    )
    form.is_valid()
    rows = task_board(
        user=request.user,
        filters=form.filters(),
        due_soon_days=settings.CHITIEU_TASK_DUE_SOON_DAYS,
    )
    page = paginate(request, rows)
    may_extend = permissions.allowed(request.user, Action.DIRECTIVE_MANAGE)
    context = {"filter": form, "page": page, "may_extend": may_extend}
    return render(request, "directives/task_board.html", context)
