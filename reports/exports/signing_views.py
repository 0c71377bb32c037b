"""Signing an official report (DIC officers), its signed file, and the public verify page where
anyone with a PDF checks its signatures."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.api_parsers import MULTIPART_ENVELOPE, request_length
from config.errors import DomainError
from reports.exports.api_verify import VerifyThrottle
from reports.exports.download import signed_file_response
from reports.exports.models import Export
from reports.exports.selectors import export_for
from reports.exports.signing import export_sign
from reports.exports.verification import verify_pdf


def _visible(request: HttpRequest, pk: int) -> Export:
    export = export_for(user=request.user, pk=pk)
    if export is None:
        raise Http404
    return export


@require_POST
@login_required
def export_sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    export = _visible(request, pk)
    try:
        export_sign(export=export, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ký số báo cáo."))
    return redirect("reports:export_detail", export.pk)


@require_GET
@login_required
def export_signed_download(request: HttpRequest, pk: int) -> FileResponse:
    return signed_file_response(_visible(request, pk))  # permission asked on every download


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CHITIEU_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB.")
                % {"mb": settings.CHITIEU_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Open to anyone (no login): the file is read, answered, and not kept."""
    context = {"form": VerifyForm(), "verdict": None, "refused": None}
    if request.method == "GET":
        return render(request, "reports/verify.html", context)
    if not VerifyThrottle().allow_request(request, None):
        context["refused"] = _("Quá nhiều lần kiểm tra; hãy thử lại sau.")
        return render(request, "reports/verify.html", context, status=429)
    limit = settings.CHITIEU_MAX_UPLOAD_BYTES
    if request_length(request) > limit + MULTIPART_ENVELOPE:  # refused before it is read
        context["refused"] = _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        return render(request, "reports/verify.html", context, status=400)
    form = context["form"] = VerifyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            context["verdict"] = verify_pdf(form.cleaned_data["file"].read())
        except DomainError as error:
            form.add_error("file", error.message)
    status = 400 if form.errors else 200
    return render(request, "reports/verify.html", context, status=status)


urlpatterns = [
    path("exports/<int:pk>/sign/", export_sign_view, name="export_sign"),
    path("exports/<int:pk>/signed/", export_signed_download, name="export_signed_download"),
    path("verify/", verify_page, name="verify"),
]
