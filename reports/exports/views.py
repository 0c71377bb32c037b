"""The download centre: ask for an export, watch its progress (htmx), download, retry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError
from config.paging import paginate
from directives.selectors import directive_list
from reports.compliance.restate import HISTORIC, STRUCTURE_LABELS
from reports.exports.download import export_file_response
from reports.exports.models import CLOSING_MAX, Export
from reports.exports.selectors import (
    closing_drafts,
    export_area_name,
    export_for,
    export_list,
    exports_with_area_names,
    signing_state,
)
from reports.exports.services import export_request, export_retry
from reports.periods.models import Period
from units.permissions import Action, allowed, exportable_units


class ExportForm(forms.Form):
    directive = forms.ModelChoiceField(
        label=gettext_lazy("Văn bản"), queryset=None, empty_label=gettext_lazy("Chọn văn bản…")
    )
    period = forms.ModelChoiceField(
        label=gettext_lazy("Kỳ báo cáo"), queryset=Period.objects.all(),
        empty_label=gettext_lazy("Chọn kỳ báo cáo…"),
    )  # fmt: skip
    # A picker of the units the user may export, by name (units.js filters it as one types,
    # without diacritics too); the value posted is the unit's code, as the API takes it.
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị"), queryset=None, to_field_name="code", required=False,
        empty_label=gettext_lazy("Toàn bộ phạm vi của bạn"),
        widget=forms.Select(attrs={"data-unit-picker": "",
                                   "data-search-placeholder": gettext_lazy("Tìm theo tên đơn vị…")}),
        error_messages={"invalid_choice": gettext_lazy(
            "Đơn vị này không có trong danh sách đơn vị bạn được kết xuất; hãy chọn lại.")},
    )  # fmt: skip
    structure = forms.ChoiceField(
        label=gettext_lazy("Cơ cấu đơn vị"), choices=list(STRUCTURE_LABELS.items()),
        initial=HISTORIC, required=False,
    )  # fmt: skip
    on = forms.DateField(
        label=gettext_lazy("Quy đổi theo cơ cấu ngày (để trống: hôm nay)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    format = forms.ChoiceField(choices=Export.Format.choices, widget=forms.HiddenInput)
    assessment = forms.CharField(
        label=gettext_lazy("Đánh giá chung"), required=False, max_length=CLOSING_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip
    next_steps = forms.CharField(
        label=gettext_lazy("Nhiệm vụ kỳ tới, đề xuất"), required=False, max_length=CLOSING_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )  # fmt: skip
    CLOSING = ("assessment", "next_steps")

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = directive_list(user=user)
        self.fields["unit"].queryset = exportable_units(user).filter(active=True).order_by("name")

    @property
    def choice_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name not in self.CLOSING]

    @property
    def closing_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CLOSING]


def _require_exporter(request: HttpRequest) -> None:
    if not allowed(request.user, Action.EXPORT):
        raise PermissionDenied


def _visible(request: HttpRequest, pk: int) -> Export:
    export = export_for(user=request.user, pk=pk)
    if export is None:
        raise Http404
    return export


@require_http_methods(["GET", "POST"])
@login_required
def export_list_page(request: HttpRequest) -> HttpResponse:
    _require_exporter(request)
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = export_request(
                by=request.user, directive=data["directive"], period=data["period"],
                format=data["format"], unit_code=data["unit"].code if data["unit"] else None,
                structure=data["structure"] or HISTORIC, on=data["on"],
                assessment=data["assessment"], next_steps=data["next_steps"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        except Http404:
            form.add_error("unit", _("%(unit)s không thuộc tỉnh của văn bản này.")
                           % {"unit": data["unit"]})  # fmt: skip
        except PermissionDenied:
            form.add_error("unit", _("Bạn không được kết xuất số liệu của đơn vị này."))
        else:
            return redirect("reports:export_detail", export.pk)
    page = paginate(request, export_list(user=request.user))
    rows = exports_with_area_names(page)
    status = 400 if form.errors else 200
    return render(request, "reports/exports.html", {"form": form, "page": page, "rows": rows},
                  status=status)  # fmt: skip


@require_GET
@login_required
def export_draft(request: HttpRequest) -> HttpResponse:
    """The closing sections drafted for the choices made so far (htmx fills the form's two
    text boxes with them; the officer edits them before asking for the PDF)."""
    _require_exporter(request)
    choices = ExportForm(request.GET, user=request.user)
    choices.is_valid()  # no format is chosen yet: only the directive, period and unit matter
    data, form, note = choices.cleaned_data, ExportForm(user=request.user), ""
    if "directive" not in data or "period" not in data:
        note = _("Chọn văn bản và kỳ báo cáo để lập dự thảo.")
    else:
        try:
            drafts = closing_drafts(
                user=request.user,
                directive=data["directive"],
                period=data["period"],
                unit_code=data["unit"].code if data.get("unit") else "",
            )
        except (Http404, PermissionDenied):
            note = _("Bạn không được kết xuất số liệu của đơn vị này.")
        else:
            form = ExportForm(
                user=request.user, initial=dict(zip(ExportForm.CLOSING, drafts, strict=True))
            )
            note = "" if any(drafts) else _("Kỳ này chưa có số liệu chính thức để lập dự thảo.")
    return render(request, "reports/exports_closing.html", {"form": form, "note": note})


@require_GET
@login_required
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _visible(request, pk)
    signing = signing_state(user=request.user, export=export)
    area_name = export_area_name(export)
    return render(request, "reports/export_detail.html",
                  {"export": export, "signing": signing, "area_name": area_name})  # fmt: skip


@require_GET
@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the detail page htmx polls until the export is done or failed."""
    export = _visible(request, pk)
    signing = signing_state(user=request.user, export=export)
    return render(
        request, "reports/export_detail_status.html", {"export": export, "signing": signing}
    )


@require_GET
@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    return export_file_response(_visible(request, pk))  # permission asked on every download


@require_POST
@login_required
def export_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    export = _visible(request, pk)
    try:
        again = export_retry(export=export, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:export_detail", export.pk)
    return redirect("reports:export_detail", again.pk)


urlpatterns = [
    path("exports/", export_list_page, name="exports"),
    path("exports/draft/", export_draft, name="export_draft"),
    path("exports/<int:pk>/", export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", export_status, name="export_status"),
    path("exports/<int:pk>/download/", export_download, name="export_download"),
    path("exports/<int:pk>/retry/", export_retry_view, name="export_retry"),
]
