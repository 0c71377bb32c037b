"""Password rules in the portal's language (Django's Vietnamese catalogue lacks this message)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(n)d ký tự.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(n)d ký tự.") % {"n": self.min_length}
