"""Users whose roles must sign in with two factors (CHITIEU_TWO_FACTOR_ROLES) and have no device
yet are led to enrol one before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from units.two_factor import must_enrol

# What such a user may still reach: the enrolment page, signing out, the files the pages use.
_OPEN_NAMES = ("account:two_factor", "logout", "set_language")


class TwoFactorEnrolmentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not self._open(request) and must_enrol(request.user):
            if request.path.startswith("/api/"):
                message = _("Tài khoản này phải bật xác thực hai lớp: hãy cài đặt trên cổng trước.")
                return JsonResponse({"detail": message}, status=403)
            return redirect(reverse("account:two_factor"))
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith((settings.STATIC_URL, "/i18n/")):
            return True
        return request.path in {reverse(name) for name in _OPEN_NAMES}
