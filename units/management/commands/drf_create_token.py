"""`python manage.py drf_create_token USER` (the API contract's command, kept from DRF's token
app): a new django-rest-knox token for USER, printed once; it expires like any other."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.tokens import token_issue


class Command(BaseCommand):
    help = "Create an API token for a user (valid CHITIEU_API_TOKEN_DAYS days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(options["username"])
        except user_model.DoesNotExist:
            raise CommandError(f"Không có người dùng {options['username']!r}.") from None
        token, key = token_issue(user=user)
        self.stdout.write(f"Generated token {key} for user {user.get_username()} "
                          f"(expires {token.expiry:%Y-%m-%d %H:%M %Z})")  # fmt: skip
