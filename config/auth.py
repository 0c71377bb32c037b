"""The login form (password, then a two-factor code where the account has a device) and the
lock-out page (django-axes calls `lockout_response` when an account is locked)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The login page's answer while locked: why, and for how long, in the user's language."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)


class LoginForm(AuthenticationForm):
    """The password, then, for an account with two-factor login on, the code from its app.

    Users enrol their own TOTP device at /account/two-factor/ (units.two_factor), which also
    gives them backup codes (a static device): both are tried here.
    """

    otp_token = forms.CharField(required=False, max_length=8)
    otp_error: str = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            try:
                # django-otp marks the session verified on login when the user carries its device.
                user.otp_device = verified_device(user, cleaned.get("otp_token", ""))
            except SecondFactorRefused as refusal:
                self.otp_error = refusal.message
                raise forms.ValidationError(refusal.message, code="otp") from None
        return cleaned


class SecondFactorRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def verified_device(user: Any, token: str) -> Device:
    """The user's device that accepts `token` now (each code works once), for the portal login
    and the API's token alike; SecondFactorRefused says why not, in the user's language."""
    token = token.strip()
    if not token:
        raise SecondFactorRefused(
            _("Tài khoản này đã bật xác thực hai lớp: hãy nhập mã 6 số trong ứng dụng xác thực.")
        )
    with transaction.atomic():  # devices are locked while a code is checked
        for device in devices_for_user(user, for_verify=True):
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    raise SecondFactorRefused(
        _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trong ứng dụng.")
    )
