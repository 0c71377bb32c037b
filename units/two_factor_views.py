"""The user's own two-factor page: enrol a TOTP device (QR code, then a code from the app; the
backup codes are shown once), or remove it with a current code."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from config.errors import DomainError
from units.two_factor import (
    pending_totp_device,
    qr_code_data_uri,
    secret_for_typing,
    two_factor_enrol,
    two_factor_remove,
    two_factor_required,
)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    required = two_factor_required(user)
    if user_has_device(user, confirmed=True):
        return render(request, "units/two_factor.html", {"enrolled": True, "required": required})
    error = ""
    if request.method == "POST":
        try:
            device, codes = two_factor_enrol(user=user, code=request.POST.get("otp_token", ""))
        except DomainError as refusal:
            error = refusal.message
        else:
            django_otp.login(request, device)  # this session proved the second factor
            context = {"enrolled": True, "backup_codes": codes, "required": required}
            return render(request, "units/two_factor.html", context)
    device = pending_totp_device(user=user)
    context = {"enrolled": False, "required": required, "error": error,
               "qr_code": qr_code_data_uri(device), "secret": secret_for_typing(device)}  # fmt: skip
    return render(request, "units/two_factor.html", context, status=400 if error else 200)


@require_POST
@login_required
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    try:
        two_factor_remove(user=request.user, code=request.POST.get("otp_token", ""))
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Đã tắt xác thực hai lớp; các mã truy cập API cũ đã bị thu hồi.")
        )
    return redirect("account:two_factor")
