"""A password changed by any path (the user's page, the reset link, the admin, `manage.py
changepassword`, a shell) ends every API token of the account: Django calls each configured
password validator's `password_changed` once the new password is saved."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator

from units.models import User
from units.tokens import tokens_revoke_all


class SimilarityValidatorRevokingTokens(UserAttributeSimilarityValidator):
    """Django's rule (a password not like the username or e-mail), and on a change the
    account's tokens revoked: a hook on a validator the portal has anyway."""

    def password_changed(self, password: str, user: Any = None) -> None:
        if isinstance(user, User) and user.pk is not None:
            tokens_revoke_all(user=user)
