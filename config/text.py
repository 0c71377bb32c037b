"""Free text from files and forms: control characters are refused, never stored.

PostgreSQL refuses a NUL in text outright (the save would crash), and the other C0/C1 control
characters are invisible junk from broken exports; line breaks and tabs are kept where a field
holds several lines.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.errors import DomainError

_LINE_BREAKS = frozenset("\t\n\r")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text`, written U+XXXX; None when there is none."""
    for char in text:
        if unicodedata.category(char) == "Cc" and not (multiline and char in _LINE_BREAKS):
            return f"U+{ord(char):04X}"
    return None


def control_character_message(char: str) -> str:
    return _("Có ký tự điều khiển %(char)s (ký tự ẩn); hãy xóa ký tự này.") % {"char": char}


def _validate(text: object, *, multiline: bool) -> None:
    if isinstance(text, str) and (char := control_character(text, multiline=multiline)):
        raise ValidationError(control_character_message(char), code="control_character")


def one_line_text(text: object) -> None:
    """The validator of every free-text field of one line (names, numbers of documents): forms,
    serializers and model fields (so the admin too) refuse any control character."""
    _validate(text, multiline=False)


def multi_line_text(text: object) -> None:
    """The validator of every free text of several lines (comments, reasons, notes): line
    breaks and tabs are kept, any other control character refused."""
    _validate(text, multiline=True)


def refuse_control_characters(text: str) -> None:
    """The same rule for a service given text straight from a view: a DomainError."""
    try:
        multi_line_text(text)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from None
