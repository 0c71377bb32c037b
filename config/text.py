"""Free text from files and forms: control characters are refused, never stored.

PostgreSQL refuses a NUL in text outright (the save would crash), and the other C0/C1 control
characters are invisible junk from broken exports; line breaks and tabs are kept where a field
holds several lines.
"""

from __future__ import annotations

import unicodedata

_LINE_BREAKS = frozenset("\t\n\r")


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text`, written U+XXXX; None when there is none."""
    for char in text:
        if unicodedata.category(char) == "Cc" and not (multiline and char in _LINE_BREAKS):
            return f"U+{ord(char):04X}"
    return None
