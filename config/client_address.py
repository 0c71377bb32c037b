"""The client's address, read one way by the login lock-out, the change log and the throttles."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind CHITIEU_TRUSTED_PROXIES reverse proxies, the address the outermost
    of them saw. X-Forwarded-For is read from the right: each proxy appends the address it was
    reached from, and whatever stands further left the client wrote itself."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.CHITIEU_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
