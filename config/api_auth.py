"""The API's token authentication (its own module: DRF imports authentication classes while
it loads its views, so this one may not import them)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from config.audit import audit_actor


class AuditedTokenAuthentication(TokenAuthentication):
    """DRF's token, and its user as the actor of the changes the request makes (AuditlogMiddleware
    ran before the token was read, so it saw an anonymous user)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        if found is not None:
            audit_actor(found[0])
        return found
