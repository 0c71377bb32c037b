"""The API's tokens: one issued for a password (and the two-factor code where the account has a
device) at POST /api/v1/auth/token/, listed and revoked by their owner at /api/v1/auth/tokens/.
Only a token's first characters (`token_key`) are kept readable: the key itself is shown once."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django_otp import user_has_device
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from config.api_parsers import JsonParser
from config.auth import SecondFactorRefused, verified_device
from units.tokens import token_issue, token_list, token_revoke
from units.two_factor import must_enrol


class TokenRequestSerializer(AuthTokenSerializer):
    """The password and, for an account with two-factor login on, the current code of its
    authenticator app: a token opens the same data as a login, so it asks the same."""

    otp_token = serializers.CharField(
        required=False, allow_blank=True, max_length=8, write_only=True,
        help_text="The current code of the authenticator app; required once two-factor login is on.",
    )  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if must_enrol(attrs["user"]):
            message = _("Tài khoản này phải bật xác thực hai lớp: hãy cài đặt trên cổng trước.")
            raise serializers.ValidationError({"otp_token": [message]})
        if user_has_device(attrs["user"]):
            try:
                verified_device(attrs["user"], attrs.get("otp_token", ""))
            except SecondFactorRefused as refusal:
                raise serializers.ValidationError({"otp_token": [refusal.message]}) from None
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once.")
    expiry = serializers.DateTimeField(help_text="The token stops working after this moment.")


class TokenView(APIView):
    """`username`, `password` and, where the account has two-factor login on, `otp_token` (the
    current code of its authenticator app; each code works once) give a new token, valid for
    CHITIEU_API_TOKEN_DAYS, in JSON or a form; throttled per address. A missing or wrong code
    is a 400 on `otp_token`. A password change or reset, a change of two-factor device and
    deactivation revoke every token of the account."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    parser_classes = [JsonParser, parsers.FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = TokenRequestSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        token, key = token_issue(user=given.validated_data["user"])
        return Response(TokenSerializer({"token": key, "expiry": token.expiry}).data)


class TokenListedSerializer(serializers.Serializer):
    token_key = serializers.CharField(help_text="The token's first characters, to tell it apart.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()


class TokenListView(APIView):
    """The caller's valid tokens (never their keys, only their first characters)."""

    @extend_schema(responses={200: TokenListedSerializer(many=True)})
    def get(self, request: Request) -> Response:
        tokens = token_list(user=request.user)
        return Response(TokenListedSerializer(tokens, many=True).data)


class TokenRevokeView(APIView):
    """Revoke one of the caller's tokens by its `token_key`; another user's is a 404."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, token_key: str) -> Response:
        if not token_revoke(user=request.user, token_key=token_key):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
