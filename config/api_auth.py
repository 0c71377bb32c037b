"""The API's token authentication (its own module: DRF imports authentication classes while
it loads its views, so this one may not import them)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework.request import Request

from config.audit import audit_actor


class AuditedTokenAuthentication(TokenAuthentication):
    """A django-rest-knox token (`Authorization: Token <key>`: stored hashed, expiring), and its
    user as the actor of the changes the request makes (AuditlogMiddleware ran before the token
    was read, so it saw an anonymous user)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        if found is not None:
            audit_actor(found[0])
        return found


class AuditedTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for it, as it was with DRF's tokens: `tokenAuth`, `Token <key>`."""

    target_class = AuditedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
