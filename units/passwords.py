"""A password changed by any path (the user's page, the reset link, the admin, `manage.py
changepassword`, a shell) ends every API token of the account: Django calls each configured
password validator's `password_changed` once the new password is saved."""

from __future__ import annotations

from typing import Any

from units.models import User
from units.tokens import tokens_revoke_all


class RevokeTokensOnChange:
    """Validates nothing; its `password_changed` hook revokes the account's tokens."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if isinstance(user, User) and user.pk is not None:
            tokens_revoke_all(user=user)

    def get_help_text(self) -> str:
        return ""
