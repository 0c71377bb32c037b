"""Parse and check a directive file (format chitieu/directive@1) without writing anything.

Every problem is collected with its path (e.g. `tasks[3].targets[0].indicator`) and line, so
an officer can fix the whole file in one go. schema: the format and the specs it becomes;
the YAML with lines comes from config.yamlfile; fields: the typed checks; checker: the content's checks.
"""

from directives.importers.checker import parse_directive_yaml
from directives.importers.schema import (
    DirectiveSpec,
    IndicatorSpec,
    Selector,
    TargetSpec,
    TaskSpec,
)

__all__ = [
    "DirectiveSpec",
    "IndicatorSpec",
    "Selector",
    "TargetSpec",
    "TaskSpec",
    "parse_directive_yaml",
]
