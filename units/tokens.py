"""API tokens (django-rest-knox): issued for a password (and the 2FA code where the account has
a device), listed and revoked by their owner, and all revoked when what proved the owner's
identity changes: the password, the two-factor device, the account's activity.

The views that make those changes call `tokens_revoke_all` themselves (no signal does it)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

if TYPE_CHECKING:
    from units.models import User


def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new token for `user`, valid CHITIEU_API_TOKEN_DAYS; the key is shown once (only its
    hash is kept)."""
    lifetime = datetime.timedelta(days=settings.CHITIEU_API_TOKEN_DAYS)
    return AuthToken.objects.create(user=user, expiry=lifetime)


def token_list(*, user: User) -> QuerySet[AuthToken]:
    """The user's tokens still valid, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


@transaction.atomic
def token_revoke(*, user: User, token_key: str) -> int:
    """Revoke the user's token whose key starts with `token_key` (the part a list shows); only
    the user's own. The number revoked: 0 when there was none."""
    deleted, _by_model = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


@transaction.atomic
def tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of `user` (the password or the second factor changed, or the account
    was deactivated): a token made before no longer proves who holds it."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted
