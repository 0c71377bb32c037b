"""A user's own account: API tokens (listed, revoked), password change, and the wrapped password
reset; a changed password revokes every API token (an explicit call, not a signal)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units.tokens import token_list, token_revoke, tokens_revoke_all


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens, each revocable (a POST of its `token_key`, or `all`)."""
    if request.method == "POST":
        key, user = request.POST.get("token_key", ""), request.user
        count = (
            tokens_revoke_all(user=user) if key == "all" else token_revoke(user=user, token_key=key)
        )
        if count:
            messages.success(request, _("Đã thu hồi %(n)s mã truy cập API.") % {"n": count})
        else:
            messages.error(request, _("Không tìm thấy mã truy cập này."))
        return redirect("account:tokens")
    listed = token_list(user=request.user)
    context = {"tokens": listed, "days": settings.CHITIEU_API_TOKEN_DAYS}
    return render(request, "units/account_tokens.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, then every API token of the user revoked."""

    template_name = "units/account_password.html"
    success_url = reverse_lazy("account:tokens")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        tokens_revoke_all(user=form.user)
        messages.success(self.request, _("Đã đổi mật khẩu; các mã truy cập API cũ đã bị thu hồi."))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's password reset by e-mailed link, then every API token of the user revoked: whoever
    had the old password may have made one."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        tokens_revoke_all(user=form.user)
        return response
