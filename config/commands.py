"""What the import commands share: reading the file and reporting a refused import."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from config.errors import ImportRejected


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Không đọc được tệp %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from None


def rejected_as_command_error(error: ImportRejected, filename: str) -> CommandError:
    lines = [f"{filename}: {error.message}"]
    lines += [f"  - {problem}" for problem in error.problems]
    return CommandError("\n".join(lines))
