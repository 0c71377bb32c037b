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

    An admin turns two-factor login on for a user by adding a TOTP device in the admin
    (django-otp); the user scans its QR code with an authenticator app.
    """

    otp_token = forms.CharField(required=False, max_length=8)
    otp_error: str = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            # django-otp marks the session verified on login when the user carries its device.
            user.otp_device = self._verified_device(user, cleaned.get("otp_token", "").strip())
        return cleaned

    def _verified_device(self, user: Any, token: str) -> Any:
        if not token:
            self._refuse(
                _(
                    "Tài khoản này đã bật xác thực hai lớp: hãy nhập mã 6 số trong ứng dụng xác thực."
                )
            )
        with transaction.atomic():  # devices are locked while a code is checked
            for device in devices_for_user(user, for_verify=True):
                allowed, _details = device.verify_is_allowed()
                if allowed and device.verify_token(token):
                    return device
        self._refuse(
            _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trong ứng dụng.")
        )
        return None  # unreachable: _refuse raises

    def _refuse(self, message: str) -> None:
        self.otp_error = message
        raise forms.ValidationError(message, code="otp")
