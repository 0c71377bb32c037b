"""The typed checks every part of a directive file goes through: the shared YAML checks
(text, date, number, choice…, config.yamlfile) plus the province's levels."""

from __future__ import annotations

from config.yamlfile import Path, YamlChecker
from units.models import Level


class FieldChecker(YamlChecker):
    """Checks one value's shape and type at a path, collecting located problems."""

    def __init__(self, lines: dict[Path, int]) -> None:
        super().__init__(lines)
        self.levels = set(Level.objects.values_list("code", flat=True))
