"""Two-factor login (django-otp): a user enrols their own TOTP device (an authenticator app
scans its QR code) and gets one-use backup codes; roles listed in CHITIEU_TWO_FACTOR_ROLES must
have one. Enrolling or removing a device revokes every API token of the user (a token made
before proves less than the login now asks)."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.auth import SecondFactorRefused, verified_device
from config.errors import DomainError
from units.models import Membership
from units.tokens import tokens_revoke_all

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User

BACKUP_CODES = 10
DEVICE_NAME = "Ứng dụng xác thực"


def two_factor_required(user: User | AnonymousUser) -> bool:
    """Whether the user's roles oblige them to sign in with a second factor (superusers count as
    admins)."""
    roles = set(settings.CHITIEU_TWO_FACTOR_ROLES)
    if not roles or not user.is_authenticated:
        return False
    if user.is_superuser and "admin" in roles:
        return True
    return Membership.objects.filter(user=user, role__in=roles).exists()


def must_enrol(user: User | AnonymousUser) -> bool:
    return two_factor_required(user) and not user_has_device(user, confirmed=True)


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The device being enrolled (not yet confirmed by a code), made on first ask: its key is
    kept between showing the QR code and confirming it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code, inline (the CSP allows data: images only)."""
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def two_factor_enrol(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; the earlier devices give way to it.
    Returns it and new backup codes (shown once). Every API token of the user is revoked."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise DomainError(_("Hãy mở lại trang cài đặt xác thực hai lớp và quét mã QR mới."))
    if not device.verify_token(code.strip()):
        raise DomainError(
            _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trong ứng dụng.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    tokens_revoke_all(user=user)
    return device, codes


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    codes = [StaticToken.random_token() for _n in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_remove(*, user: User, code: str) -> None:
    """Turn two-factor login off with a current code (or a backup code); every API token of the
    user is revoked. A role that requires it will be led to enrol again."""
    try:
        verified_device(user, code)
    except SecondFactorRefused as refusal:
        raise DomainError(refusal.message) from None
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    tokens_revoke_all(user=user)
