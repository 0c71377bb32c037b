"""How management commands report an import that was refused."""

from __future__ import annotations

from django.core.management.base import CommandError

from config.errors import ImportRejected


def rejected_as_command_error(error: ImportRejected, filename: str) -> CommandError:
    lines = [f"{filename}: {error.message}"]
    lines += [f"  - {problem}" for problem in error.problems]
    return CommandError("\n".join(lines))
